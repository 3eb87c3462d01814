import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension TicketsCommand {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign a ticket (--to LOGIN) or unassign it (--none).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "The login to assign to.") var to: String?
        @Flag(help: "Leave it unassigned.") var none = false
        @OptionGroup var output: JSONOutput
        func validate() throws { if (to == nil) == !none { throw ValidationError("Give --to LOGIN or --none.") } }
        func run() throws {
            try TicketsCommand.report(try store.open().assignTicket(target.number, to: to, as: store.actor), "Assigned", json: output.json)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a ticket: triage, investigating, waiting-customer, waiting-vendor (--vendor NAME).",
            discussion: "Resolve, close and reopen are their own commands. With --expect-version a change made meanwhile by someone else wins and this one exits 5.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "The new status.") var status: String
        @Option(help: "The third party, for waiting-vendor.") var vendor: String?
        @Option(help: "Refuse unless the ticket is still at this version.") var expectVersion: Int?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try TicketStatus.parse(status)
                if let expectVersion { try InputLimits.count(expectVersion, field: "expect-version") }
            }
        }
        func run() throws {
            let ticket = try store.open().setTicketStatus(target.number, to: try TicketStatus.parse(status), vendor: vendor,
                                                          expectedVersion: expectVersion, as: store.actor)
            try TicketsCommand.report(ticket, "Moved", json: output.json)
        }
    }

    struct Priority: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a ticket's priority (P1–P4); its SLA clocks follow.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "P1–P4.") var priority: String
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try TicketPriority.parse(priority) } }
        func run() throws {
            let ticket = try store.open().setTicketPriority(target.number, to: try TicketPriority.parse(priority), as: store.actor)
            try TicketsCommand.report(ticket, "Reprioritised", json: output.json)
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Link an alert that explains the ticket.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "Alert id.") var alert: Int64
        @OptionGroup var output: JSONOutput
        func validate() throws { if alert <= 0 { throw ValidationError("'\(alert)' is not an alert id (ids are positive).") } }
        func run() throws {
            try TicketsCommand.report(try store.open().linkTicket(target.number, alert: alert, as: store.actor), "Linked", json: output.json)
        }
    }

    struct Parent: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hang a ticket under a parent (one outage, many customers), or --none.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "The parent ticket.") var to: String?
        @Flag(help: "Remove the parent.") var none = false
        @OptionGroup var output: JSONOutput
        func validate() throws {
            if (to == nil) == !none { throw ValidationError("Give --to TICKET or --none.") }
            if let to { try CLI.validating { () throws(OpsError) in _ = try TicketNumber.parse(to, field: "to") } }
        }
        func run() throws {
            let parent = to.flatMap { TicketNumber(text: $0) }
            try TicketsCommand.report(try store.open().setTicketParent(target.number, to: parent, as: store.actor), "Re-parented", json: output.json)
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resolve a ticket with a resolution summary (required).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Option(help: "What fixed it: told to the customer, and the start of a KB article.") var summary: String?
        @OptionGroup var output: JSONOutput
        func run() throws {
            try TicketsCommand.report(try store.open().resolveTicket(target.number, summary: summary, as: store.actor), "Resolved", json: output.json)
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a resolved ticket.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var output: JSONOutput
        func run() throws {
            try TicketsCommand.report(try store.open().closeTicket(target.number, as: store.actor), "Closed", json: output.json)
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopen a resolved or closed ticket within tickets.reopen_days of its resolution.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @OptionGroup var output: JSONOutput
        func run() throws {
            try TicketsCommand.report(try store.open().reopenTicket(target.number, as: store.actor), "Reopened", json: output.json)
        }
    }

    struct CSAT: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "csat", abstract: "Record the customer's 1–5 rating of a resolved ticket.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var target: Target
        @Argument(help: "1 (poor) to 5 (excellent).") var rating: Int
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try TicketValidation.csat(rating) } }
        func run() throws {
            try TicketsCommand.report(try store.open().recordCSAT(target.number, rating: rating, as: store.actor), "Rated", json: output.json)
        }
    }
}
