import Foundation
import OpsCore

/// What one pass over a Maildir did: a result per handled message, and the files that
/// could not be read or moved (left in new/ for the next pass).
public struct MailInBatch: Sendable, Equatable {
    public var results: [MailInResult] = []
    public var failures: [String] = []
    public init() {}

    /// How many messages had `outcome`.
    public func count(_ outcome: MailInOutcome) -> Int { results.filter { $0.outcome == outcome }.count }
}

extension MaildirInbox {
    /// The gateway's one pass, shared by `pmops tickets mail-in` and the collector's
    /// `mailbox` source: every file waiting in new/ goes through `receiveMail` (its own
    /// transaction: placed, quarantined or a duplicate by Message-ID) and then moves to
    /// cur/ with the Seen flag. A file that cannot be read or moved is listed and left for
    /// the next pass; a refused permission ends the pass (no message would fare better).
    /// `limit` caps the messages of one pass (oldest first); the rest wait for the next.
    public func receiveAll(into store: AppDatabase, as context: ActorContext, limit: Int = .max) throws(OpsError) -> MailInBatch {
        var batch = MailInBatch()
        for name in try waiting().prefix(max(limit, 0)) {
            do throws(OpsError) {
                let result = try store.receiveMail(try read(name), as: context)
                try markSeen(name)
                batch.results.append(result)
            } catch where error.exitCode == 4 {
                throw error
            } catch {
                batch.failures.append("\(name): \(error)")
            }
        }
        return batch
    }
}
