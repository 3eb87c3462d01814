import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops integrations …`: the registry of third-party integrations, their health, API
/// deprecations and the staging → security review → production path.
struct IntegrationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integrations", abstract: "Third-party integrations: registry, health, deprecations, security review.",
        subcommands: [List.self, Show.self, Add.self, SetFields.self, Advance.self, Review.self, Deprecate.self, Deprecations.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every integration with stage, health, rotation due and last incident.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let rows = try store.open(requiring: .changesRead).integrations(as: store.actor)
            if output.json { return try DatedJSON.print(rows) }
            let now = Date()
            CLI.printTable(["ID", "KIND", "STAGE", "HEALTH", "OWNER", "API", "ROTATE BY", "DEPRECATIONS", "LAST INCIDENT"], rows.map { s in
                let i = s.integration
                let rotation = i.rotationDue.map { due in
                    String(Timestamp.format(due).prefix(10)) + (due < now ? " (overdue)" : "")
                } ?? "-"
                return [i.id, i.kind.rawValue, i.stage.rawValue, s.health, i.ownerTeam, i.apiVersion, rotation, String(s.openDeprecations),
                        s.lastIncident ?? "-"]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One integration: health, review, checklist and deprecations.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Integration id.") var id: String
        @OptionGroup var output: JSONOutput
        func run() throws {
            let db = try store.open(requiring: .changesRead)
            let s = try db.integration(id: id, as: store.actor)
            let notices = try db.deprecations(includeMigrated: true, as: store.actor).filter { $0.integration == id }
            if output.json { return try DatedJSON.print(IntegrationShowJSON(status: s, deprecations: notices)) }
            let i = s.integration
            var lines = ["Integration \(i.id): \(CLI.safe(i.name)) (\(i.kind.rawValue))",
                         "  stage \(i.stage.rawValue) · owner \(CLI.safe(i.ownerTeam)) · API \(CLI.safe(i.apiVersion))",
                         "  health \(s.health)\(s.healthDetail.map { " (\(CLI.safe($0)))" } ?? "") · source \(CLI.safe(i.source ?? "-")) · service \(i.service ?? i.id)",
                         "  credential rotation due \(i.rotationDue.map { String(Timestamp.format($0).prefix(10)) } ?? "-")",
                         "  last incident \(CLI.safe(s.lastIncident ?? "-"))",
                         "  added by \(i.author); review: \(i.reviewer.map { "approved by \($0) at \(Timestamp.format(i.reviewedAt ?? .distantPast).prefix(16))" } ?? "none")"]
            lines += i.checklist.map { "    [x] \(CLI.safe($0))" }
            lines += notices.map { Deprecations.line($0, now: Date()) }
            try CLI.writeLines(lines)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an integration; it starts in staging and you are its author.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Id (a slug: stripe, route53).") var id: String
        @Option(help: "Display name.") var name: String
        @Option(help: ArgumentHelp("payments, dns, smtp-relay, inbox-provider, blocklist-monitor, crm or other.", valueName: "kind")) var kind: String
        @Option(help: "Owning team.") var owner: String
        @Option(name: .customLong("api-version"), help: "API version in use.") var apiVersion: String
        @Option(help: "Collector source whose status is its health (a probe or scrape name).") var source: String?
        @Option(help: "Service name incidents use for it (default: the id).") var service: String?
        @Option(name: .customLong("rotation-due"), help: ArgumentHelp("Credential rotation due date (YYYY-MM-DD).", valueName: "date"))
        var rotationDue: String?
        @OptionGroup var output: JSONOutput

        func validate() throws {
            if Integration.Kind(rawValue: kind) == nil {
                throw ValidationError("Unknown kind \(Printable.excerpt(kind)); one of \(Integration.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if let rotationDue { try CLI.validating { () throws(OpsError) in _ = try IntegrationValidation.date(rotationDue, field: "--rotation-due", now: Date()) } }
        }

        func run() throws {
            let due = try rotationDue.map { text throws(OpsError) in try IntegrationValidation.date(text, field: "--rotation-due", now: Date()) }
            let added = try store.open(requiring: .integrationsManage).addIntegration(
                Integration(id: id, name: name, kind: Integration.Kind(rawValue: kind) ?? .other, ownerTeam: owner, apiVersion: apiVersion,
                            source: source, service: service, rotationDue: due, created: Date()), as: store.actor)
            if output.json { return try DatedJSON.print(added) }
            print("Added \(added.id) in staging; `pmops integrations advance \(added.id)` sends it to security review.")
        }
    }

    struct SetFields: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change an integration's owner, API version, source, service or rotation date (not its stage).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Integration id.") var id: String
        @Option(help: "Display name.") var name: String?
        @Option(help: "Owning team.") var owner: String?
        @Option(name: .customLong("api-version"), help: "API version in use.") var apiVersion: String?
        @Option(help: "Collector source name.") var source: String?
        @Option(help: "Service name incidents use.") var service: String?
        @Option(name: .customLong("rotation-due"), help: ArgumentHelp("Credential rotation due date (YYYY-MM-DD).", valueName: "date"))
        var rotationDue: String?
        @OptionGroup var output: JSONOutput

        func validate() throws {
            if [name, owner, apiVersion, source, service, rotationDue].allSatisfy({ $0 == nil }) {
                throw ValidationError("Nothing to change: give --owner, --api-version, --source, --service, --rotation-due or --name.")
            }
            if let rotationDue { try CLI.validating { () throws(OpsError) in _ = try IntegrationValidation.date(rotationDue, field: "--rotation-due", now: Date()) } }
        }

        func run() throws {
            let due = try rotationDue.map { text throws(OpsError) in try IntegrationValidation.date(text, field: "--rotation-due", now: Date()) }
            let changed = try store.open(requiring: .integrationsManage).updateIntegration(
                id, IntegrationChanges(name: name, ownerTeam: owner, apiVersion: apiVersion, source: source, service: service, rotationDue: due),
                as: store.actor)
            if output.json { return try DatedJSON.print(changed) }
            print("Updated \(changed.id).")
        }
    }

    struct Advance: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move an integration on: staging → security review → production (production needs an approved review).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Integration id.") var id: String
        @OptionGroup var output: JSONOutput
        func run() throws {
            let moved = try store.open(requiring: .integrationsManage).advanceIntegration(id, as: store.actor)
            if output.json { return try DatedJSON.print(moved) }
            print("\(moved.id) is now in \(moved.stage.rawValue).")
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Security review of an integration awaiting it: --approve with the checklist covered, or --reject (back to staging).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Integration id.") var id: String
        @Flag(help: "Approve it for production.") var approve = false
        @Flag(help: "Send it back to staging.") var reject = false
        @Option(name: .customLong("check"), help: ArgumentHelp("A checklist item the review covered (repeat).", valueName: "item")) var checks: [String] = []
        @Option(help: "Why (recorded in the audit trail).") var note: String?
        @OptionGroup var output: JSONOutput
        func validate() throws {
            if approve == reject { throw ValidationError("Give exactly one of --approve or --reject.") }
        }
        func run() throws {
            let done = try store.open(requiring: .integrationsReview).reviewIntegration(id, approve: approve, checklist: checks, note: note,
                                                                                          as: store.actor)
            if output.json { return try DatedJSON.print(done) }
            print(approve ? "Approved \(done.id) for production (\(done.checklist.count) checklist items); `pmops integrations advance \(done.id)` moves it."
                : "Rejected \(done.id): back in staging.")
        }
    }
}

struct IntegrationShowJSON: Encodable {
    var status: IntegrationStatus
    var deprecations: [Deprecation]
}
