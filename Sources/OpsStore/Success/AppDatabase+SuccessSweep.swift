import Foundation
internal import GRDB
import OpsCore

/// What one health sweep did.
public struct CustomerHealthSweepReport: Sendable, Equatable, Codable {
    public var ran = false
    public var scored = 0
    public var turnedAtRisk: [String] = []
    public var recovered: [String] = []
    public var reminders = 0
    public init() {}

    public var changed: Bool { !turnedAtRisk.isEmpty || !recovered.isEmpty }
}

/// The collector's health sweep: at most once per `every` seconds it recomputes every
/// customer's score and stores it. A customer crossing below the threshold is marked at
/// risk, gets a "risk" entry and an audit row, and its success manager one reminder
/// through the outbox: the mark makes it once per turn, not once per sweep. Crossing
/// back clears the mark ("recovered"), so a later turn reminds again.
extension AppDatabase {
    public static let healthSweepActor = "collector"

    @discardableResult
    public func sweepCustomerHealth(at now: Date, every: TimeInterval = 60) throws(OpsError) -> CustomerHealthSweepReport {
        let last = try read { db in try String.fetchOne(db, sql: "SELECT last_at FROM customer_health_sweep WHERE id = 1") }
        if let last, let at = Timestamp.parse(last), now.timeIntervalSince(at) < every, now >= at { return CustomerHealthSweepReport() }
        let mail = try tenantMailHealth(now: now)
        return try write { db in try Self.applyHealthSweep(mail: mail, now: now, db: db) }
    }

    /// The sweep as the acting person runs it (`pmops customers sweep`): customers.manage.
    public func sweepCustomerHealth(as context: ActorContext) throws(OpsError) -> CustomerHealthSweepReport {
        let now = clock.now()
        try authorize(.customersManage, context)
        let mail = try tenantMailHealth(now: now)
        return try write { db in
            try AccessPolicy.require(.customersManage, actor: try resolveActor(context, db: db))
            return try Self.applyHealthSweep(mail: mail, now: now, actor: context.effectiveLogin, db: db)
        }
    }

    static func applyHealthSweep(mail: [String: TenantMailHealth], now: Date, actor: String = AppDatabase.healthSweepActor,
                                 db: Database) throws -> CustomerHealthSweepReport {
        var report = CustomerHealthSweepReport()
        report.ran = true
        let stamp = Timestamp.format(now)
        let threshold = Int(try SettingsStore.value(.customerAtRiskBelow, db: db)) ?? HealthScoring.defaultThreshold
        var stored: [String: (score: Int, atRisk: Bool)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, score, at_risk FROM customer_health") {
            stored[row[0] as String] = (score: row[1] as Int, atRisk: (row[2] as Int) == 1)
        }
        let update = try db.cachedStatement(sql: """
            INSERT INTO customer_health (customer_id, score, previous_score, at_risk, at_risk_since, factors, computed_at)
            VALUES (?, ?, NULL, ?, ?, ?, ?)
            ON CONFLICT (customer_id) DO UPDATE SET previous_score = customer_health.score, score = excluded.score,
                at_risk = excluded.at_risk, factors = excluded.factors, computed_at = excluded.computed_at,
                at_risk_since = CASE WHEN excluded.at_risk = 0 THEN NULL ELSE coalesce(customer_health.at_risk_since, excluded.at_risk_since) END,
                reminded_at = CASE WHEN excluded.at_risk = 0 THEN NULL ELSE customer_health.reminded_at END
            """)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for entry in try healthReports(only: nil, mail: mail, threshold: threshold, now: now, db: db) {
            report.scored += 1
            let old = stored[entry.customer]
            let health = entry.health
            if let old, old.score == health.score, old.atRisk == health.atRisk { continue }
            let factors = String(decoding: try encoder.encode(health.factors), as: UTF8.self)
            try update.execute(arguments: [entry.customer, health.score, health.atRisk ? 1 : 0, health.atRisk ? stamp : nil, factors, stamp])
            let wasAtRisk = old?.atRisk ?? false
            guard health.atRisk != wasAtRisk else { continue }
            let text = health.atRisk
                ? "Health \(health.score) fell below \(threshold): " + health.factors.filter { $0.points > 0 }.sorted { $0.points > $1.points }
                    .prefix(3).map { "\($0.observed) (−\($0.points))" }.joined(separator: "; ")
                : "Health \(health.score) is back at or above \(threshold)."
            try db.execute(sql: "INSERT INTO customer_success_entry (customer_id, kind, body, author, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [entry.customer, health.atRisk ? "risk" : "recovered", String(text.prefix(SuccessValidation.maxNote)), actor, stamp])
            try AuditChain.append(AuditChain.Record(action: health.atRisk ? "customer.health.at_risk" : "customer.health.recovered",
                                                    target: "customer:\(entry.customer)",
                                                    before: old.map { .object(["score": .int(Int64($0.score))]) },
                                                    after: .object(["score": .int(Int64(health.score)), "threshold": .int(Int64(threshold))])),
                                  actor: actor, impersonator: nil, at: now, db: db)
            if health.atRisk {
                report.turnedAtRisk.append(entry.customer)
                if try remindAtRisk(entry, threshold: threshold, now: now, db: db) { report.reminders += 1 }
            } else {
                report.recovered.append(entry.customer)
            }
        }
        try db.execute(sql: "INSERT INTO customer_health_sweep (id, last_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_at = excluded.last_at",
                       arguments: [stamp])
        return report
    }

    /// One mail to the success manager (none without an active manager with an address;
    /// `reminded_at` is set either way, so a turn is never reminded twice).
    private static func remindAtRisk(_ report: CustomerHealthReport, threshold: Int, now: Date, db: Database) throws -> Bool {
        try db.execute(sql: "UPDATE customer_health SET reminded_at = ? WHERE customer_id = ?",
                       arguments: [Timestamp.format(now), report.customer])
        guard let login = report.successManager, let account = try StaffQueries.find(login: login, db: db), account.isActive,
              let email = account.email else { return false }
        let factors = report.health.factors.filter { $0.points > 0 }.sorted { $0.points > $1.points }
            .map { "  - \($0.kind.rawValue): \($0.observed) (−\($0.points))" }.joined(separator: "\n")
        try OutboxStore.enqueue(kind: "customer-at-risk", to: email,
                                subject: "At risk: \(report.name) (\(report.customer)) health \(report.health.score)",
                                body: """
                                \(report.name) (\(report.customer), \(report.plan.rawValue)) is at risk: health \(report.health.score), below \(threshold).

                                What took points off:
                                \(factors.isEmpty ? "  (nothing: the threshold is above 100 minus every cap)" : factors)

                                Reach out, then log it: `pmops customers outreach \(report.customer) --note "…"`.
                                Details: `pmops customers health \(report.customer)`.
                                """, at: now, db: db)
        return true
    }
}
