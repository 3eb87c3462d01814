import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops customers …`: the tenant directory tickets point at.
struct CustomersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "The customer directory and customer success: health, at-risk list, onboarding, outreach.",
        subcommands: [List.self, Show.self, Import.self, Health.self, AtRisk.self, Sweep.self, Onboarding.self, Outreach.self, Plan.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List customers by id.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let customers = try store.open().customers(as: store.actor)
            if output.json { return try CLI.printJSON(customers.map(CustomerJSON.init)) }
            CLI.printTable(["ID", "NAME", "PLAN", "STATUS", "SUCCESS", "CONTACTS"], customers.map {
                [$0.id, CLI.safe($0.name), $0.plan.rawValue, $0.status.rawValue, $0.successManager ?? "-", String($0.contacts.count)]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One customer with contacts and open tickets.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Customer id.") var id: String
        @OptionGroup var output: JSONOutput
        func run() throws {
            let db = try store.open()
            let c = try db.customer(id: id, as: store.actor)
            if output.json { return try CLI.printJSON(CustomerJSON(c)) }
            let open = try db.tickets(TicketFilter(customer: c.id), as: store.actor)
            var lines = ["Customer \(c.id): \(CLI.safe(c.name))",
                         "  plan \(c.plan.rawValue) · status \(c.status.rawValue) · success manager \(c.successManager ?? "-") · since \(Timestamp.format(c.created).prefix(10))",
                         "Contacts:"]
            lines += c.contacts.map { "  \(CLI.safe($0.name)) <\(CLI.safe($0.email))>" }
            lines.append("Open tickets: \(open.count)")
            lines += open.map { "  \($0.ticket.number)  \($0.ticket.priority)  \($0.ticket.status.rawValue)  \(CLI.safe($0.ticket.title))" }
            try CLI.writeLines(lines)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update customers from a CSV or JSON file (upsert by id; all or nothing).",
            discussion: "CSV header: id,name,plan,status,success_manager,contacts with contacts as 'Name <email>; Name <email>'. JSON: an array of objects with those keys (contacts as [{\"name\":…,\"email\":…}]). A problem names its line and field, and nothing is imported.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "FILE.csv or FILE.json.") var file: String
        @OptionGroup var output: JSONOutput
        func run() throws {
            let customers = try CustomerFile.read(path: file, now: Date())
            let report = try store.open().importCustomers(customers, as: store.actor)
            if output.json { return try CLI.printJSON(report) }
            print("Imported \(customers.count) customers: \(report.created.count) created, \(report.updated.count) updated, \(report.unchanged) unchanged.")
        }
    }
}
