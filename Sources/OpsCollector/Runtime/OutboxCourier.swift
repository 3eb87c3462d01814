import Dispatch
import Foundation
import OpsCore
import OpsStore

/// Delivers due outbox mail from the collector's tick, so a page leaves the building
/// without anyone running `pmops outbox deliver`. It sends on its own serial queue: a slow
/// transport (a sendmail program, a remote host) never delays a tick, at most one delivery
/// runs at a time, and one starts at most every `every` seconds. Retries and their backoff
/// are the outbox's own (`OutboxStore.backoff`: 1 min doubling to 1 h, 8 attempts), so a
/// restart loses nothing. The transport is resolved by the caller through
/// `MailTransportResolver` (never a program from the store); webhook channels through
/// `WebhookChannelResolver` (never a URL from the store).
public final class OutboxCourier: @unchecked Sendable {
    public let store: AppDatabase
    public let transport: ResolvedMailTransport
    public let actor: ActorContext
    public let every: TimeInterval
    /// Webhook pages' channels and client (nil: webhook pages wait).
    public let webhooks: (any WebhookPoster)?
    /// False when only webhooks are configured: mail then waits for `outbox deliver`.
    public let mail: Bool
    private let queue = DispatchQueue(label: "pmops.collector.outbox", qos: .utility)
    private let lock = NSLock()
    private var running = false
    private var last: Date?
    /// The last refusal reported, so a lasting one (no outbox.deliver) is logged once.
    private var lastRefusal: String?

    public init(store: AppDatabase, transport: ResolvedMailTransport, actor: ActorContext, every: TimeInterval = 5,
                webhooks: (any WebhookPoster)? = nil, mail: Bool = true) {
        self.webhooks = webhooks
        self.mail = mail
        self.store = store
        self.transport = transport
        self.actor = actor
        self.every = every
    }

    /// Starts a delivery when one is due and none is running.
    func kick(at now: Date, events: @escaping @Sendable (CollectorEvent) -> Void) {
        let go = lock.withLock { () -> Bool in
            if running { return false }
            if let last, abs(now.timeIntervalSince(last)) < every { return false }
            running = true
            last = now
            return true
        }
        guard go else { return }
        queue.async { [self] in
            defer { lock.withLock { running = false } }
            do throws(OpsError) {
                let report = try store.deliverOutbox(via: transport, webhooks: webhooks, mail: mail, as: actor)
                lock.withLock { lastRefusal = nil }
                if report.sent + report.retrying + report.failed > 0 { events(.outboxDelivered(report, via: transport.description)) }
            } catch {
                let text = error.description
                let repeated = lock.withLock { () -> Bool in
                    defer { lastRefusal = text }
                    return lastRefusal == text
                }
                if !repeated { events(.outboxFailed(text)) }
            }
        }
    }

    /// Returns once the delivery in progress (if any) has finished: `--once` and tests.
    public func waitForDelivery() {
        queue.sync {}
    }
}
