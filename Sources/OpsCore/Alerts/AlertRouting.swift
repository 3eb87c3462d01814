import Foundation

/// Which team owns an alert, and who is paged at each escalation level. Read from a
/// human-edited text file (see Config/alert-routing.conf) and kept in the store so the
/// collector, the CLI and every console agree:
///
///     # first matching route wins; "*" matches everything
///     route mta        service="mta"
///     route infra      severity="critical", service=~"db|host"
///     route ops        *
///     # escalate TEAM LEVEL LOGIN[,LOGIN…] AFTER: paged at LEVEL; unacknowledged for
///     # AFTER, the alert moves on to the next level
///     escalate mta 1 alice 10m
///     escalate mta 2 bob,carol 30m
///     # a level may also page a webhook channel the operator configured (see WebhookChannel)
///     escalate infra 1 dave,webhook:oncall-slack 15m
///     # or whoever an on-call schedule (pmops oncall schedule load) names at that moment;
///     # a level where nobody is on call escalates to the next level at once
///     escalate sre 1 schedule:sre-primary 15m
public struct AlertRouting: Sendable, Equatable {
    public struct Route: Sendable, Equatable {
        public var team: String
        /// Empty: matches everything.
        public var matchers: [LabelMatcher]
        public var line: Int
        public init(team: String, matchers: [LabelMatcher], line: Int = 0) {
            self.team = team
            self.matchers = matchers
            self.line = line
        }
    }

    public struct Level: Sendable, Equatable {
        public var team: String
        public var level: Int
        public var notify: [String]
        /// Unacknowledged this long at this level → the next level.
        public var after: TimeInterval
        public var line: Int
        public init(team: String, level: Int, notify: [String], after: TimeInterval, line: Int = 0) {
            self.team = team
            self.level = level
            self.notify = notify
            self.after = after
            self.line = line
        }
    }

    public var routes: [Route]
    public var levels: [Level]

    public init(routes: [Route] = [], levels: [Level] = []) {
        self.routes = routes
        self.levels = levels
    }

    /// The team of the first matching route; severity is matched as the `severity` label.
    public func team(for labels: [String: String], severity: String) -> String? {
        var all = labels
        if all["severity"] == nil { all["severity"] = severity }
        return routes.first { $0.matchers.matches(all) }?.team
    }

    /// The levels of a team, in order.
    public func policy(team: String) -> [Level] {
        levels.filter { $0.team == team }.sorted { $0.level < $1.level }
    }

    /// Every level that pages `login`, by team then level.
    public func levels(paging login: String) -> [Level] {
        levels.filter { $0.notify.contains(login) }.sorted { ($0.team, $0.level) < ($1.team, $1.level) }
    }

    /// The webhook channels the levels name, each once, sorted.
    public var webhookChannels: [String] {
        Array(Set(levels.flatMap { $0.notify.compactMap(WebhookChannel.channel(inEntry:)) })).sorted()
    }

    /// How a level names an on-call schedule among its logins.
    public static let schedulePrefix = "schedule:"

    /// The schedule a routing entry names (`schedule:NAME` → NAME), nil otherwise.
    public static func schedule(inEntry entry: String) -> String? {
        entry.hasPrefix(schedulePrefix) ? String(entry.dropFirst(schedulePrefix.count)) : nil
    }

    /// Every level that pages through `schedule`.
    public func levels(schedule name: String) -> [Level] {
        levels.filter { $0.notify.contains(Self.schedulePrefix + name) }
    }

    public func level(team: String, _ level: Int) -> Level? {
        levels.first { $0.team == team && $0.level == level }
    }

    /// The largest routing file parsed; the shipped one is ~2 KB.
    public static let maxBytes = 1_048_576

    /// Parses the file; every problem is reported as "file:line: what" (all at once).
    public static func parse(_ text: String, file: String = "routing") throws(OpsError) -> AlertRouting {
        let size = text.utf8.count
        guard size <= maxBytes else {
            throw .invalid(field: file, message: "the file is \(size) bytes, over the \(maxBytes)-byte limit for a routing file.")
        }
        var routing = AlertRouting()
        var errors: [FieldError] = []
        func fail(_ line: Int, _ message: String) { errors.append(FieldError(field: "\(file):\(line)", message: message)) }
        var seenLevels = Set<String>()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = String(rawLine)
            line = Self.stripComment(line)
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.unicodeScalars.contains(where: { Printable.isForbidden($0) && $0 != "\t" }) {
                fail(number, "the line contains control or escape characters."); continue
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            switch words[0] {
            case "route":
                guard words.count >= 3 else { fail(number, "write: route TEAM MATCHER[, MATCHER…] (or * for everything)."); continue }
                let team = words[1]
                if let e = StaffValidation.team(team) { fail(number, e.message); continue }
                let rest = line.drop(while: { $0 != " " && $0 != "\t" }).trimmingCharacters(in: .whitespaces)
                let matcherText = rest.drop(while: { $0 != " " && $0 != "\t" }).trimmingCharacters(in: .whitespaces)
                if matcherText == "*" {
                    routing.routes.append(Route(team: team, matchers: [], line: number))
                } else {
                    do { routing.routes.append(Route(team: team, matchers: try LabelMatcher.parseList(matcherText), line: number)) } catch {
                        fail(number, error.fieldErrors.first?.message ?? error.description)
                    }
                }
            case "escalate":
                guard words.count == 5 else { fail(number, "write: escalate TEAM LEVEL LOGIN[,LOGIN…] AFTER (e.g. escalate mta 1 alice 10m)."); continue }
                let team = words[1]
                if let e = StaffValidation.team(team) { fail(number, e.message); continue }
                guard let level = Int(words[2]), (1...9).contains(level) else { fail(number, "the level \(Printable.excerpt(words[2])) must be 1 to 9."); continue }
                let logins = words[3].split(separator: ",").map(String.init)
                if let bad = logins.compactMap(WebhookChannel.channel(inEntry:)).compactMap(WebhookChannel.nameProblem).first {
                    fail(number, bad); continue
                }
                if let bad = logins.compactMap(Self.schedule(inEntry:)).compactMap(OnCallSchedule.nameProblem).first {
                    fail(number, bad); continue
                }
                if logins.isEmpty || logins.contains(where: { WebhookChannel.channel(inEntry: $0) == nil && Self.schedule(inEntry: $0) == nil && StaffValidation.login($0) != nil }) {
                    fail(number, "\(Printable.excerpt(words[3])) is not a comma-separated list of logins, webhook:CHANNEL and schedule:NAME entries."); continue
                }
                guard let after = Duration.parse(words[4]), after >= 60, after <= 7 * 86_400 else {
                    fail(number, "\(Printable.excerpt(words[4])) is not a timeout between 1m and 7d (e.g. 10m, 1h)."); continue
                }
                guard seenLevels.insert("\(team)/\(level)").inserted else { fail(number, "team \(team) already has a level \(level)."); continue }
                routing.levels.append(Level(team: team, level: level, notify: logins, after: after, line: number))
            default:
                fail(number, "unknown directive \(Printable.excerpt(words[0])); lines start with route or escalate.")
            }
        }
        for team in Set(routing.levels.map(\.team)).sorted() {
            let numbers = routing.policy(team: team).map(\.level)
            if numbers != Array(1...numbers.count) {
                fail(routing.policy(team: team).last?.line ?? 0, "team \(team)'s levels must run 1, 2, 3… without gaps (found \(numbers.map(String.init).joined(separator: ", "))).")
            }
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return routing
    }

    /// The canonical text of this routing (what `pmops routing show` prints and the store keeps).
    public var text: String {
        var lines = ["# PenguinOps alert routing: first matching route wins."]
        for route in routes {
            lines.append("route \(route.team) \(route.matchers.isEmpty ? "*" : route.matchers.map(\.description).joined(separator: ", "))")
        }
        for level in levels.sorted(by: { ($0.team, $0.level) < ($1.team, $1.level) }) {
            lines.append("escalate \(level.team) \(level.level) \(level.notify.joined(separator: ",")) \(Self.format(level.after))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Drops a `#` comment that is not inside a quoted value.
    static func stripComment(_ line: String) -> String {
        var inQuote = false
        var escaped = false
        for index in line.indices {
            let ch = line[index]
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "\"" { inQuote.toggle() }
            if ch == "#", !inQuote { return String(line[..<index]) }
        }
        return line
    }

    /// "10m", "1h", "90s": the shortest exact form.
    public static func format(_ seconds: TimeInterval) -> String {
        let s = Int(seconds)
        if s % 86_400 == 0 { return "\(s / 86_400)d" }
        if s % 3600 == 0 { return "\(s / 3600)h" }
        if s % 60 == 0 { return "\(s / 60)m" }
        return "\(s)s"
    }
}
