import ArgumentParser
import Foundation
import OpsCore
import OpsCollector
import OpsStore

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Notification emails: list and deliver.",
        subcommands: [List.self, Deliver.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List queued, sent and failed emails (newest first).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this status: queued, sent, failed.") var status: String?
        @Option(help: "At most this many.") var limit: Int = 200
        @Flag(help: "JSON output (includes bodies).") var json = false

        func validate() throws {
            if let status, !["queued", "sent", "failed"].contains(status) { throw ValidationError("--status must be queued, sent or failed.") }
            try CLI.validating { () throws(OpsError) in try InputLimits.count(limit, field: "limit", in: 1...InputLimits.maxCount) }
        }

        func run() throws {
            let messages = try store.open().outbox(status: status, limit: limit, as: store.actor)
            if json { return try CLI.printJSON(messages) }
            CLI.printTable(["ID", "STATUS", "TRIES", "TO", "SUBJECT", "LAST ERROR"], messages.map {
                [String($0.id), $0.status, String($0.attempts), $0.to, $0.subject, $0.lastError ?? ""]
            })
        }
    }

    struct Deliver: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver due emails through the mail transport.",
            discussion: "Transport: --mail > $PMOPS_MAIL > your ~/.config/pmops/mail > the mail.transport setting > a maildir beside the database. Forms: maildir:PATH, sendmail:/usr/sbin/sendmail -t -i (split like a shell splits words, run without one). A sendmail: command is never taken from the store, and a stored maildir is used only if you own it.")
        @OptionGroup var store: StoreOptions
        @Option(help: "maildir:PATH or sendmail:COMMAND.") var mail: String?
        @OptionGroup var output: JSONOutput

        func run() throws {
            let db = try store.open()
            let environment = ProcessInfo.processInfo.environment
            let transport = try db.resolveMailTransport(commandLine: mail, environment: environment)
            // Webhook pages go through the channels you configured (never URLs from the store).
            let channels = try WebhookChannelResolver.resolve(environment: environment)
            let report = try db.deliverOutbox(via: transport, webhooks: channels.isEmpty ? nil : HTTPWebhookPoster(channels: channels), as: store.actor)
            if output.json { try CLI.printJSON(report) } else {
                let webhookNote = channels.isEmpty ? "" : " (webhook pages to \(channels.keys.sorted().joined(separator: ", ")))"
                print("Delivered \(report.sent) via \(transport)\(webhookNote); \(report.retrying) will be retried; \(report.failed) failed for good.")
                for e in report.errors { CLI.printError(e) }
            }
            if report.retrying + report.failed > 0 { throw ExitCode(1) }
        }
    }
}
