import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops alerts …`: the alert queue from the command line, on the same service calls as
/// the console (permissions, transitions and audit are enforced there).
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "The alert queue: list, show, acknowledge, resolve, escalate, assign, snooze, close, ingest, stats.",
        subcommands: [List.self, Show.self, Ack.self, Resolve.self, Close.self, Escalate.self, Assign.self, Snooze.self,
                      Note.self, AlertsIngest.self, Stats.self, Tick.self])

    struct IDs: ParsableArguments {
        @Argument(help: ArgumentHelp("Alert ids (a bulk action changes all of them or none).", valueName: "id")) var ids: [Int64]
        func validate() throws {
            if ids.isEmpty { throw ValidationError("Name at least one alert id.") }
            if let bad = ids.first(where: { $0 <= 0 }) { throw ValidationError("'\(bad)' is not an alert id (ids are positive).") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List alerts in queue order (unacknowledged critical first, then oldest).",
            discussion: "By default active alerts (open, acknowledged, snoozed), silenced ones included and marked.")
        @OptionGroup var store: StoreOptions
        @Option(help: "States, comma-separated: open, acknowledged, snoozed, resolved, closed, active or all.") var state = "active"
        @Option(help: "Severities, comma-separated: critical, warning, info.") var severity: String?
        @Option(help: "Only this team.") var team: String?
        @Flag(help: "Only alerts assigned to me.") var mine = false
        @Option(help: "Silenced alerts: include, exclude or only.") var silenced = "include"
        @Option(help: "Case-insensitive text in summary, rule, service or labels.") var search: String?
        @Option(help: "Sort: queue, severity, state, age, service, summary, count, assignee, team, level.") var sort = "queue"
        @Flag(help: "Reverse the sort.") var desc = false
        @Option(help: "At most this many.") var limit = 200
        @Option(help: "Skip this many.") var offset = 0
        @OptionGroup var output: JSONOutput

        func query() throws -> AlertQuery {
            var q = AlertQuery()
            q.states = try AlertsCommand.states(state)
            if let severity {
                q.severities = Set(try severity.split(separator: ",").map { part in
                    let typed = part.trimmingCharacters(in: .whitespaces)
                    guard let s = AlertSeverity(rawValue: typed.lowercased()) else {
                        throw ValidationError("\(Printable.excerpt(typed)) is not a severity; use critical, warning or info.")
                    }
                    return s
                })
            }
            q.team = team
            guard let s = AlertQuery.Silenced(rawValue: silenced) else { throw ValidationError("--silenced must be include, exclude or only.") }
            q.silenced = s
            q.text = search ?? ""
            guard let sortKey = AlertQuery.Sort(rawValue: sort) else {
                throw ValidationError("--sort must be one of \(AlertQuery.Sort.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            q.sort = sortKey
            q.descending = desc
            return q
        }

        func validate() throws {
            _ = try query()
            if limit < 1 || limit > 100_000 { throw ValidationError("--limit must be 1 to 100000.") }
            try CLI.validating { () throws(OpsError) in try InputLimits.count(offset, field: "offset") }
        }

        func run() throws {
            var q = try query()
            if mine { q.assignee = store.actor.effectiveLogin }
            let page = try store.open().alertPage(q, offset: offset, limit: limit, as: store.actor)
            if output.json { return try CLI.printJSON(AlertsListJSON(total: page.total, offset: offset, alerts: page.rows.map(AlertJSON.init))) }
            let now = Date()
            CLI.printTable(["ID", "SEV", "STATE", "AGE", "SERVICE", "SUMMARY", "COUNT", "ASSIGNEE", "TEAM", "LVL"], page.rows.map { a in
                [String(a.id), a.severity.rawValue, a.displayState + (a.flapping ? "~" : ""), AlertsCommand.age(now.timeIntervalSince(a.startsAt)),
                 a.service, String(a.summary.prefix(60)), String(a.occurrences), a.assignee ?? "-", a.team ?? "-", String(a.escalationLevel)]
            })
            if page.total > offset + page.rows.count {
                CLI.writeStderr("\(page.total) alerts match; showing \(offset + 1)–\(offset + page.rows.count) (use --offset/--limit).\n")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One alert with labels, annotations, history, earlier occurrences and related alerts.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Alert id.") var id: Int64
        @OptionGroup var output: JSONOutput

        func run() throws {
            let d = try store.open().alertDetail(id: id, as: store.actor)
            if output.json { return try CLI.printJSON(AlertDetailJSON(d)) }
            let a = d.alert
            var lines = [
                "Alert \(a.id): \(CLI.safe(a.summary))",
                "  severity \(a.severity.rawValue) · state \(a.displayState)\(a.flapping ? " (flapping)" : "") · source \(CLI.safe(a.source)) status \(a.status.rawValue)",
                "  team \(a.team ?? "-") · level \(a.escalationLevel) · assignee \(a.assignee ?? "-") · occurrences \(a.occurrences) · version \(a.version)",
                "  started \(Timestamp.format(a.startsAt)) · last seen \(Timestamp.format(a.lastSeenAt))\(a.endsAt.map { " · ended \(Timestamp.format($0))" } ?? "")",
            ]
            if let by = a.ackedBy { lines.append("  acknowledged by \(by) at \(a.ackedAt.map(Timestamp.format) ?? "?")\(a.ackNote.map { ": \(CLI.safe($0))" } ?? "")") }
            if let until = a.snoozedUntil { lines.append("  snoozed until \(Timestamp.format(until))") }
            if let by = a.closedBy { lines.append("  closed by \(by)\(a.falsePositive ? " as a false positive" : "")\(a.closeReason.map { ": \(CLI.safe($0))" } ?? "")") }
            if let s = d.silence { lines.append("  silenced by silence \(s.id) until \(Timestamp.format(s.endsAt)): \(CLI.safe(s.comment))") }
            if let url = a.runbookURL { lines.append("  runbook \(CLI.safe(url))") }
            lines.append("Labels:")
            lines += a.labels.sorted { $0.key < $1.key }.map { "  \(CLI.safe($0.key))=\(CLI.safe($0.value))" }
            if !a.annotations.isEmpty {
                lines.append("Annotations:")
                lines += a.annotations.sorted { $0.key < $1.key }.map { "  \(CLI.safe($0.key)): \(CLI.safe($0.value))" }
            }
            lines.append("History:")
            lines += d.history.map { e in
                "  \(Timestamp.format(e.at))  \(e.actor)  \(e.kind)\(e.toState.map { " → \($0)" } ?? "")\(e.note.map { "  \"\(CLI.safe($0))\"" } ?? "")"
            }
            if !d.previous.isEmpty { lines.append("Earlier occurrences: " + d.previous.map { "\($0.id)" }.joined(separator: ", ")) }
            if !d.related.isEmpty {
                lines.append("Related (same service or host, ±5 min):")
                lines += d.related.map { "  \($0.id)  \($0.severity.rawValue)  \($0.displayState)  \(CLI.safe($0.summary))" }
            }
            try CLI.writeLines(lines)
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge alerts (it lasts until the alert resolves).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: IDs
        @Option(help: "A note for the history (e.g. what you are doing).") var note: String?
        @Option(help: "Refuse unless the alert is still at this version (one id only).") var expectVersion: Int?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            if let expectVersion { try CLI.validating { () throws(OpsError) in try InputLimits.count(expectVersion, field: "expect-version") } }
            if expectVersion != nil, target.ids.count != 1 { throw ValidationError("--expect-version applies to exactly one alert id.") }
        }
        func run() throws {
            let rows = try store.open().acknowledgeAlerts(target.ids, note: note, expectedVersion: expectVersion, as: store.actor)
            try AlertsCommand.report(rows, verb: "Acknowledged", json: output.json)
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resolve alerts by hand (if the source still fires, a new occurrence opens).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: IDs
        @Option(help: "A note for the history.") var note: String?
        @OptionGroup var output: JSONOutput
        func run() throws {
            try AlertsCommand.report(try store.open().resolveAlerts(target.ids, note: note, as: store.actor), verb: "Resolved", json: output.json)
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close resolved alerts, or close any alert as a false positive (--false-positive --reason).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: IDs
        @Flag(help: "Close as a false positive (needs --reason); it stays closed while its source keeps firing.") var falsePositive = false
        @Option(help: "Why.") var reason: String?
        @OptionGroup var output: JSONOutput
        func run() throws {
            let rows = try store.open().closeAlerts(target.ids, falsePositive: falsePositive, reason: reason, as: store.actor)
            try AlertsCommand.report(rows, verb: falsePositive ? "Closed as false positive" : "Closed", json: output.json)
        }
    }

    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Page the next escalation level of each alert's team now.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: IDs
        @Option(help: "A note for the history.") var note: String?
        @OptionGroup var output: JSONOutput
        func run() throws {
            try AlertsCommand.report(try store.open().escalateAlerts(target.ids, note: note, as: store.actor), verb: "Escalated", json: output.json)
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign alerts to a person (--to LOGIN) or unassign them (--unassign).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: IDs
        @Option(help: "Login of the assignee.") var to: String?
        @Flag(help: "Remove the assignee.") var unassign = false
        @OptionGroup var output: JSONOutput
        func validate() throws {
            if (to == nil) == !unassign { throw ValidationError("Give exactly one of --to LOGIN or --unassign.") }
        }
        func run() throws {
            try AlertsCommand.report(try store.open().assignAlerts(target.ids, to: to, as: store.actor),
                                     verb: to.map { "Assigned to \($0)" } ?? "Unassigned", json: output.json)
        }
    }

    struct Snooze: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Snooze alerts until a time (no escalation meanwhile); they come back by themselves.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: IDs
        @Option(help: "A duration from now (30m, 2h, 1d) or a UTC time (2026-11-28T09:00:00Z); at most 7 days.") var until: String
        @Option(help: "A note for the history.") var note: String?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in _ = try AlertsCommand.time(until) }
        }
        func run() throws {
            let date = try AlertsCommand.time(until)
            try AlertsCommand.report(try store.open().snoozeAlerts(target.ids, until: date, note: note, as: store.actor),
                                     verb: "Snoozed until \(Timestamp.format(date))", json: output.json)
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to an alert's history.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Alert id.") var id: Int64
        @Argument(help: "The note.") var text: String
        @OptionGroup var output: JSONOutput
        func run() throws {
            try AlertsCommand.report([try store.open().annotateAlert(id, note: text, as: store.actor)], verb: "Noted", json: output.json)
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time to acknowledge and time to resolve (median, p90) by severity and team.",
            discussion: "Counts alerts that started within the window and fired (pending ones never paged anyone).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Window: 7d, 24h, or a UTC date.") var since = "7d"
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in _ = try CLI.since(since, field: "since") }
        }
        func run() throws {
            let from = try CLI.since(since, field: "since")
            let rows = try store.open().alertStats(since: from, as: store.actor)
            if output.json { return try CLI.printJSON(AlertStatsJSON(since: Timestamp.format(from), rows: rows)) }
            func d(_ t: TimeInterval?) -> String { t.map { AlertsCommand.age($0) } ?? "-" }
            CLI.printTable(["SEVERITY", "TEAM", "ALERTS", "ACKED", "TTA MEDIAN", "TTA P90", "RESOLVED", "TTR MEDIAN", "TTR P90"], rows.map {
                [$0.severity, $0.team, String($0.alerts), String($0.acknowledged), d($0.ackMedian), d($0.ackP90), String($0.resolved),
                 d($0.resolveMedian), d($0.resolveP90)]
            })
        }
    }

    struct Tick: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the time-driven alert work once: silences starting/ending, snoozes waking, pages and escalations.",
            discussion: "The collector (pmops collect, or a console holding the collector lease) does this on every tick; this is for cron or scripts without one. Needs collector.run.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let db = try store.open(requiring: .collectorRun)
            let report = try db.maintainAlerts(at: Date())
            if output.json { return try CLI.printJSON(report) }
            print("Silences started \(report.silencesStarted) (muted \(report.muted)), ended \(report.silencesEnded) (unmuted \(report.unmuted)); woke \(report.woken) snoozed; paged \(report.paged); escalated \(report.escalated); \(report.flappingCleared) stopped flapping.")
        }
    }

    // MARK: - Shared

    static func states(_ text: String) throws -> Set<AlertState> {
        var result = Set<AlertState>()
        for typed in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let part = typed.lowercased()
            switch part {
            case "active": result.formUnion([.open, .acknowledged, .snoozed])
            case "all": result.formUnion(AlertState.allCases)
            case "ack", "acked": result.insert(.acknowledged)
            default:
                guard let s = AlertState(rawValue: part) else {
                    throw ValidationError("\(Printable.excerpt(typed)) is not a state; use open, acknowledged, snoozed, resolved, closed, active or all.")
                }
                result.insert(s)
            }
        }
        if result.isEmpty { throw ValidationError("--state needs at least one state.") }
        return result
    }

    /// A snooze end: a duration from now or a UTC time (the store caps it at 7 days).
    static func time(_ text: String, now: Date = Date()) throws(OpsError) -> Date {
        try InputLimits.ahead(text, field: "until", now: now)
    }

    static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h\(s % 3600 / 60 > 0 ? "\(s % 3600 / 60)m" : "")" }
        return "\(s / 86_400)d\(s % 86_400 / 3600 > 0 ? "\(s % 86_400 / 3600)h" : "")"
    }

    static func report(_ rows: [AlertRecord], verb: String, json: Bool) throws {
        if json { return try CLI.printJSON(rows.map(AlertJSON.init)) }
        try CLI.writeLines(rows.map { "\(verb): alert \($0.id) (\($0.displayState), \($0.severity.rawValue)) \(CLI.safe(String($0.summary.prefix(80))))" })
    }
}
