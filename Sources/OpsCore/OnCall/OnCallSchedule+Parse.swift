import Foundation

/// The schedule file: text like the routing file, every problem reported as "file:line".
///
///     # schedule NAME team TEAM tz ZONE
///     schedule sre-primary team sre tz America/New_York
///     # layer NAME priority P every daily|weekly|Nh start YYYY-MM-DD handoff HH:MM people LOGIN[,LOGIN…] [restrict business-hours|weekends]
///     layer base priority 1 every weekly start 2026-11-30 handoff 09:00 people alice,bob,carol
///     layer days priority 2 every daily start 2026-11-30 handoff 09:00 people dave restrict business-hours
///
/// A file may hold several schedules; layers belong to the `schedule` line above them.
/// Higher priority wins; two layers of one priority must not be able to overlap (they
/// may when one is unrestricted or both have the same restriction).
extension OnCallSchedule {
    /// The largest schedule file parsed.
    public static let maxBytes = 1_048_576
    public static let maxLayers = 20
    public static let maxParticipants = 100

    public static func parse(_ text: String, file: String = "schedule") throws(OpsError) -> [OnCallSchedule] {
        let size = text.utf8.count
        guard size <= maxBytes else {
            throw .invalid(field: file, message: "the file is \(size) bytes, over the \(maxBytes)-byte limit for a schedule file.")
        }
        var schedules: [OnCallSchedule] = []
        var errors: [FieldError] = []
        func fail(_ line: Int, _ message: String) { errors.append(FieldError(field: "\(file):\(line)", message: message)) }
        var broken = false
        var failedLayers = Set<String>()
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let number = index + 1
            var line = String(rawLine)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.unicodeScalars.contains(where: { Printable.isForbidden($0) && $0 != "\t" }) {
                fail(number, "the line contains control or escape characters."); continue
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            switch words[0] {
            case "schedule":
                broken = true
                guard words.count == 6, words[2] == "team", words[4] == "tz" else {
                    fail(number, "write: schedule NAME team TEAM tz ZONE (e.g. schedule sre-primary team sre tz Europe/Berlin)."); continue
                }
                if let problem = nameProblem(words[1]) { fail(number, problem); continue }
                if let e = StaffValidation.team(words[3]) { fail(number, e.message); continue }
                guard ZoneClock.shared(words[5]) != nil else {
                    fail(number, "\(Printable.excerpt(words[5])) is not an IANA time zone (e.g. America/New_York, Europe/Berlin, UTC)."); continue
                }
                if schedules.contains(where: { $0.name == words[1] }) { fail(number, "the schedule \(words[1]) is defined twice."); continue }
                schedules.append(OnCallSchedule(name: words[1], team: words[3].lowercased(), timeZone: words[5], line: number))
                broken = false
            case "layer":
                guard !schedules.isEmpty else { fail(number, "a layer needs a schedule line above it."); continue }
                if broken { continue }
                switch parseLayer(words) {
                case let .success(layer):
                    if schedules[schedules.count - 1].layers.count >= maxLayers { fail(number, "a schedule has at most \(maxLayers) layers."); continue }
                    var layer = layer
                    layer.line = number
                    let current = schedules[schedules.count - 1]
                    if current.layers.contains(where: { $0.name == layer.name }) { fail(number, "the layer \(layer.name) is defined twice in \(current.name)."); continue }
                    if let clash = current.layers.first(where: { $0.priority == layer.priority && Restriction.overlap($0.restriction, layer.restriction) }) {
                        fail(number, "the layers \(clash.name) (line \(clash.line)) and \(layer.name) both have priority \(layer.priority) and can overlap; give one a higher priority.")
                        continue
                    }
                    schedules[schedules.count - 1].layers.append(layer)
                case let .failure(problem):
                    failedLayers.insert(schedules[schedules.count - 1].name)
                    fail(number, problem.message)
                }
            default:
                fail(number, "unknown directive \(Printable.excerpt(words[0])); lines start with schedule or layer.")
            }
        }
        for schedule in schedules where schedule.layers.isEmpty && !failedLayers.contains(schedule.name) {
            fail(schedule.line, "the schedule \(schedule.name) has no layers.")
        }
        if schedules.isEmpty, errors.isEmpty { fail(1, "the file defines no schedule; start with: schedule NAME team TEAM tz ZONE.") }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return schedules
    }

    struct Problem: Error { var message: String }

    static func parseLayer(_ words: [String]) -> Result<Layer, Problem> {
        let usage = "write: layer NAME priority P every daily|weekly|Nh start YYYY-MM-DD handoff HH:MM people LOGIN[,LOGIN…] [restrict business-hours|weekends]."
        guard words.count >= 2, words.count % 2 == 0 else { return .failure(Problem(message: usage)) }
        if let problem = nameProblem(words[1]) { return .failure(Problem(message: problem)) }
        var fields: [String: String] = [:]
        for i in stride(from: 2, to: words.count, by: 2) {
            let key = words[i]
            guard ["priority", "every", "start", "handoff", "people", "restrict"].contains(key) else {
                return .failure(Problem(message: "unknown layer field \(Printable.excerpt(key)); \(usage)"))
            }
            guard fields[key] == nil else { return .failure(Problem(message: "the field \(key) is given twice.")) }
            fields[key] = words[i + 1]
        }
        guard let p = fields["priority"], let priority = Int(p), (1...99).contains(priority) else {
            return .failure(Problem(message: "the priority must be a number from 1 to 99 (higher wins)."))
        }
        guard let e = fields["every"], let length = RotationLength(e) else {
            return .failure(Problem(message: "every must be daily, weekly or a number of hours from 1h to 168h."))
        }
        guard let s = fields["start"], let start = CivilDate(s) else {
            return .failure(Problem(message: "start must be a date like 2026-11-30 (the first shift's local date)."))
        }
        guard let h = fields["handoff"], let minute = parseClock(h) else {
            return .failure(Problem(message: "handoff must be a local time like 09:00."))
        }
        guard let people = fields["people"] else {
            return .failure(Problem(message: "the rotation has no participants; add people LOGIN[,LOGIN…]."))
        }
        let logins = people.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if logins.isEmpty || logins.contains(where: \.isEmpty) {
            return .failure(Problem(message: "the rotation has no participants or an empty name in \(Printable.excerpt(people))."))
        }
        if let bad = logins.first(where: { StaffValidation.login($0) != nil }) {
            return .failure(Problem(message: "\(Printable.excerpt(bad)) is not a login."))
        }
        if logins.count > maxParticipants { return .failure(Problem(message: "a rotation has at most \(maxParticipants) participants.")) }
        var restriction: Restriction?
        if let r = fields["restrict"] {
            guard let parsed = Restriction(rawValue: r) else {
                return .failure(Problem(message: "restrict must be business-hours or weekends."))
            }
            restriction = parsed
        }
        return .success(Layer(name: words[1], priority: priority, participants: logins, length: length, start: start,
                              handoffMinute: minute, restriction: restriction))
    }

    /// "09:00" → 540.
    static func parseClock(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// Schedule and layer names: 1–40 of a-z, 0-9, '-' and '_'.
    public static func nameProblem(_ name: String) -> String? {
        let ok = !name.isEmpty && name.unicodeScalars.count <= 40
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        return ok ? nil : "\(Printable.excerpt(name)) is not a name; use 1–40 of a-z, 0-9, '-' and '_'."
    }

    /// The canonical text of this schedule (what the store keeps and `schedule show` prints).
    public var text: String {
        var lines = ["schedule \(name) team \(team) tz \(timeZone)"]
        for layer in layers {
            var words = ["layer", layer.name, "priority", "\(layer.priority)", "every", layer.length.description,
                         "start", layer.start.description, "handoff", String(format: "%02d:%02d", layer.handoffMinute / 60, layer.handoffMinute % 60),
                         "people", layer.participants.joined(separator: ",")]
            if let r = layer.restriction { words += ["restrict", r.rawValue] }
            lines.append(words.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
