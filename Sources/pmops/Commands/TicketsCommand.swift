import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops tickets …`: customer escalations on the same store calls as the console
/// (permissions, the status machine, SLA clocks and audit are enforced there).
struct TicketsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets", abstract: "Customer escalation tickets: list, show, open, answer, move, resolve.",
        subcommands: [List.self, Show.self, Open.self, Note.self, Reply.self, Assign.self, Status.self, Priority.self, Link.self,
                      Parent.self, Resolve.self, Close.self, Reopen.self, CSAT.self, Stats.self, MailIn.self, Quarantine.self])

    struct Target: ParsableArguments {
        @Argument(help: ArgumentHelp("The ticket (ESC-1042 or 1042).", valueName: "ticket")) var ticket: String
        var number: TicketNumber { TicketNumber(text: ticket) ?? TicketNumber(0) }
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try TicketNumber.parse(ticket) } }
    }

    /// A body from --body or --body-file (read up to the 1 MiB cap plus one byte, so a larger file is refused, not cut).
    struct Body: ParsableArguments {
        @Option(help: "The text.") var body: String?
        @Option(help: "Read the text from this file ('-' for standard input).") var bodyFile: String?
        func validate() throws {
            if body != nil && bodyFile != nil { throw ValidationError("Give --body or --body-file, not both.") }
        }
        func text(required: Bool) throws -> String? {
            if let body { return body }
            guard let bodyFile else {
                if required { throw ValidationError("Give the text with --body or --body-file.") }
                return nil
            }
            let handle = bodyFile == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: bodyFile)
            guard let handle else { throw OpsError.notFound("Cannot read \(Printable.excerpt(bodyFile)).") }
            let data = (try? handle.read(upToCount: TicketValidation.maxBodyBytes + 1)) ?? Data()
            guard let text = String(data: data, encoding: .utf8) else { throw OpsError.invalid(field: "body-file", message: "the file is not UTF-8 text.") }
            return text
        }
    }

    static func report(_ ticket: Ticket, _ verb: String, json: Bool) throws {
        if json { return try CLI.printJSON(TicketJSON(ticket)) }
        print("\(verb) \(ticket.number) (\(ticket.status.title), version \(ticket.version)).")
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open tickets by SLA risk: breached first, then time left.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Statuses, comma-separated (default: the open ones), or all.") var status: String?
        @Flag(help: "Only tickets assigned to me.") var mine = false
        @Option(help: "Only this team.") var team: String?
        @Option(help: "Only this priority (P1–P4).") var priority: String?
        @Option(help: "Only this category.") var category: String?
        @Option(help: "Only this customer id.") var customer: String?
        @Flag(help: "Only tickets past an SLA deadline.") var breached = false
        @Option(help: "At most this many.") var limit = 200
        @OptionGroup var output: JSONOutput

        func filter() throws -> TicketFilter {
            var f = TicketFilter(team: team, customer: customer, breachedOnly: breached, limit: limit)
            try CLI.validating { () throws(OpsError) in
                if let priority { f.priority = try TicketPriority.parse(priority) }
                if let category { f.category = try TicketCategory.parse(category) }
                if let status, status != "all" {
                    var set = Set<TicketStatus>()
                    for part in status.split(separator: ",") { set.insert(try TicketStatus.parse(String(part))) }
                    f.statuses = set
                } else if status == "all" {
                    f.statuses = Set(TicketStatus.allCases)
                }
                try InputLimits.count(limit, field: "limit", in: 1...100_000)
            }
            return f
        }

        func validate() throws { _ = try filter() }

        func run() throws {
            var f = try filter()
            if mine { f.assignee = store.actor.effectiveLogin }
            let rows = try store.open().tickets(f, as: store.actor)
            if output.json { return try CLI.printJSON(rows.map { TicketJSON($0.ticket, sla: $0.sla) }) }
            let now = Date()
            CLI.printTable(["TICKET", "PRI", "STATUS", "CUSTOMER", "TITLE", "ASSIGNEE", "TEAM", "AGE", "SLA"], rows.map { r in
                let t = r.ticket
                return [t.number.description, t.priority.description, t.status.rawValue, CLI.safe(r.customerName), CLI.safe(String(t.title.prefix(50))),
                        t.assignee ?? "-", t.team, AlertsCommand.age(now.timeIntervalSince(t.openedAt)),
                        r.sla.timeLeft(now: now).map(SLACountdown.format) ?? "-"]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One ticket: fields, SLA clocks, linked alerts and its timeline.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var output: JSONOutput
        func run() throws {
            let d = try store.open().ticket(target.number, as: store.actor)
            if output.json { return try CLI.printJSON(TicketDetailJSON(d)) }
            let t = d.ticket
            var lines = ["\(t.number): \(CLI.safe(t.title))",
                         "  \(t.priority) · \(t.category.title) · \(t.status.title)\(t.vendor.map { " (\(CLI.safe($0)))" } ?? "") · team \(t.team) · assignee \(t.assignee ?? "-") · version \(t.version)",
                         "  customer \(t.customerID) (\(CLI.safe(d.customer.name)), \(d.customer.plan.rawValue)) · contact \(CLI.safe(t.contactEmail ?? "-")) · reporter \(t.reporter)",
                         "  opened \(Timestamp.format(t.openedAt))\(t.parent.map { " · parent \($0)" } ?? "")\(t.csat.map { " · CSAT \($0)/5" } ?? "")"]
            if let resolution = t.resolution { lines.append("  resolution: \(CLI.safe(resolution))") }
            lines.append("SLA:")
            let now = Date()
            for clock in d.sla.clocks { lines.append("  \(clock.kind.title): \(Self.describe(clock.state, now: now))") }
            if !d.alerts.isEmpty { lines.append("Alerts: " + d.alerts.map(String.init).joined(separator: ", ")) }
            if !d.children.isEmpty { lines.append("Children: " + d.children.map(\.description).joined(separator: ", ")) }
            lines.append("Timeline:")
            for e in d.entries {
                let mark = e.kind.isCustomerFacing ? (e.kind == .messageIn ? "◀" : "▶") : " "
                lines.append("  \(Timestamp.format(e.at)) \(mark) \(e.kind.rawValue)  \(CLI.safe(e.author))")
                lines += e.body.split(separator: "\n", omittingEmptySubsequences: false).prefix(40).map { "      " + CLI.safe(String($0)) }
            }
            try CLI.writeLines(lines)
        }

        static func describe(_ state: SLAClock.State, now: Date) -> String {
            switch state {
            case let .running(due): "due \(Timestamp.format(due)) (\(SLACountdown.format(due.timeIntervalSince(now))) left)"
            case let .breached(due): "BREACHED at \(Timestamp.format(due))"
            case let .paused(left): "paused (\(SLACountdown.format(left)) business time left)"
            case let .met(at, _): "met at \(Timestamp.format(at))"
            case let .missed(at, due): "missed (done \(Timestamp.format(at)), due \(Timestamp.format(due)))"
            case .inactive: "-"
            }
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a ticket for a customer; the team follows the category.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Customer id.") var customer: String
        @Option(help: "A contact's email (receives updates).") var contact: String?
        @Option(help: "deliverability, sending, dns, api, account-access, billing-dispute, refund, security, other.") var category: String
        @Option(help: "P1–P4.") var priority: String
        @Option(help: "One line.") var title: String
        @OptionGroup var text: Body
        @Option(help: "Assign to this login.") var assignee: String?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try TicketCategory.parse(category); _ = try TicketPriority.parse(priority); _ = try TicketValidation.title(title)
            }
        }
        func run() throws {
            let new = NewTicket(customer: customer, contactEmail: contact, title: title, category: try TicketCategory.parse(category),
                                priority: try TicketPriority.parse(priority), body: try text.text(required: false), assignee: assignee)
            try TicketsCommand.report(try store.open().openTicket(new, as: store.actor), "Opened", json: output.json)
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an internal note (never sent to the customer).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var text: Body
        @OptionGroup var output: JSONOutput
        func run() throws {
            let body = try text.text(required: true) ?? ""
            try TicketsCommand.report(try store.open().noteTicket(target.number, body: body, as: store.actor), "Noted on", json: output.json)
        }
    }

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write to the customer's contact through the outbox, tagged [ESC-n].")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var text: Body
        @OptionGroup var output: JSONOutput
        func run() throws {
            let body = try text.text(required: true) ?? ""
            try TicketsCommand.report(try store.open().replyToTicket(target.number, body: body, as: store.actor), "Replied on", json: output.json)
        }
    }
}
