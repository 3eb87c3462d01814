import Foundation
import OpsCore
import OpsStore

/// Stripe webhook deliveries on the collector's schedule (`stripe NAME spool:PATH`): each
/// turn runs the same pass as `pmops billing spool` (`StripeSpool.receiveAll`), so events a
/// relay spools are verified and stored within seconds without anyone running a command.
/// Each event is its own transaction, idempotent by event id; refused deliveries are
/// quarantined in refused/ with their reason, never dropped.
///
/// It writes as the collector's account, which needs billing.manage: without it the turn
/// fails with the sentence (the source's status shows it) and every file stays in new/.
/// The samples count what the turn did: `pmops_stripe_events{source,outcome}`.
public final class StripeSpoolSource: MetricSource, ProblemReporting, @unchecked Sendable {
    public let name: String
    public let spool: StripeSpool
    public let interval: TimeInterval
    public let timeout: TimeInterval
    public let perTurn: Int
    private let secret: String
    private let store: AppDatabase
    private let actor: ActorContext
    private let lock = NSLock()
    private var problems: [String] = []

    public init(name: String, spool: StripeSpool, secret: String, store: AppDatabase, actor: ActorContext, interval: TimeInterval = 5,
                timeout: TimeInterval = 10, perTurn: Int = 5_000) throws(CollectorError) {
        guard spool.root.hasPrefix("/") else {
            throw CollectorError.invalidConfiguration("A stripe source needs an absolute spool path, not \"\(spool.root)\".")
        }
        guard interval > 0, interval.isFinite, timeout > 0, timeout.isFinite else {
            throw CollectorError.invalidConfiguration("A stripe source's interval and timeout must be positive numbers of seconds.")
        }
        self.name = name
        self.spool = spool
        self.secret = secret
        self.store = store
        self.actor = actor
        self.interval = interval
        self.timeout = timeout
        self.perTurn = max(perTurn, 1)
    }

    public var lastProblems: [String] { lock.withLock { problems } }

    public func collect(now: Date) throws -> [MetricSample] {
        let done = try spool.receiveAll(into: store, secret: secret, as: actor, limit: perTurn)
        lock.withLock {
            problems = done.failures.map { "Not handled (left in new/): \($0)" }
                + done.results.filter { $0.outcome == "refused" }.map { "Refused \($0.file): \($0.reason ?? "")" }
        }
        return StripeSpool.outcomes.map { outcome in
            MetricSample(name: "pmops_stripe_events", labels: ["source": name, "outcome": outcome], value: Double(done.count(outcome)), timestamp: now)
        }
    }
}
