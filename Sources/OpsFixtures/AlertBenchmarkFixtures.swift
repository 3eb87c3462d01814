import Foundation
internal import GRDB
import OpsCore
import OpsStore

/// What `seedAlertBenchmark` wrote.
public struct AlertBenchmarkFixture: Sendable, Equatable, Codable {
    public var total: Int
    public var active: Int
    public var silenced: Int
    public var criticalOpen: Int
    public var seconds: Double
}

/// The alert-queue benchmark store: a million alerts in one transaction through one
/// prepared statement, shaped like a long-lived production queue.
extension AppDatabase {
    /// Inserts `total` alerts of which `active` are still open, acknowledged or snoozed
    /// (the rest resolved or closed), spread over `days` before `now`. Labels, services,
    /// teams, severities and states follow fixed proportions from a seeded generator, so
    /// the same arguments always give the same store. `mine` receives a share of the
    /// assignments (for the "mine" filter). Raw SQL, bypassing history and audit: it is a
    /// fixture, not a workload.
    @discardableResult
    public func seedAlertBenchmark(total: Int, active: Int, seed: UInt64 = 1, days: Double = 180, now: Date? = nil,
                                   mine: String? = nil) throws(OpsError) -> AlertBenchmarkFixture {
        let total = max(0, total), active = min(max(0, active), total)
        let end = now ?? clock.now()
        let began = Date()
        var silenced = 0, criticalOpen = 0
        try write { db in
            try db.execute(sql: "PRAGMA cache_size = -262144")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            let nowText = Timestamp.format(end)
            try db.execute(sql: """
                INSERT INTO silence (matchers, starts_at, ends_at, created_by, created_at, comment, applied)
                VALUES ('[{"name":"service","op":"=","value":"legacy-fax"}]', ?, ?, 'bench', ?, 'legacy fax gateway is being retired', 1)
                """, arguments: [nowText, Timestamp.format(end.addingTimeInterval(86_400 * 30)), nowText])
            let silenceID = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: """
                INSERT INTO alert (fingerprint, rule, source, labels, annotations, severity, status, summary, runbook_url, value,
                                   starts_at, last_seen_at, ends_at, occurrences, assignee, team, state, acked_by, acked_at,
                                   snoozed_until, resolved_by, resolved_at, closed_by, closed_at, close_reason, false_positive,
                                   silence_id, escalation_level, flapping, group_key, service, version, updated_at)
                VALUES (?, ?, 'rules', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
                """)
            var rng = DemoStaff.Generator(seed: seed)
            let span = days * 86_400
            let inactive = total - active
            for i in 0..<total {
                let isActive = i >= inactive
                // Old alerts first (ids grow with time); the active tail is the recent part.
                let age: Double = isActive
                    ? Double(total - i) / Double(max(active, 1)) * min(span, 7 * 86_400) * rng.unit()
                    : span * (1 - Double(i) / Double(max(inactive, 1))) + 7 * 86_400 * rng.unit()
                let start = end.addingTimeInterval(-age - 60)
                let name = Self.benchAlertNames[rng.below(Self.benchAlertNames.count)]
                let service = Self.benchServices[rng.below(Self.benchServices.count)]
                let team = Self.benchTeams[(service.utf8.count + Int(service.utf8.first ?? 0)) % Self.benchTeams.count]
                let host = "\(service)-\(rng.below(24)).prod.penguinmails.net:9100"
                let roll = rng.below(100)
                let severity = roll < 15 ? "critical" : roll < 65 ? "warning" : "info"
                let labels = #"{"alertname":"\#(name)","instance":"\#(host)","service":"\#(service)","severity":"\#(severity)","team":"\#(team)"}"#
                let summary = "\(name) on \(host): \(Self.benchDetails[rng.below(Self.benchDetails.count)])"
                let annotations = #"{"description":"\#(summary)","dashboard":"https://grafana.penguinmails.net/d/\#(service)"}"#
                var state = "resolved", status = "resolved"
                var endsAt: String? = Timestamp.format(start.addingTimeInterval(60 + Double(rng.below(7_200))))
                var ackedBy: String?, ackedAt: String?, snoozed: String?, resolvedBy: String?, resolvedAt: String?
                var closedBy: String?, closedAt: String?, closeReason: String?, assignee: String?
                var falsePositive = 0, silence: Int64?, level = 0
                let stateRoll = rng.below(100)
                if isActive {
                    endsAt = nil
                    status = rng.below(100) == 0 ? "pending" : "firing"
                    state = stateRoll < 60 ? "open" : stateRoll < 90 ? "acknowledged" : "snoozed"
                    if state != "open" {
                        ackedBy = "oncall\(rng.below(20))"
                        ackedAt = Timestamp.format(start.addingTimeInterval(120))
                    }
                    if state == "snoozed" { snoozed = Timestamp.format(end.addingTimeInterval(3_600)) }
                    if service == "legacy-fax" {
                        silence = silenceID
                        silenced += 1
                    }
                    if rng.below(5) == 0 { assignee = mine != nil && rng.below(10) == 0 ? mine : "oncall\(rng.below(20))" }
                    if state == "open" && severity == "critical" {
                        level = rng.below(3)
                        if status == "firing" && silence == nil { criticalOpen += 1 }
                    }
                } else if stateRoll < 85 {
                    resolvedBy = stateRoll < 60 ? "collector" : "oncall\(rng.below(20))"
                    resolvedAt = endsAt
                } else {
                    state = "closed"
                    closedBy = "oncall\(rng.below(20))"
                    closedAt = endsAt
                    falsePositive = stateRoll >= 95 ? 1 : 0
                    closeReason = falsePositive == 1 ? "threshold too tight" : nil
                }
                let startText = Timestamp.format(start)
                try insert.execute(arguments: [
                    "\(name)/\(host)/\(i)", name, labels, annotations, severity, status, summary,
                    "https://runbooks.penguinmails.net/\(name)", Double(rng.below(10_000)) / 10,
                    startText, endsAt ?? nowText, endsAt, 1 + (rng.below(10) == 0 ? rng.below(40) : 0), assignee, team, state,
                    ackedBy, ackedAt, snoozed, resolvedBy, resolvedAt, closedBy, closedAt, closeReason, falsePositive,
                    silence, level, rng.below(50) == 0 ? 1 : 0, "\(name)/\(service)", service, endsAt ?? startText,
                ])
            }
        }
        do {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "ANALYZE")
                _ = try db.checkpoint(.truncate)
            }
        } catch {
            throw StoreErrors.map(error, path: path)
        }
        return AlertBenchmarkFixture(total: total, active: active, silenced: silenced, criticalOpen: criticalOpen,
                                     seconds: Date().timeIntervalSince(began))
    }

    static let benchAlertNames = [
        "HighErrorRate", "HostDiskFull", "HostHighCPU", "HostMemoryPressure", "SMTPQueueBacklog", "BounceRateHigh",
        "BlacklistListed", "TLSCertExpiring", "DeliveryLatencyHigh", "ProbeFailed", "ReplicaLag", "DNSResolutionSlow",
        "SpamScoreSpike", "DKIMSignFailures", "WebhookErrors", "APIHighLatency", "BackupMissed", "NodeDown",
        "InodeExhaustion", "ConnectionPoolSaturated", "RateLimitHits", "QuotaNearLimit", "ClockSkew", "OOMKills",
    ]
    static let benchServices = [
        "smtp-out", "smtp-in", "mx-edge", "api-gateway", "billing", "auth", "dkim-signer", "bounce-processor",
        "webhooks", "tracking-pixel", "postgres-main", "postgres-replica", "redis-cache", "kafka", "search",
        "dashboard", "campaign-scheduler", "list-import", "dns", "legacy-fax", "storage", "metrics", "backup", "cdn",
    ]
    static let benchTeams = ["mail", "platform", "data", "billing", "sre", "security", "growth", "edge"]
    static let benchDetails = [
        "error rate above 5% for 10m", "disk 93% full", "p99 latency 2.4s over 15m", "queue depth 48k", "listed on 2 RBLs",
        "certificate expires in 6 days", "probe failed 3 of 3 checks", "replica 340s behind", "memory 97% used",
        "connection pool 100% used for 5m",
    ]
}

/// Draws for fixtures from the store's SplitMix64 generator.
private extension DemoStaff.Generator {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
