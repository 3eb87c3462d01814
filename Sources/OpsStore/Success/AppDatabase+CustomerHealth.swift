import Foundation
internal import GRDB
import OpsCore

/// One customer's health as `customers health` shows it: the score with every factor,
/// the inputs it came from, the stored at-risk state and the expansion signal.
public struct CustomerHealthReport: Sendable, Equatable, Codable {
    public var customer: String
    public var name: String
    public var plan: Customer.Plan
    public var successManager: String?
    public var health: HealthScore
    public var inputs: HealthInputs
    /// From the last sweep: when the customer turned at risk, and the score before that sweep.
    public var atRiskSince: Date?
    public var previousScore: Int?
    /// Projected monthly sends as a share of the plan's allowance; nil without per-tenant sends.
    public var usageShare: Double?
    public var nearPlanLimit: Bool
}

extension AppDatabase {
    /// The at-risk threshold setting (scores below it are at risk).
    func atRiskThreshold(db: Database) throws -> Int {
        Int(try SettingsStore.value(.customerAtRiskBelow, db: db)) ?? HealthScoring.defaultThreshold
    }

    /// Health of every customer (or those in `only`) computed now from the store, lowest
    /// score first. Needs tickets.read, the customer directory's read permission.
    public func customerHealth(only: Set<String>? = nil, as context: ActorContext) throws(OpsError) -> [CustomerHealthReport] {
        let now = clock.now()
        try authorize(.ticketsRead, context)
        let mail = try tenantMailHealth(now: now, only: only)
        return try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            return try Self.healthReports(only: only, mail: mail, threshold: try atRiskThreshold(db: db), now: now, db: db)
        }
    }

    /// One customer's health; an unknown id is a clear "not found".
    public func customerHealth(id: String, as context: ActorContext) throws(OpsError) -> CustomerHealthReport {
        _ = try customer(id: id, as: context)
        guard let report = try customerHealth(only: [id], as: context).first else {
            throw .notFound("No customer \(Printable.excerpt(id)); `pmops customers list` shows them.")
        }
        return report
    }

    // MARK: - Inside a read

    static func healthReports(only: Set<String>?, mail: [String: TenantMailHealth], threshold: Int, now: Date,
                              db: Database) throws -> [CustomerHealthReport] {
        let inputs = try healthInputs(only: only, mail: mail, now: now, db: db)
        var stored: [String: (since: String?, previous: Int?)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, at_risk_since, previous_score FROM customer_health") {
            stored[row[0] as String] = (since: row[1] as String?, previous: row[2] as Int?)
        }
        var out: [CustomerHealthReport] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, name, plan, success_manager FROM customer ORDER BY id") {
            let id: String = row[0]
            guard only?.contains(id) ?? true, let input = inputs[id] else { continue }
            let plan = Customer.Plan(rawValue: row[2]) ?? .free
            let usage = ExpansionSignals.usage(plan: plan, sendsPerMinute: mail[id]?.recentSends)
            out.append(CustomerHealthReport(customer: id, name: row[1], plan: plan, successManager: row[3],
                                            health: HealthScoring.score(input, threshold: threshold), inputs: input,
                                            atRiskSince: stored[id]?.since.flatMap(Timestamp.parse), previousScore: stored[id]?.previous,
                                            usageShare: usage?.share, nearPlanLimit: usage?.nearLimit ?? false))
        }
        return out.sorted { ($0.health.score, $0.customer) < ($1.health.score, $1.customer) }
    }

    /// Every factor's input for each customer, from grouped queries (one pass per table,
    /// never one query per customer).
    static func healthInputs(only: Set<String>?, mail: [String: TenantMailHealth], now: Date,
                             db: Database) throws -> [String: HealthInputs] {
        var inputs: [String: HealthInputs] = [:]
        var lastContact: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, created_at FROM customer") {
            let id: String = row[0]
            guard only?.contains(id) ?? true else { continue }
            let m = mail[id]
            inputs[id] = HealthInputs(recentSends: m?.recentSends, priorSends: m?.priorSends, bouncePercent: m?.bouncePercent,
                                      complaintPercent: m?.complaintPercent)
            lastContact[id] = row[1]
        }
        let month = Timestamp.format(now.addingTimeInterval(-30 * 86_400))
        let quarter = Timestamp.format(now.addingTimeInterval(-90 * 86_400))
        for row in try Row.fetchAll(db, sql: """
            SELECT l.customer_id, count(*) FROM billing_charge c JOIN billing_customer_link l ON l.stripe_customer = c.stripe_customer
            WHERE c.status = 'failed' AND c.created >= ? GROUP BY l.customer_id
            """, arguments: [Int64(now.timeIntervalSince1970) - 30 * 86_400]) {
            inputs[row[0] as String]?.failedPayments = row[1]
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT customer_id, priority, count(*) FROM ticket WHERE status NOT IN ('resolved', 'closed') GROUP BY customer_id, priority
            """) {
            let priority: Int = row[1]
            if (1...4).contains(priority) { inputs[row[0] as String]?.openTickets[priority - 1] = row[2] }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT customer_id, avg(csat) FROM ticket WHERE csat IS NOT NULL AND closed_at >= ? GROUP BY customer_id
            """, arguments: [quarter]) {
            inputs[row[0] as String]?.csat = row[1]
        }
        for row in try Row.fetchAll(db, sql: "SELECT severity, customers FROM incident WHERE declared_at >= ? AND customers <> ''",
                                    arguments: [month]) {
            let severity: Int = row[0]
            for id in Incident.list(row[1]) where (1...4).contains(severity) { inputs[id]?.incidents[severity - 1] += 1 }
        }
        for row in try Row.fetchAll(db, sql: "SELECT customer_id, max(last_update_out_at) FROM ticket WHERE last_update_out_at IS NOT NULL GROUP BY customer_id")
            + (try Row.fetchAll(db, sql: "SELECT customer_id, max(at) FROM customer_success_entry WHERE kind = 'outreach' GROUP BY customer_id")) {
            let id: String = row[0]
            if let at: String = row[1], at > (lastContact[id] ?? "") { lastContact[id] = at }
        }
        for (id, at) in lastContact {
            let since = Timestamp.parse(at).map { now.timeIntervalSince($0) } ?? 0
            inputs[id]?.daysSinceContact = max(0, Int(since / 86_400))
        }
        return inputs
    }
}
