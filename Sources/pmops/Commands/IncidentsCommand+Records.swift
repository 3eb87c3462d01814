import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension IncidentsCommand {
    struct Breach: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Flag a personal-data breach (starts the 72-hour regulator clock, GDPR Art. 33), or record the notification with --notified REF.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "The notification made: authority, reference, how.") var notified: String?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in if let notified { _ = try IncidentValidation.reason(notified, field: "notified") } }
        }
        func run() throws {
            let incident = try store.open().recordIncidentBreach(target.number, notified: notified, as: store.actor)
            try IncidentsCommand.report(incident, notified == nil ? "Flagged a breach on" : "Recorded the notification on", json: output.json)
        }
    }

    struct Postmortem: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write postmortem sections (each given replaces that section) and --publish it (summary and root cause required).",
            discussion: "Due 5 business days after resolution; the collector reminds the commander when it is overdue.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "Summary.") var summary: String?
        @Option(help: "Impact, in words.") var impact: String?
        @Option(help: "Root cause.") var rootCause: String?
        @Option(help: "Contributing factors.") var contributing: String?
        @Option(help: "What went well.") var wentWell: String?
        @Option(help: "What went wrong.") var wentWrong: String?
        @Option(help: "Customers affected.") var customers: Int?
        @Option(help: "Minutes of impact (default: detected → resolved).") var minutes: Int?
        @Flag(help: "Publish it.") var publish = false
        @OptionGroup var output: JSONOutput

        var sections: [OpsCore.Postmortem.Section: String] {
            var out: [OpsCore.Postmortem.Section: String] = [:]
            for (section, text) in [(OpsCore.Postmortem.Section.summary, summary), (.impact, impact), (.rootCause, rootCause),
                                    (.contributing, contributing), (.wentWell, wentWell), (.wentWrong, wentWrong)] {
                if let text { out[section] = text }
            }
            return out
        }

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                if let customers { try InputLimits.count(customers, field: "customers") }
                if let minutes { try InputLimits.count(minutes, field: "minutes") }
                for (section, text) in sections { _ = try IncidentValidation.body(text, field: section.rawValue) }
            }
            if sections.isEmpty && customers == nil && minutes == nil && !publish {
                throw ValidationError("Give at least one section (--summary, --root-cause, …), --customers, --minutes or --publish.")
            }
        }

        func run() throws {
            let incident = try store.open().editIncidentPostmortem(target.number, sections: sections, customers: customers, minutes: minutes,
                                                                   publish: publish, as: store.actor)
            try IncidentsCommand.report(incident, publish ? "Published the postmortem of" : "Edited the postmortem of", json: output.json)
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Incident KPIs: MTTA, MTTD, time to mitigate and MTTR by severity and category; proactive detection; postmortems and action items; security containment and breach compliance.",
            discussion: """
            MTTA: declared → acknowledged (first action by a responder). MTTD: first linked alert → declared. Mitigate and MTTR: detected → \
            mitigated/resolved. Proactive detection: of incidents with a linked alert or ticket, the share an alert caught before any ticket.
            """)
        @OptionGroup var store: StoreOptions
        @Option(help: "Window: 90d, 24h, or a UTC date.") var since = "90d"
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try CLI.since(since, field: "since") } }

        func run() throws {
            let stats = try store.open().incidentStats(since: try CLI.since(since, field: "since"), as: store.actor)
            if output.json { return try CLI.printJSON(stats) }
            print("Incidents declared since \(Timestamp.format(stats.since).prefix(16)): \(stats.overall.incidents)")
            let all = IncidentStats.Group(key: "all", times: stats.overall)
            CLI.printTable(["GROUP", "INCIDENTS", "MTTA", "MTTD", "MITIGATE", "MTTR"], ([all] + stats.bySeverity + stats.byCategory).map { g in
                [g.key, String(g.times.incidents), Self.time(g.times.mtta), Self.time(g.times.mttd), Self.time(g.times.timeToMitigate), Self.time(g.times.mttr)]
            })
            print("Proactive detection: \(stats.proactiveDetectionPercent.map { String(format: "%.1f %%", $0) } ?? "-")")
            print("Postmortems overdue: \(stats.postmortemsOverdue); action items open \(stats.actionItemsOpen), overdue \(stats.actionItemsOverdue)")
            print("Security: time to containment \(Self.time(stats.securityTimeToContain)); breaches notified in time \(stats.breachesInTime), late \(stats.breachesLate)")
        }

        static func time(_ seconds: TimeInterval?) -> String { seconds.map(AlertsCommand.age) ?? "-" }
    }

    struct Actions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Postmortem action items: list (across incidents), add, done.", subcommands: [ActionList.self, ActionAdd.self, ActionDone.self])
    }

    struct ActionList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Open action items across the incidents you may see, soonest due first.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let items = try store.open().openActionItems(as: store.actor)
            if output.json { return try CLI.printJSON(items.map(ActionItemJSON.init)) }
            let now = Date()
            CLI.printTable(["ITEM", "INCIDENT", "OWNER", "DUE", "TITLE"], items.map { a in
                ["A\(a.id)", a.incident.description, a.owner, String(Timestamp.format(a.dueAt).prefix(10)) + (a.isOverdue(now: now) ? " OVERDUE" : ""),
                 String(a.title.prefix(60))]
            })
        }
    }

    struct ActionAdd: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an action item with an owner and a due date (reminded through the outbox when due).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "What is to be done (one line).") var title: String
        @Option(help: "The owner's login.") var owner: String
        @Option(help: "Due: a duration from now (14d) or a UTC time.") var due: String
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try IncidentValidation.title(title); _ = try InputLimits.ahead(due, field: "due", now: Date())
            }
        }
        func run() throws {
            let db = try store.open()
            let when = try InputLimits.ahead(due, field: "due", now: db.clock.now())
            try IncidentsCommand.report(try db.addIncidentAction(target.number, title: title, owner: owner, due: when, as: store.actor),
                                        "Added an action item to", json: output.json)
        }
    }

    struct ActionDone: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark an action item (A12 or 12) done.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "The action item.") var item: String
        @OptionGroup var output: JSONOutput
        var id: Int64? {
            let digits = item.uppercased().hasPrefix("A") ? String(item.dropFirst()) : item
            guard digits.count <= 12, let value = Int64(digits), value > 0 else { return nil }
            return value
        }
        func validate() throws { if id == nil { throw ValidationError("\(Printable.excerpt(item)) is not an action item; write it as A12.") } }
        func run() throws {
            try IncidentsCommand.report(try store.open().completeIncidentAction(target.number, action: id ?? 0, as: store.actor), "Completed an action item of",
                                        json: output.json)
        }
    }
}
