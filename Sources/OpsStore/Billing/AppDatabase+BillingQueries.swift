import Foundation
internal import GRDB
import OpsCore

/// A stored event, as `billing events` lists it.
public struct BillingEventSummary: Codable, Equatable, Sendable {
    public var seq: Int64
    public var id: String
    public var type: String
    public var created: Int64
    public var outcome: String
    public var object: String?
    public var stripeCustomer: String?
    /// nil: the Stripe customer is not linked to the directory (or the event names none).
    public var customer: String?
    public var receivedAt: String
}

/// One customer's place in dunning: their unpaid invoices after failed payments and what
/// pmops recommends.
public struct DunningEntry: Codable, Equatable, Sendable {
    public var stripeCustomer: String
    public var customer: String?
    public var standing: String
    public var reason: String
    public var invoices: [String]
    /// Owed per currency, formatted ("20.00 USD").
    public var owed: [String]
    /// Each unpaid invoice with Stripe's retry schedule as it reports it.
    public var schedule: [DunningStep]
}

/// One unpaid invoice in dunning: attempts so far, Stripe's next retry (nil: none left) and
/// the reminders pmops mailed (one per failed attempt).
public struct DunningStep: Codable, Equatable, Sendable {
    public var invoice: String
    public var owed: String
    public var owedMinor: Int64
    public var currency: String
    public var attempts: Int64
    public var nextAttempt: Int64?
    public var reminders: Int
}

/// A dispute and its ticket.
public struct DisputeSummary: Codable, Equatable, Sendable {
    public var id: String
    public var stripeCustomer: String?
    public var customer: String?
    public var status: String
    public var reason: String?
    public var amount: String
    public var evidenceDueBy: Int64?
    public var ticket: String?
}

extension AppDatabase {
    /// Stored events, newest first; `outcome` narrows to applied, superseded or unmodelled;
    /// `unmatched` to events whose Stripe customer is not linked.
    public func billingEvents(outcome: String? = nil, unmatched: Bool = false, limit: Int = 100,
                              as context: ActorContext) throws(OpsError) -> [BillingEventSummary] {
        try InputLimits.count(limit, field: "--limit", in: 1...InputLimits.maxCount)
        return try read { db in
            try AccessPolicy.require(.billingRead, actor: try resolveActor(context, db: db))
            var sql = """
                SELECT e.seq, e.id, e.type, e.created, e.outcome, e.object_id, e.stripe_customer, l.customer_id, e.received_at
                FROM billing_event e LEFT JOIN billing_customer_link l ON l.stripe_customer = e.stripe_customer WHERE 1
                """
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let outcome { sql += " AND e.outcome = ?"; arguments.append(outcome) }
            if unmatched { sql += " AND e.stripe_customer IS NOT NULL AND l.customer_id IS NULL" }
            sql += " ORDER BY e.seq DESC LIMIT ?"
            arguments.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                BillingEventSummary(seq: row[0], id: row[1], type: row[2], created: row[3], outcome: row[4], object: row[5],
                                    stripeCustomer: row[6], customer: row[7], receivedAt: row[8])
            }
        }
    }

    /// The raw bytes of one stored event, exactly as Stripe sent them.
    public func billingEventRaw(_ id: String, as context: ActorContext) throws(OpsError) -> [UInt8] {
        try read { db in
            try AccessPolicy.require(.billingRead, actor: try resolveActor(context, db: db))
            guard let data = try Data.fetchOne(db, sql: "SELECT raw FROM billing_event WHERE id = ?", arguments: [id]) else {
                throw OpsError.notFound("No Stripe event \(Printable.excerpt(id)) has been ingested.")
            }
            return Array(data)
        }
    }

    /// Customers with invoices still owed after a failed payment, worst first.
    public func dunning(as context: ActorContext) throws(OpsError) -> [DunningEntry] {
        let now = Int64(clock.now().timeIntervalSince1970)
        return try read { db in
            try AccessPolicy.require(.billingRead, actor: try resolveActor(context, db: db))
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.id, i.stripe_customer, l.customer_id, i.currency, i.amount_remaining, i.attempt_count, i.next_payment_attempt, i.status, i.created,
                       (SELECT COUNT(*) FROM billing_dunning_reminder r WHERE r.invoice_id = i.id) AS reminders
                FROM billing_invoice i LEFT JOIN billing_customer_link l ON l.stripe_customer = i.stripe_customer
                WHERE i.status IN ('open', 'uncollectible') AND i.attempt_count > 0 AND i.amount_remaining > 0
                ORDER BY i.stripe_customer, i.created
                """)
            var groups: [String: (customer: String?, invoices: [BillingRules.UnpaidInvoice])] = [:]
            var reminders: [String: Int] = [:]
            for row in rows {
                let key: String = row["stripe_customer"] ?? "-"
                let invoice = BillingRules.UnpaidInvoice(id: row["id"], remaining: Money(minor: row["amount_remaining"], currency: row["currency"]),
                                                         attempts: row["attempt_count"], nextAttempt: row["next_payment_attempt"],
                                                         status: row["status"], created: row["created"])
                groups[key, default: (row["customer_id"], [])].invoices.append(invoice)
                reminders[invoice.id] = row["reminders"]
            }
            let order: [BillingRules.Standing: Int] = [.suspend: 0, .pastDue: 1, .active: 2]
            return groups.map { key, group in
                let (standing, reason) = BillingRules.standing(group.invoices, now: now)
                var owed: [String: Int64] = [:]
                for invoice in group.invoices { owed[invoice.remaining.currency, default: 0].formSaturating(invoice.remaining.minor) }
                return DunningEntry(stripeCustomer: key, customer: group.customer, standing: standing.rawValue, reason: reason,
                                    invoices: group.invoices.map(\.id),
                                    owed: owed.sorted { $0.key < $1.key }.map { Money(minor: $0.value, currency: $0.key).formatted },
                                    schedule: group.invoices.map {
                                        DunningStep(invoice: $0.id, owed: $0.remaining.formatted, owedMinor: $0.remaining.minor, currency: $0.remaining.currency,
                                                    attempts: $0.attempts, nextAttempt: $0.nextAttempt, reminders: reminders[$0.id] ?? 0)
                                    })
            }.sorted { (order[BillingRules.Standing(rawValue: $0.standing) ?? .active] ?? 2, $0.stripeCustomer) < (order[BillingRules.Standing(rawValue: $1.standing) ?? .active] ?? 2, $1.stripeCustomer) }
        }
    }

    /// Disputes, those needing a response first (soonest evidence due first).
    public func disputes(as context: ActorContext) throws(OpsError) -> [DisputeSummary] {
        try read { db in
            try AccessPolicy.require(.billingRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: """
                SELECT d.id, d.stripe_customer, l.customer_id, d.status, d.reason, d.currency, d.amount, d.evidence_due_by, d.ticket
                FROM billing_dispute d LEFT JOIN billing_customer_link l ON l.stripe_customer = d.stripe_customer
                ORDER BY d.status NOT IN ('needs_response', 'warning_needs_response'), d.evidence_due_by IS NULL, d.evidence_due_by, d.id
                """).map { row in
                DisputeSummary(id: row["id"], stripeCustomer: row["stripe_customer"], customer: row["customer_id"], status: row["status"],
                               reason: row["reason"], amount: Money(minor: row["amount"], currency: row["currency"]).formatted,
                               evidenceDueBy: row["evidence_due_by"], ticket: (row["ticket"] as Int?).map { TicketNumber($0).description })
            }
        }
    }
}
