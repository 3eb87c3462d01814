import Foundation
import OpsCore
import OpsStore

/// Holds the store's collector lease for one process: "one writer per store". Two
/// collectors would store every sample twice and fight over alert rows, so a second one
/// is refused while the first heartbeats, and takes over once two heartbeats are missed
/// (the holder crashed or hangs).
public final class CollectorLeaseKeeper: @unchecked Sendable {
    public let store: AppDatabase
    public let host: String
    public let pid: Int32
    /// The account the collector runs as: it must hold `collector.run` to take the lease,
    /// and keep it to renew it.
    public let actor: ActorContext
    /// Seconds between renewals; the lease lives for two.
    public let heartbeat: TimeInterval
    private let lock = NSLock()
    private var held: CollectorLease?
    private var lastBeat: Date?

    public init(store: AppDatabase, actor: ActorContext, heartbeat: TimeInterval, host: String = CollectorLeaseKeeper.hostName(),
                pid: Int32 = getpid()) {
        self.store = store
        self.actor = actor
        self.heartbeat = heartbeat
        self.host = host
        self.pid = pid
    }

    public var ttl: TimeInterval { heartbeat * 2 }

    /// The lease while held.
    public var lease: CollectorLease? { lock.withLock { held } }

    /// Takes the lease if it is free, stale (two heartbeats old) or already ours.
    public func acquire(now: Date) throws(OpsError) -> LeaseAttempt {
        let attempt = try store.acquireLease(as: actor, host: host, pid: pid, now: now, ttl: ttl)
        if case let .acquired(lease) = attempt {
            lock.withLock {
                held = lease
                lastBeat = now
            }
        }
        return attempt
    }

    /// Renews the lease when a heartbeat is due (or always with `force`). Throws `.conflict`
    /// when it is no longer ours: the caller must stop collecting at once.
    public func beatIfDue(now: Date, force: Bool = false) throws(OpsError) {
        let due: CollectorLease? = lock.withLock {
            guard let held else { return nil }
            if force { return held }
            guard let lastBeat else { return held }
            // A clock that went back also renews: "elapsed" is meaningless then.
            let elapsed = now.timeIntervalSince(lastBeat)
            return elapsed >= heartbeat || elapsed < 0 ? held : nil
        }
        guard let due else { return }
        do {
            try store.heartbeat(token: due.token, now: now)
            lock.withLock { lastBeat = now }
        } catch {
            if case .conflict = error { lock.withLock { held = nil } }
            throw error
        }
    }

    /// Gives the lease up so a successor need not wait out the ttl. Errors are swallowed:
    /// this runs on the way out, and an unreleased lease only expires.
    public func release() {
        let token = lock.withLock { () -> String? in
            defer { held = nil }
            return held?.token
        }
        if let token { _ = try? store.releaseLease(token: token) }
    }

    /// The refusal a second collector prints (exit 5).
    public static func refusal(_ holder: CollectorLease, now: Date) -> OpsError {
        let age = max(0, now.timeIntervalSince(holder.heartbeatAt))
        let who = holder.holderLogin.map { " as '\(Printable.quote($0))'" } ?? ""
        return .conflict(
            "Another collector holds this store's lease: \(Printable.quote(holder.holderHost)) pid \(holder.holderPID)\(who), last heartbeat \(String(format: "%.1f", age)) s ago. "
                + "Only one collector may write a store; this one takes over only after that one misses two of its heartbeats (\(ConfigValue.format(holder.ttl)))."
        )
    }

    /// This machine's name as the lease records it.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
