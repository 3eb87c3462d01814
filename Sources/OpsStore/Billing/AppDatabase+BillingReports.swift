import Foundation
internal import GRDB
import OpsCore

/// `billing reconcile`'s answer: the per-currency totals and what does not match.
public struct ReconciliationReport: Codable, Equatable, Sendable {
    public struct Total: Codable, Equatable, Sendable {
        public var currency: String
        public var invoicedPaid: Int64
        public var charged: Int64
        public var refunded: Int64
        public var net: Int64
    }
    public struct Item: Codable, Equatable, Sendable {
        public var problem: String
        public var invoice: String?
        public var charge: String?
        public var stripeCustomer: String?
        /// The directory customer; nil when unmatched.
        public var customer: String?
        public var reason: String
    }
    /// Unix seconds the period starts (invoices and charges created from then on).
    public var since: Int64
    public var paidInvoices: Int
    public var matched: Int
    public var totals: [Total]
    public var mismatches: [Item]
}

/// `billing revenue`'s answer.
public struct RevenueReport: Codable, Equatable, Sendable {
    public struct Row: Codable, Equatable, Sendable {
        public var month: String
        public var plan: String
        public var currency: String
        public var recognised: Int64
        public var deferred: Int64
        /// The same, formatted by the currency's exponent ("1,234.50 USD").
        public var recognisedText: String
        public var deferredText: String
    }
    public var months: [String]
    public var rows: [Row]
    public var skipped: [RevenueRecognition.Skipped]
}

extension AppDatabase {
    /// Reconciles invoices and charges created at or after `since` (Unix seconds).
    public func reconcileBilling(since: Int64, as context: ActorContext) throws(OpsError) -> ReconciliationReport {
        try read { db in
            try AccessPolicy.require(.billingRead, actor: try resolveActor(context, db: db))
            let report = try Self.reconciliation(since: since, until: nil, db: db)
            let links = Dictionary(try Row.fetchAll(db, sql: "SELECT stripe_customer, customer_id FROM billing_customer_link")
                .map { ($0[0] as String, $0[1] as String) }, uniquingKeysWith: { a, _ in a })
            return ReconciliationReport(
                since: since, paidInvoices: report.paidInvoices, matched: report.matched,
                totals: report.totals.map { .init(currency: $0.currency, invoicedPaid: $0.invoicedPaid, charged: $0.charged, refunded: $0.refunded, net: $0.net) },
                mismatches: report.mismatches.map {
                    .init(problem: $0.problem.rawValue, invoice: $0.invoice, charge: $0.charge, stripeCustomer: $0.customer,
                          customer: $0.customer.flatMap { links[$0] }, reason: $0.reason)
                })
        }
    }

    /// The rows of a period, reconciled by the OpsCore rule (also the KPI's revenue accuracy).
    static func reconciliation(since: Int64, until: Int64?, db: Database) throws -> Reconciliation.Report {
        let end = until ?? Int64.max
        let invoices = try Row.fetchAll(db, sql: """
            SELECT id, status, currency, amount_paid, stripe_customer FROM billing_invoice WHERE created >= ? AND created < ?
            """, arguments: [since, end]).map {
            Reconciliation.Invoice(id: $0["id"], status: $0["status"], paid: Money(minor: $0["amount_paid"], currency: $0["currency"]), customer: $0["stripe_customer"])
        }
        let charges = try Row.fetchAll(db, sql: """
            SELECT id, invoice, status, currency, amount, amount_refunded, stripe_customer FROM billing_charge
            WHERE (created >= ? AND created < ?) OR invoice IN (SELECT id FROM billing_invoice WHERE created >= ? AND created < ?)
            """, arguments: [since, end, since, end]).map {
            Reconciliation.Charge(id: $0["id"], invoice: $0["invoice"], status: $0["status"], amount: Money(minor: $0["amount"], currency: $0["currency"]),
                                  refunded: $0["amount_refunded"], customer: $0["stripe_customer"])
        }
        let named = Set(charges.compactMap(\.invoice)).subtracting(invoices.map(\.id))
        var known: [String: String] = [:]
        for id in named { if let status = try String.fetchOne(db, sql: "SELECT status FROM billing_invoice WHERE id = ?", arguments: [id]) { known[id] = status } }
        return Reconciliation.reconcile(invoices: invoices, charges: charges, knownInvoices: known)
    }

    /// Monthly recognised and deferred revenue per plan and currency over the `months`
    /// calendar months ending with the current one. Subscription invoices that are open or
    /// paid count (draft, void and uncollectible ones do not).
    public func billingRevenue(months count: Int, as context: ActorContext) throws(OpsError) -> RevenueReport {
        try InputLimits.count(count, field: "--months", in: 1...120)
        let months = RevenueRecognition.months(endingAt: Int64(clock.now().timeIntervalSince1970), count: count)
        return try read { db in
            try AccessPolicy.require(.billingRead, actor: try resolveActor(context, db: db))
            let lines = try Row.fetchAll(db, sql: """
                SELECT l.invoice_id, COALESCE(s.plan, '(no plan)') AS plan, l.currency, l.amount, l.period_start, l.period_end, i.created
                FROM billing_invoice i JOIN billing_invoice_line l ON l.invoice_id = i.id
                LEFT JOIN billing_subscription s ON s.id = i.subscription
                WHERE i.subscription IS NOT NULL AND i.status IN ('open', 'paid')
                """).map {
                RevenueRecognition.Line(invoice: $0[0], plan: $0[1], amount: Money(minor: $0[3], currency: $0[2]), periodStart: $0[4], periodEnd: $0[5], invoiced: $0[6])
            }
            let (rows, skipped) = RevenueRecognition.schedule(lines, months: months)
            return RevenueReport(months: months.map(\.label), rows: rows.map {
                .init(month: $0.month, plan: $0.plan, currency: $0.currency, recognised: $0.recognised, deferred: $0.deferred,
                      recognisedText: Money(minor: $0.recognised, currency: $0.currency).formatted,
                      deferredText: Money(minor: $0.deferred, currency: $0.currency).formatted)
            }, skipped: skipped)
        }
    }
}
