import Foundation
import OpsCollector
import OpsCore
import OpsStore

/// `pmops collect --status`: who holds the lease, and each source's last stored status.
enum CollectStatus {
    static func print(db: AppDatabase, json: Bool) throws {
        let holder = try db.leaseHolder()
        let sources = try db.sourceStatuses()
        let now = Date()
        if json { return try CLI.printJSON(StatusJSON(lease: holder, sources: sources, now: now)) }
        if let holder {
            let age = now.timeIntervalSince(holder.heartbeatAt)
            let live = holder.isLive(at: now) ? "live" : "stale"
            let who = holder.holderLogin.map { " as \(CLI.safe($0))" } ?? ""
            Swift.print("Lease: \(CLI.safe(holder.holderHost)) pid \(holder.holderPID)\(who), \(live), last heartbeat \(String(format: "%.1f", age)) s ago (ttl \(String(format: "%.1f", holder.ttl)) s).")
        } else {
            Swift.print("Lease: free (no collector is running).")
        }
        CLI.printTable(["SOURCE", "UP", "LAST SUCCESS", "FAILURES", "LAST ERROR"], sources.map {
            [$0.source, $0.up.map { $0 ? "up" : "down" } ?? "unknown", $0.lastSuccess.map(Timestamp.format) ?? "never",
             String($0.consecutiveFailures), $0.lastError ?? ""]
        })
    }

    struct StatusJSON: Encodable {
        let lease: CollectorLease?
        let sources: [MetricSourceStatus]
        let now: Date

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: JSONField.self)
            if let lease {
                var l = c.nestedContainer(keyedBy: JSONField.self, forKey: JSONField("lease"))
                try l.field("host", lease.holderHost)
                try l.field("pid", lease.holderPID)
                try l.time("acquired_at", lease.acquiredAt)
                try l.time("heartbeat_at", lease.heartbeatAt)
                try l.field("login", lease.holderLogin)
                try l.field("ttl_seconds", lease.ttl)
                try l.field("live", lease.isLive(at: now))
            } else {
                try c.encodeNil(forKey: JSONField("lease"))
            }
            var list = c.nestedUnkeyedContainer(forKey: JSONField("sources"))
            for source in sources {
                var s = list.nestedContainer(keyedBy: JSONField.self)
                try s.field("name", source.source)
                try s.field("up", source.up)
                try s.field("last_error", source.lastError)
                try s.time("last_success", source.lastSuccess)
                try s.time("last_attempt", source.lastAttempt)
                try s.field("consecutive_failures", source.consecutiveFailures)
            }
        }
    }
}
