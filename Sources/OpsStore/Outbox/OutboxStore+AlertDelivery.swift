import Foundation
internal import GRDB
import OpsCore

extension OutboxStore {
    /// Writes a page's delivery into its alert's history, in the transaction that records
    /// the delivery: `delivered` (to whom, through which transport), `delivery_retry` (the
    /// error and when it is tried again) or `delivery_failed` (given up). Other mail, and a
    /// page whose alert was purged meanwhile, record nothing here (the audit row remains).
    static func recordDelivery(_ message: OutboxMessage, channel: String, via: String, failure: String?, attempts: Int, final: Bool,
                               actor: String, at date: Date, db: Database) throws {
        guard let alertID = message.alertID,
              try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM alert WHERE id = ?)", arguments: [alertID]) == true else { return }
        let kind: String
        let note: String
        if let failure {
            kind = final ? "delivery_failed" : "delivery_retry"
            note = final
                ? "\(channel) failed for good after \(attempts) attempts: \(failure)"
                : "\(channel) failed (attempt \(attempts) of \(maxAttempts); next try in \(AlertRouting.format(backoff(attempt: attempts)))): \(failure)"
        } else {
            kind = "delivered"
            note = channel
        }
        try AlertSignals.event(alertID, kind: kind, actor: actor, from: nil, to: nil, note: note,
                               detail: ["outbox": .int(message.id), "to": .string(message.to), "via": .string(via),
                                        "attempts": .int(Int64(attempts))],
                               at: date, db: db)
    }
}

extension MailTransportSpec {
    /// The transport as history names it: "maildir" or the program's name, without paths
    /// or arguments (the full transport is in the event's detail and the audit row).
    public var channelName: String {
        switch self {
        case .maildir: "maildir"
        case let .sendmail(words): (words.first.map { ($0 as NSString).lastPathComponent } ?? "sendmail")
        }
    }
}
