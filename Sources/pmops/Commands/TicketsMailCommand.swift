import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops tickets mail-in` and `pmops tickets quarantine`: the email gateway over the
/// same pass (`MaildirInbox.receiveAll`) the collector's `mailbox` source runs.
extension TicketsCommand {
    struct MailIn: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mail-in",
            abstract: "Read new mail from a Maildir: replies join their ticket, known contacts open tickets, the rest is quarantined.",
            discussion: """
                A reply is matched by In-Reply-To/References to a message we sent, or by its [ESC-n] subject tag (from a \
                contact of that ticket's customer). A reply to a ticket resolved longer ago than tickets.reopen_days opens a \
                follow-up ticket under it instead. An untagged message from a customer contact opens a ticket in triage. \
                Anything else, anything unparseable, over 10 MB or with a body over 1 MiB is quarantined (see `tickets \
                quarantine`). Each handled file moves to cur/ with the Seen flag; a Message-ID seen before is skipped. \
                Exit 0 when every message was handled (quarantine included), 1 when a file could not be read or moved, \
                3 when the Maildir is missing, 4 without tickets.manage.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The mailbox: maildir:PATH.", valueName: "source")) var source: String
        @OptionGroup var output: JSONOutput

        func validate() throws { try CLI.validating { () throws(OpsError) in _ = try MaildirInbox.parse(source) } }

        func run() throws {
            let inbox = try MaildirInbox.parse(source)
            let db = try store.open()
            try db.authorize(.ticketsManage, store.actor)
            let batch = try inbox.receiveAll(into: db, as: store.actor)
            let (results, failures) = (batch.results, batch.failures)
            if output.json {
                try CLI.printJSON(MailInReport(results: results, failures: failures))
            } else {
                var lines = results.map { r in
                    "\(r.outcome.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(r.ticket?.description ?? "-")  \(CLI.safe(r.file))"
                        + (r.from.map { "  from \(CLI.safe($0))" } ?? "") + (r.reason.map { "  (\(CLI.safe($0)))" } ?? "")
                }
                let counts = MailInOutcome.allCases.map { outcome in "\(results.filter { $0.outcome == outcome }.count) \(outcome.rawValue)" }
                lines.append("Read \(results.count + failures.count) messages: \(counts.joined(separator: ", ")).")
                lines += failures.map { "Not handled (left in new/): \(CLI.safe($0))" }
                try CLI.writeLines(lines)
            }
            if !failures.isEmpty { throw ExitCode(1) }
        }
    }

    struct MailInReport: Encodable {
        var results: [MailInResult]
        var failures: [String]
    }

    struct Quarantine: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mail the gateway could not place, newest first, with the reason (the message itself is kept).")
        @OptionGroup var store: StoreOptions
        @Option(help: "At most this many.") var limit = 200
        @OptionGroup var output: JSONOutput
        func validate() throws { try CLI.validating { () throws(OpsError) in try InputLimits.count(limit, field: "limit", in: 1...100_000) } }
        func run() throws {
            let rows = try store.open().quarantinedMail(limit: limit, as: store.actor)
            if output.json { return try CLI.printJSON(rows) }
            CLI.printTable(["ID", "RECEIVED", "FROM", "SUBJECT", "SIZE", "REASON"], rows.map { q in
                [String(q.id), q.receivedAt, q.sender ?? "-", String((q.subject ?? "-").prefix(40)), String(q.size),
                 q.reason + (q.rawKept ? "" : " File: \(q.mailbox)/cur/\(q.file):2,S")]
            })
        }
    }
}
