import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension IncidentsCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move an incident: investigating, identified, monitoring, resolved, postmortem, closed.",
            discussion: """
            Monitoring records the mitigation time; resolved opens the postmortem, due in 5 business days. Closing from postmortem needs \
            a published postmortem. `closed --false-positive --reason R` closes from any status. An invalid move names the allowed ones (exit 5).
            """)
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "The new status.") var status: String
        @Flag(help: "Close it as a false positive (needs --reason).") var falsePositive = false
        @Option(help: "Why it was a false positive.") var reason: String?
        @Option(help: "Refuse unless the incident is still at this version.") var expectVersion: Int?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try IncidentStatus.parse(status)
                if let expectVersion { try InputLimits.count(expectVersion, field: "expect-version") }
                if falsePositive { _ = try IncidentValidation.reason(reason, field: "reason") }
            }
            if reason != nil && !falsePositive { throw ValidationError("--reason goes with --false-positive.") }
        }
        func run() throws {
            let incident = try store.open().setIncidentStatus(target.number, to: try IncidentStatus.parse(status), falsePositive: falsePositive ? reason : nil,
                                                              expectedVersion: expectVersion, as: store.actor)
            try IncidentsCommand.report(incident, "Moved", json: output.json)
        }
    }

    struct Severity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the severity (SEV-1…SEV-4); --ongoing-attack raises a security incident to SEV-1 and pages the security team.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "SEV-1…SEV-4 (SEV-1 with --ongoing-attack).") var severity: String = "SEV-1"
        @Flag(help: "An attack is under way: SEV-1 and a page to every incidents.security holder.") var ongoingAttack = false
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try IncidentSeverity.parse(severity) } }
        func run() throws {
            let incident = try store.open().setIncidentSeverity(target.number, to: try IncidentSeverity.parse(severity), ongoingAttack: ongoingAttack,
                                                                as: store.actor)
            try IncidentsCommand.report(incident, "Changed severity of", json: output.json)
        }
    }

    struct Role: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Name a role (commander, tech-lead, comms-lead, scribe, security-lead) with --to LOGIN, or clear it with --none; the new holder is paged.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "The role.") var role: String
        @Option(help: "The login taking the role.") var to: String?
        @Flag(help: "Clear the role (not the commander, nor a security incident's security lead).") var none = false
        @OptionGroup var output: JSONOutput
        func validate() throws {
            if (to == nil) == !none { throw ValidationError("Give --to LOGIN or --none.") }
            try CLI.validating { () throws(OpsError) in _ = try IncidentRole.parse(role) }
        }
        func run() throws {
            let incident = try store.open().setIncidentRole(target.number, try IncidentRole.parse(role), to: to, as: store.actor)
            try IncidentsCommand.report(incident, "Updated roles of", json: output.json)
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a timeline entry: a note, decision, action taken or customer communication (comms restarts the update clock).",
            discussion: "Entries are append-only: --corrects N adds a correction of entry N, which stays as it was.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var text: TicketsCommand.Body
        @Option(help: "note, decision, action or comms.") var kind = "note"
        @Option(help: "The entry (#id from `show`) this corrects.") var corrects: Int64?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try IncidentEntryKind.parseManual(kind)
                if let corrects { try InputLimits.count(Int(clamping: corrects), field: "corrects", in: 1...InputLimits.maxCount) }
            }
        }
        func run() throws {
            let body = try text.text(required: true) ?? ""
            let incident = try store.open().noteIncident(target.number, kind: try IncidentEntryKind.parseManual(kind), body: body, corrects: corrects,
                                                         as: store.actor)
            try IncidentsCommand.report(incident, "Noted on", json: output.json)
        }
    }

    struct Pin: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pin a timeline entry as a key moment (the postmortem's timeline excerpt).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "The entry id (#id from `show`).") var entry: Int64
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in try InputLimits.count(Int(clamping: entry), field: "entry", in: 1...InputLimits.maxCount) } }
        func run() throws {
            try IncidentsCommand.report(try store.open().pinIncidentEntry(target.number, entry: entry, as: store.actor), "Pinned on", json: output.json)
        }
    }

    /// `--alert ID` or `--ticket ESC-n`, for link and unlink.
    struct LinkTarget: ParsableArguments {
        @Option(help: "Alert id.") var alert: Int64?
        @Option(help: "Ticket (ESC-n).") var ticket: String?
        func validate() throws {
            if (alert == nil) == (ticket == nil) { throw ValidationError("Give --alert ID or --ticket ESC-n.") }
            try CLI.validating { () throws(OpsError) in
                if let alert { try InputLimits.count(Int(clamping: alert), field: "alert", in: 1...InputLimits.maxCount) }
                if let ticket { _ = try TicketNumber.parse(ticket) }
            }
        }
        func link() throws -> AppDatabase.IncidentLink {
            if let alert { return .alert(alert) }
            return .ticket(try TicketNumber.parse(ticket ?? ""))
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Link an alert or a customer ticket to the incident.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var what: LinkTarget
        @OptionGroup var output: JSONOutput
        func run() throws {
            try IncidentsCommand.report(try store.open().linkIncident(target.number, try what.link(), as: store.actor), "Linked", json: output.json)
        }
    }

    struct Unlink: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlink an alert or a ticket (the timeline keeps both entries).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var what: LinkTarget
        @OptionGroup var output: JSONOutput
        func run() throws {
            try IncidentsCommand.report(try store.open().linkIncident(target.number, try what.link(), unlink: true, as: store.actor), "Unlinked", json: output.json)
        }
    }

    struct Checklist: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tick a containment or rollback checklist item (e.g. revoke-sessions), with who and when; --undo unticks it.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "The item's key, as `show` lists it.") var item: String
        @Flag(help: "Untick it.") var undo = false
        @OptionGroup var output: JSONOutput
        func run() throws {
            try IncidentsCommand.report(try store.open().tickIncidentChecklist(target.number, item: item, undo: undo, as: store.actor),
                                        undo ? "Unticked on" : "Ticked on", json: output.json)
        }
    }
}
