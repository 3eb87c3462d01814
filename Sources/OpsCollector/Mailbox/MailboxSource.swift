import Foundation
import OpsCore
import OpsStore

/// The mail gateway on the collector's schedule (`mailbox NAME maildir:PATH`): each turn
/// runs the same pass as `pmops tickets mail-in` (`MaildirInbox.receiveAll`) over the
/// Maildir, so replies join their tickets, known contacts open tickets and the rest is
/// quarantined without anyone running a command. Each message is its own transaction,
/// idempotent by Message-ID, and moves to cur/ with the Seen flag once handled.
///
/// It writes tickets as the collector's account, which needs tickets.manage: without it,
/// a missing Maildir or a store error the turn fails (the source's status shows the
/// sentence; its backoff applies) and every message stays in new/. Files that could not be
/// read or moved are the source's problems, and are tried again next turn. The samples
/// count what the turn did: `pmops_mailbox_messages{source,outcome}`. A turn reads at most
/// `perTurn` messages (oldest first), so a backlog cannot hold the lane far past its
/// timeout (the gateway places about 500 a second); the rest wait for the next turn.
public final class MailboxSource: MetricSource, ProblemReporting, @unchecked Sendable {
    public let name: String
    public let inbox: MaildirInbox
    public let interval: TimeInterval
    public let timeout: TimeInterval
    public let perTurn: Int
    private let store: AppDatabase
    private let actor: ActorContext
    private let lock = NSLock()
    private var problems: [String] = []
    private var batch: MailInBatch?

    public init(name: String, inbox: MaildirInbox, store: AppDatabase, actor: ActorContext, interval: TimeInterval = 30,
                timeout: TimeInterval = 10, perTurn: Int = 1_000) throws(CollectorError) {
        guard inbox.root.hasPrefix("/") else {
            throw CollectorError.invalidConfiguration("A mailbox source needs an absolute Maildir path, not \"\(inbox.root)\".")
        }
        guard interval > 0, interval.isFinite, timeout > 0, timeout.isFinite else {
            throw CollectorError.invalidConfiguration("A mailbox source's interval and timeout must be positive numbers of seconds.")
        }
        self.name = name
        self.inbox = inbox
        self.store = store
        self.actor = actor
        self.interval = interval
        self.timeout = timeout
        self.perTurn = max(perTurn, 1)
    }

    /// What the last successful turn did.
    public var lastBatch: MailInBatch? { lock.withLock { batch } }

    public var lastProblems: [String] { lock.withLock { problems } }

    public func collect(now: Date) throws -> [MetricSample] {
        // An OpsError's description is the sentence the source's status shows.
        let done = try inbox.receiveAll(into: store, as: actor, limit: perTurn)
        lock.withLock {
            batch = done
            problems = done.failures.map { "Not handled (left in new/): \($0)" }
        }
        return MailInOutcome.allCases.map { outcome in
            MetricSample(name: "pmops_mailbox_messages", labels: ["source": name, "outcome": outcome.rawValue],
                         value: Double(done.count(outcome)), timestamp: now)
        }
    }
}
