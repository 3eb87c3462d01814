import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops routing load | show | check`.
struct RoutingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing", abstract: "Alert routing (labels → team) and escalation policies (who is paged, after how long).",
        discussion: "The file format is described in Config/alert-routing.conf. The store keeps the loaded copy so every process routes alike.",
        subcommands: [Show.self, Check.self, Load.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the routing in force.")
        @OptionGroup var store: StoreOptions
        func run() throws {
            let db = try store.open(requiring: .alertsRead)
            try CLI.writeLines([try db.alertRouting().text.trimmingCharacters(in: .newlines)])
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a routing file (file:line errors, exit 2): its syntax, and when the store exists, that every paged login is an active account holding alerts.ack.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The routing file.") var file: String
        func run() throws {
            let text = try RoutingCommand.read(file)
            // Webhook channels are checked against the invoker's own configuration.
            let channels = Set(try WebhookChannelResolver.resolve(environment: ProcessInfo.processInfo.environment).keys)
            guard let db = try store.openIfPresent(requiring: .usersRead) else {
                let routing = try AlertRouting.parse(text, file: file)
                let unknown = routing.webhookChannels.filter { !channels.contains($0) }
                if !unknown.isEmpty {
                    throw OpsError.invalid(field: file, message: "webhook channel(s) \(unknown.joined(separator: ", ")) are not configured (~/.config/pmops/webhooks or $PMOPS_WEBHOOK_<NAME>).")
                }
                print("\(file): \(routing.routes.count) route(s), \(Set(routing.levels.map(\.team)).count) escalation polic(ies), syntax OK (no store to check logins against).")
                return
            }
            let (routing, problems) = try db.checkAlertRouting(text, file: file, channels: channels)
            if !problems.isEmpty { throw OpsError.invalidFields(problems) }
            print("\(file): \(routing.routes.count) route(s), \(Set(routing.levels.map(\.team)).count) escalation polic(ies), OK.")
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the routing with a file (every paged login must be an active account holding alerts.ack). Needs rules.manage.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The routing file.") var file: String
        func run() throws {
            let routing = try store.open().loadAlertRouting(try RoutingCommand.read(file), file: file, as: store.actor)
            print("Loaded \(file): \(routing.routes.count) route(s), \(routing.levels.count) escalation level(s).")
        }
    }

    static func read(_ path: String) throws(OpsError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileManager.default.fileExists(atPath: path) ? .failure("Cannot read \(Printable.excerpt(path)).") : .notFound("No file \(Printable.excerpt(path)).")
        }
        guard data.count <= 1_000_000 else { throw .invalid(field: "file", message: "\(Printable.excerpt(path)) is over 1 MB; a routing file is a few lines.") }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalid(field: "file", message: "\(Printable.excerpt(path)) is not UTF-8 text.") }
        return text
    }
}
