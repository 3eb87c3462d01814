import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops changes record|list`: deploys, rollbacks, config, flag and infrastructure
/// changes, callable from CI. Incidents show the ones before detection as suspects.
struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes", abstract: "Changes to production (deploy, rollback, config, flag, infra): record from CI, list.",
        subcommands: [Record.self, List.self])

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a change. A failed deploy prints the command that declares a deployment incident with a rollback checklist.")
        @OptionGroup var store: StoreOptions
        @Option(help: "deploy, rollback, config, flag or infra.") var kind: String
        @Option(help: "The service changed (a-z, 0-9, '-', '_', '.').") var service: String
        @Option(help: "The version deployed or rolled back to.") var version: String?
        @Option(help: "started, succeeded or failed.") var status = "succeeded"
        @Option(help: "Who made it (default: you).") var by: String?
        @Option(help: "When (UTC time or an age such as 5m; default: now).") var at: String?
        @Option(help: "An http(s) link to the pipeline or change request.") var link: String?
        @OptionGroup var output: JSONOutput

        func change(now: Date) throws(OpsError) -> NewChange {
            guard let kind = ChangeEvent.Kind(rawValue: kind.lowercased()) else {
                throw .invalid(field: "kind", message: "\(Printable.excerpt(self.kind)) is not a change kind; kinds are \(ChangeEvent.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard let status = ChangeEvent.Status(rawValue: status.lowercased()) else {
                throw .invalid(field: "status", message: "\(Printable.excerpt(self.status)) is not a change status; use started, succeeded or failed.")
            }
            _ = try IncidentValidation.name(service, field: "service")
            if let version { _ = try IncidentValidation.version(version) }
            if let link { _ = try IncidentValidation.link(link) }
            if let by { _ = try IncidentValidation.actor(by) }
            let when = try at.map { (text) throws(OpsError) in try InputLimits.ago(text, field: "at", now: now) }
            return NewChange(kind: kind, service: service, version: version, status: status, by: by, at: when, link: link)
        }

        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try change(now: Date()) } }

        func run() throws {
            let db = try store.open()
            let change = try db.recordChange(try change(now: db.clock.now()), as: store.actor)
            if output.json { return try CLI.printJSON(ChangeJSON(change)) }
            print("Recorded change \(change.id): \(change.kind) \(change.service)\(change.version.map { " " + CLI.safe($0) } ?? "") \(change.status).")
            if change.suggestsIncident {
                print("The deploy failed. To declare a deployment incident with a rollback checklist:")
                print("  pmops incidents declare --category deployment --severity SEV-2 --change \(change.id) --commander LOGIN --title 'Failed deploy of \(change.service)'")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Changes since a time, newest first, for one service or all.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this service.") var service: String?
        @Option(help: "Window: 2h, 7d, or a UTC time.") var since = "24h"
        @Option(help: "At most this many.") var limit = 200
        @OptionGroup var output: JSONOutput
        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                _ = try CLI.since(since, field: "since")
                if let service { _ = try IncidentValidation.name(service, field: "service") }
                try InputLimits.count(limit, field: "limit", in: 1...100_000)
            }
        }
        func run() throws {
            let rows = try store.open().changes(service: service, since: try CLI.since(since, field: "since"), limit: limit, as: store.actor)
            if output.json { return try CLI.printJSON(rows.map(ChangeJSON.init)) }
            CLI.printTable(["ID", "AT", "KIND", "SERVICE", "VERSION", "STATUS", "BY", "LINK"], rows.map { c in
                [String(c.id), Timestamp.format(c.at), c.kind.rawValue, c.service, c.version ?? "-", c.status.rawValue, c.by, c.link ?? "-"]
            })
        }
    }
}
