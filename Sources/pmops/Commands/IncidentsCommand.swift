import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops incidents …`: outages, failed deployments and security incidents on the same
/// store calls as the console (permissions, visibility, the status machine and audit are
/// enforced there).
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents", abstract: "Incidents: declare, run the timeline, contain, preserve evidence, write the postmortem.",
        discussion: """
        Exit codes: 0 ok, 1 failure (or an evidence hash mismatch), 2 bad input, 3 not found, 4 permission denied (including a \
        restricted security incident), 5 conflict (an invalid transition names the allowed ones; --expect-version lost a race).
        """,
        subcommands: [List.self, Show.self, Declare.self, Status.self, Severity.self, Role.self, Note.self, Pin.self, Link.self, Unlink.self,
                      Checklist.self, Evidence.self, Breach.self, Postmortem.self, Actions.self, Export.self, Stats.self])

    struct Target: ParsableArguments {
        @Argument(help: ArgumentHelp("The incident (INC-231 or 231).", valueName: "incident")) var incident: String
        var number: IncidentNumber { IncidentNumber(text: incident) ?? IncidentNumber(0) }
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try IncidentNumber.parse(incident) } }
    }

    static func report(_ incident: Incident, _ verb: String, json: Bool) throws {
        if json { return try CLI.printJSON(IncidentJSON(incident)) }
        print("\(verb) \(incident.number) (\(incident.severity), \(incident.status), version \(incident.version)).")
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Incidents: active first (most severe first), then resolved and in postmortem.",
            discussion: "A security incident you may not see shows as \"restricted incident INC-n\" and nothing else.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Statuses, comma-separated, or all (default: all but closed).") var status: String?
        @Option(help: "Only this severity (SEV-1…SEV-4).") var severity: String?
        @Option(help: "Only this category.") var category: String?
        @Option(help: "At most this many.") var limit = 200
        @OptionGroup var output: JSONOutput

        func filter() throws -> IncidentFilter {
            var f = IncidentFilter(limit: limit)
            try CLI.validating { () throws(OpsError) in
                if let severity { f.severity = try IncidentSeverity.parse(severity) }
                if let category { f.category = try IncidentCategory.parse(category) }
                if status == "all" {
                    f.statuses = Set(IncidentStatus.allCases)
                } else if let status {
                    var set = Set<IncidentStatus>()
                    for part in status.split(separator: ",") { set.insert(try IncidentStatus.parse(String(part))) }
                    f.statuses = set
                }
                try InputLimits.count(limit, field: "limit", in: 1...100_000)
            }
            return f
        }

        func validate() throws { _ = try filter() }

        func run() throws {
            let rows = try store.open().incidents(try filter(), as: store.actor)
            if output.json { return try CLI.printJSON(rows.map(IncidentListJSON.init)) }
            let now = Date()
            CLI.printTable(["INCIDENT", "SEV", "STATUS", "CATEGORY", "TITLE", "COMMANDER", "AGE", "NEXT UPDATE", "SERVICES"], rows.map { r in
                guard let i = r.incident else { return [IncidentAccess.restrictedLabel(r.number), "-", "-", "-", "-", "-", "-", "-", "-"] }
                let update = r.nextUpdateDue.map { due in due < now ? "OVERDUE \(AlertsCommand.age(now.timeIntervalSince(due)))" : "in \(AlertsCommand.age(due.timeIntervalSince(now)))" }
                return [i.number.description, i.severity.description, i.status.rawValue, i.category.rawValue, String(i.title.prefix(50)),
                        r.commander ?? "-", AlertsCommand.age(now.timeIntervalSince(i.declaredAt)), update ?? "-",
                        i.services.isEmpty ? "-" : i.services.joined(separator: ",")]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One incident: fields, roles, clocks, suspects (what changed), checklist, evidence and its timeline.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var output: JSONOutput
        func run() throws {
            switch try store.open().incident(target.number, as: store.actor) {
            case let .restricted(number):
                if output.json { return try CLI.printJSON(IncidentListJSON(IncidentListRow(number: number, incident: nil, commander: nil, nextUpdateDue: nil))) }
                print(IncidentAccess.restrictedLabel(number))
            case let .full(d):
                if output.json { return try CLI.printJSON(IncidentDetailJSON(d)) }
                try CLI.writeLines(IncidentText.lines(d, now: Date()))
            }
        }
    }

    struct Declare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare an incident from nothing, from alerts (--alert, repeatable or comma-separated) or from a ticket; pages its roles.",
            discussion: "A commander is required; a security incident also needs --security-lead and --class. Detection time is the earliest linked alert or ticket.")
        @OptionGroup var store: StoreOptions
        @Option(help: "One line.") var title: String
        @Option(help: "outage, degradation, deployment, security, data, third-party.") var category: String
        @Option(help: "SEV-1…SEV-4.") var severity: String
        @Option(help: "The incident commander's login.") var commander: String
        @Option(help: "Tech lead login.") var techLead: String?
        @Option(help: "Communications lead login (paged when an update is missed).") var commsLead: String?
        @Option(help: "Scribe login.") var scribe: String?
        @Option(help: "Security lead login (required for security incidents).") var securityLead: String?
        @Option(help: "Security classification: malware, credential-compromise, data-exposure, tenant-abuse, ddos, vulnerability, other.")
        var `class`: String?
        @Option(help: "Affected services, comma-separated (default: the alerts' service labels).") var services: String?
        @Option(help: "Affected customer ids, comma-separated.") var customers: String?
        @Option(parsing: .singleValue, help: "Alert ids (repeatable, or comma-separated).") var alert: [String] = []
        @Option(help: "The customer ticket it started from (ESC-n).") var ticket: String?
        @Option(help: "The change that caused it (a change id from `changes list`).") var change: Int64?
        @OptionGroup var output: JSONOutput

        func incident() throws(OpsError) -> NewIncident {
            var roles: [IncidentRole: String] = [.commander: commander]
            for (role, login) in [(IncidentRole.techLead, techLead), (.commsLead, commsLead), (.scribe, scribe), (.securityLead, securityLead)] {
                if let login { roles[role] = login }
            }
            var alerts: [Int64] = []
            for text in alert {
                for part in text.split(separator: ",") {
                    guard let id = Int64(part.trimmingCharacters(in: .whitespaces)), id > 0 else {
                        throw .invalid(field: "alert", message: "\(Printable.excerpt(part)) is not an alert id.")
                    }
                    alerts.append(id)
                }
            }
            if let change { try InputLimits.count(Int(clamping: change), field: "change", in: 1...InputLimits.maxCount) }
            let new = NewIncident(title: try IncidentValidation.title(title), category: try IncidentCategory.parse(category),
                                  severity: try IncidentSeverity.parse(severity),
                                  services: try services.map { (text) throws(OpsError) in try IncidentValidation.names(text, field: "service") } ?? [],
                                  customers: try customers.map { (text) throws(OpsError) in try IncidentValidation.names(text, field: "customer") } ?? [],
                                  roles: roles, alerts: alerts, ticket: try ticket.map { (text) throws(OpsError) in try TicketNumber.parse(text) },
                                  securityClass: try `class`.map { (text) throws(OpsError) in try SecurityClass.parse(text) }, change: change)
            try new.check()
            return new
        }

        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try incident() } }

        func run() throws {
            try IncidentsCommand.report(try store.open().declareIncident(try incident(), as: store.actor), "Declared", json: output.json)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the incident as a Markdown postmortem (template, key moments, suspects, checklist, evidence, action items, timeline).",
            discussion: "Untrusted text is Markdown-escaped, so a note cannot open a heading or a link; control characters become U+FFFD.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "md (the only format).") var format = "md"
        @Option(help: "Write to this file (mode 0600) instead of standard output.") var output: String?
        func validate() throws {
            if format != "md" { throw ValidationError("--format md is the only export format.") }
        }
        func run() throws {
            let db = try store.open()
            let text = IncidentMarkdown.render(try db.incidentForExport(target.number, as: store.actor), now: db.clock.now())
            guard let output else { return try CLI.writeLines([String(text.dropLast())]) }
            let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw OpsError.failure("Cannot write \(Printable.excerpt(output)): \(String(cString: strerror(errno))).") }
            defer { close(fd) }
            try CLI.write(Array(text.utf8), to: fd, what: output)
            print("Exported \(target.number) to \(CLI.safe(output)).")
        }
    }
}
