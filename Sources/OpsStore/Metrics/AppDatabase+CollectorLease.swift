import Foundation
package import GRDB
import OpsCore

/// Who runs the collector for this store. Two collectors would double every sample's
/// work and fight over alert transitions, so one holds a lease and heartbeats it; another
/// may take over only when the heartbeat is older than the holder's own ttl (two of its
/// heartbeats: one late beat is tolerated, two are not). The ttl is the holder's, stored in
/// the row: a newcomer with a shorter heartbeat must not judge a live holder dead by its
/// own clockwork.
public struct CollectorLease: Codable, Sendable, Equatable {
    public var holderHost: String
    public var holderPID: Int32
    /// The staff account the collector runs as (nil for a lease written before accounts
    /// were recorded).
    public var holderLogin: String?
    /// How long the holder's lease lives after each heartbeat.
    public var ttl: TimeInterval
    /// Proves ownership to `heartbeat` and `releaseLease`; new on every takeover.
    public var token: String
    public var acquiredAt: Date
    public var heartbeatAt: Date
}

extension CollectorLease: StoredRecord {
    package init(row: Row) throws {
        holderHost = row["holder_host"]
        holderPID = row["holder_pid"]
        holderLogin = row["holder_login"]
        ttl = row["ttl_seconds"] ?? CollectorLease.legacyTTL
        token = row["token"]
        acquiredAt = MetricTime.parse(row["acquired_at"]) ?? Date(timeIntervalSince1970: 0)
        heartbeatAt = MetricTime.parse(row["heartbeat_at"]) ?? Date(timeIntervalSince1970: 0)
    }
}

extension CollectorLease {
    /// The ttl assumed for a lease row written before the ttl was stored (the default
    /// heartbeat of 5 s, twice).
    public static let legacyTTL: TimeInterval = 10
    /// Bounds on a stored ttl: a holder cannot keep a dead lease for hours, nor claim one
    /// that expires between two writes.
    public static let ttlRange: ClosedRange<TimeInterval> = 0.4...600

    /// Whether the holder still counts as alive at `now`, by its own ttl.
    public func isLive(at now: Date) -> Bool {
        now.timeIntervalSince(heartbeatAt) <= ttl
    }
}

public enum LeaseAttempt: Sendable, Equatable {
    case acquired(CollectorLease)
    /// Someone else holds a live lease.
    case heldBy(CollectorLease)
}

extension AppDatabase {
    /// Takes the lease when nobody holds it, when the holder's heartbeat is older than the
    /// holder's own ttl, or when it is already ours (same host and pid: a restart keeps its
    /// place). A heartbeat dated in the future (another host's clock ahead) counts as fresh.
    ///
    /// The collector writes metrics, fires alerts and writes audit rows, so it runs as an
    /// active account holding `collector.run` (`--as` honoured); taking the lease is audited
    /// with that account, and every row the collector writes afterwards is attributable to
    /// the holder of the lease at the time.
    public func acquireLease(as context: ActorContext, host: String, pid: Int32, now: Date,
                             ttl: TimeInterval) throws(OpsError) -> LeaseAttempt {
        guard CollectorLease.ttlRange.contains(ttl) else {
            throw .invalid(field: "lease", message: "a lease ttl must be between 0.4 s and 10 min, not \(ttl) s.")
        }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.collectorRun, actor: actor)
            let current = try CollectorLease.fetchOne(db, sql: "SELECT * FROM collector_lease WHERE id = 1")
            if let current, current.holderHost == host, current.holderPID == pid {
                try db.execute(sql: "UPDATE collector_lease SET heartbeat_at = ?, holder_login = ?, ttl_seconds = ? WHERE id = 1",
                               arguments: [Timestamp.format(now), actor.login, ttl])
                var renewed = current
                renewed.heartbeatAt = MetricTime.parse(Timestamp.format(now)) ?? now
                renewed.holderLogin = actor.login
                renewed.ttl = ttl
                return .acquired(renewed)
            }
            if let current, current.isLive(at: now) { return .heldBy(current) }
            let token = UUID().uuidString.lowercased()
            let stamp = Timestamp.format(now)
            try db.execute(sql: """
                INSERT INTO collector_lease (id, holder_host, holder_pid, token, acquired_at, heartbeat_at, holder_login, ttl_seconds)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET holder_host = excluded.holder_host, holder_pid = excluded.holder_pid,
                    token = excluded.token, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at,
                    holder_login = excluded.holder_login, ttl_seconds = excluded.ttl_seconds
                """, arguments: [host, pid, token, stamp, stamp, actor.login, ttl])
            var details: [String: JSONValue] = ["host": .string(host), "pid": .int(Int64(pid)), "ttl_ms": .int(Int64((ttl * 1000).rounded()))]
            if let current {
                details["previous"] = .string("\(current.holderHost) pid \(current.holderPID)")
            }
            try audit(AuditChain.Record(action: "collector.lease", target: "\(host):\(pid)", after: .object(details)), context, db: db)
            let stored = MetricTime.parse(stamp) ?? now
            return .acquired(CollectorLease(holderHost: host, holderPID: pid, holderLogin: actor.login, ttl: ttl, token: token,
                                            acquiredAt: stored, heartbeatAt: stored))
        }
    }

    /// Renews the lease. Fails with `.conflict` when it is no longer ours (another
    /// collector took over or it was released): the caller must stop collecting.
    public func heartbeat(token: String, now: Date) throws(OpsError) {
        try write { db in
            try db.execute(sql: "UPDATE collector_lease SET heartbeat_at = ? WHERE id = 1 AND token = ?",
                           arguments: [Timestamp.format(now), token])
            let holder = try CollectorLease.fetchOne(db, sql: "SELECT * FROM collector_lease WHERE id = 1")
            guard db.changesCount == 1, let holder else {
                throw OpsError.conflict(holder.map {
                    "The collector lease was taken over by \($0.holderHost) pid \($0.holderPID); this collector must stop."
                } ?? "The collector lease was released; this collector must stop.")
            }
            // An account deactivated or stripped of collector.run stops its collector at the
            // next heartbeat rather than writing on until a restart.
            if let login = holder.holderLogin {
                let account = try StaffQueries.find(login: login, db: db)
                guard let account, account.isActive, account.permissions.contains(.collectorRun) else {
                    throw OpsError.conflict("The collector's account '\(login)' is no longer active with collector.run; this collector must stop.")
                }
            }
        }
    }

    /// Gives the lease up (on a clean shutdown) so a successor need not wait for the ttl.
    /// Returns false when it was not ours any more.
    @discardableResult
    public func releaseLease(token: String) throws(OpsError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM collector_lease WHERE id = 1 AND token = ?", arguments: [token])
            return db.changesCount == 1
        }
    }

    public func leaseHolder() throws(OpsError) -> CollectorLease? {
        try read { db in try CollectorLease.fetchOne(db, sql: "SELECT * FROM collector_lease WHERE id = 1") }
    }
}
