import Foundation
import GRDB
import OpsCore

/// Who runs the collector for this store. Two collectors would double every sample's
/// work and fight over alert transitions, so one holds a lease and heartbeats it; another
/// may take over only when the heartbeat is older than the ttl (two heartbeats: one late
/// beat is tolerated, two are not).
public struct CollectorLease: Codable, Sendable, Equatable {
    public var holderHost: String
    public var holderPID: Int32
    /// Proves ownership to `heartbeat` and `releaseLease`; new on every takeover.
    public var token: String
    public var acquiredAt: Date
    public var heartbeatAt: Date
}

extension CollectorLease: FetchableRecord {
    public init(row: Row) throws {
        holderHost = row["holder_host"]
        holderPID = row["holder_pid"]
        token = row["token"]
        acquiredAt = MetricTime.parse(row["acquired_at"]) ?? Date(timeIntervalSince1970: 0)
        heartbeatAt = MetricTime.parse(row["heartbeat_at"]) ?? Date(timeIntervalSince1970: 0)
    }
}

public enum LeaseAttempt: Sendable, Equatable {
    case acquired(CollectorLease)
    /// Someone else holds a live lease.
    case heldBy(CollectorLease)
}

extension AppDatabase {
    /// Takes the lease when nobody holds it, when the holder's heartbeat is older than
    /// `ttl`, or when it is already ours (same host and pid: a restart keeps its place).
    /// A heartbeat dated in the future (another host's clock ahead) counts as fresh.
    public func acquireLease(host: String, pid: Int32, now: Date, ttl: TimeInterval) throws(OpsError) -> LeaseAttempt {
        try write { db in
            let current = try CollectorLease.fetchOne(db, sql: "SELECT * FROM collector_lease WHERE id = 1")
            if let current, current.holderHost == host, current.holderPID == pid {
                try db.execute(sql: "UPDATE collector_lease SET heartbeat_at = ? WHERE id = 1", arguments: [Timestamp.format(now)])
                var renewed = current
                renewed.heartbeatAt = MetricTime.parse(Timestamp.format(now)) ?? now
                return .acquired(renewed)
            }
            if let current, now.timeIntervalSince(current.heartbeatAt) <= ttl { return .heldBy(current) }
            let token = UUID().uuidString.lowercased()
            let stamp = Timestamp.format(now)
            try db.execute(sql: """
                INSERT INTO collector_lease (id, holder_host, holder_pid, token, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET holder_host = excluded.holder_host, holder_pid = excluded.holder_pid,
                    token = excluded.token, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at
                """, arguments: [host, pid, token, stamp, stamp])
            let stored = MetricTime.parse(stamp) ?? now
            return .acquired(CollectorLease(holderHost: host, holderPID: pid, token: token, acquiredAt: stored, heartbeatAt: stored))
        }
    }

    /// Renews the lease. Fails with `.conflict` when it is no longer ours (another
    /// collector took over or it was released): the caller must stop collecting.
    public func heartbeat(token: String, now: Date) throws(OpsError) {
        try write { db in
            try db.execute(sql: "UPDATE collector_lease SET heartbeat_at = ? WHERE id = 1 AND token = ?",
                           arguments: [Timestamp.format(now), token])
            guard db.changesCount == 1 else {
                let holder = try CollectorLease.fetchOne(db, sql: "SELECT * FROM collector_lease WHERE id = 1")
                throw OpsError.conflict(holder.map {
                    "The collector lease was taken over by \($0.holderHost) pid \($0.holderPID); this collector must stop."
                } ?? "The collector lease was released; this collector must stop.")
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
