import Foundation
internal import GRDB
import OpsCore

/// What the Customers pane lists, and which columns the reader may see: billing needs
/// `billing.read`, incidents `incidents.read` (security incidents `incidents.security`).
public struct CustomerOverviewList: Sendable, Equatable {
    public var rows: [CustomerOverview]
    public var billingVisible: Bool
    public var incidentsVisible: Bool

    public init(rows: [CustomerOverview], billingVisible: Bool, incidentsVisible: Bool) {
        self.rows = rows
        self.billingVisible = billingVisible
        self.incidentsVisible = incidentsVisible
    }
}

extension AppDatabase {
    /// Every customer with its MRR, billing status, open tickets and last incident: one read
    /// transaction of six grouped queries (the directory, open tickets by customer, links,
    /// active subscriptions, unpaid invoices after a failed attempt through their partial
    /// index, disputes waiting for evidence, incidents naming customers), joined in memory,
    /// so the pane sorts and filters any column without another query.
    public func customerOverview(as context: ActorContext) throws(OpsError) -> CustomerOverviewList {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.ticketsRead, actor: actor)
            var rows: [String: CustomerOverview] = [:]
            var order: [String] = []
            for row in try CustomerRow.fetchAll(db, sql: "SELECT * FROM customer ORDER BY id") {
                rows[row.customer.id] = CustomerOverview(customer: row.customer)
                order.append(row.customer.id)
            }
            for row in try ContactRow.fetchAll(db, sql: "SELECT * FROM customer_contact ORDER BY customer_id, position") {
                rows[row.customerID]?.customer.contacts.append(row.contact)
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT customer_id, COUNT(*) AS n, MIN(priority) AS top FROM ticket
                WHERE status NOT IN ('resolved', 'closed') GROUP BY customer_id
                """) {
                let id: String = row["customer_id"]
                rows[id]?.openTickets = row["n"]
                rows[id]?.topPriority = row["top"]
            }
            let billingVisible = actor.permissions.contains(.billingRead)
            if billingVisible { try Self.addBilling(into: &rows, db: db) }
            let incidentsVisible = actor.permissions.contains(.incidentsRead)
            if incidentsVisible {
                try Self.addIncidents(into: &rows, security: actor.permissions.contains(.incidentsSecurity), db: db)
            }
            return CustomerOverviewList(rows: order.compactMap { rows[$0] }, billingVisible: billingVisible, incidentsVisible: incidentsVisible)
        }
    }

    /// MRR from active subscriptions (per month: yearly / 12, weekly × 52 / 12, daily ×
    /// 365 / 12, integer minor units), past due from unpaid invoices after a failed attempt,
    /// disputed from disputes waiting for evidence.
    static func addBilling(into rows: inout [String: CustomerOverview], db: Database) throws {
        var links: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT stripe_customer, customer_id FROM billing_customer_link") {
            let stripe: String = row["stripe_customer"]
            let id: String = row["customer_id"]
            links[stripe] = id
            if rows[id]?.billing == .unlinked { rows[id]?.billing = .current }
        }
        var mrr: [String: [String: Int64]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT stripe_customer, currency, amount, interval FROM billing_subscription
            WHERE status IN ('active', 'past_due') AND amount IS NOT NULL AND currency IS NOT NULL AND stripe_customer IS NOT NULL
            """) {
            guard let id = links[row["stripe_customer"] as String] else { continue }
            let amount: Int64 = row["amount"]
            let monthly: Int64 = switch (row["interval"] as String?) ?? "month" {
            case "year": amount / 12
            case "week": amount * 52 / 12
            case "day": amount * 365 / 12
            default: amount
            }
            mrr[id, default: [:]][(row["currency"] as String).uppercased(), default: 0] += monthly
        }
        for (id, byCurrency) in mrr {
            if let top = byCurrency.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) {
                rows[id]?.mrr = Money(minor: top.value, currency: top.key)
            }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT stripe_customer, currency, SUM(amount_remaining) AS owed FROM billing_invoice
            WHERE status IN ('open', 'uncollectible') AND attempt_count > 0 AND stripe_customer IS NOT NULL
            GROUP BY stripe_customer, currency
            """) {
            guard let id = links[row["stripe_customer"] as String], rows[id] != nil else { continue }
            let owed = Money(minor: row["owed"], currency: (row["currency"] as String).uppercased())
            guard owed.minor > 0 else { continue }
            if rows[id]?.pastDue.map({ $0.minor < owed.minor }) ?? true { rows[id]?.pastDue = owed }
            if rows[id]?.billing ?? .current < .pastDue { rows[id]?.billing = .pastDue }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT DISTINCT stripe_customer FROM billing_dispute
            WHERE status IN ('needs_response', 'warning_needs_response') AND stripe_customer IS NOT NULL
            """) {
            guard let id = links[row["stripe_customer"] as String] else { continue }
            rows[id]?.billing = .disputed
        }
    }

    /// The latest incident (by detection) naming each customer; security incidents only for
    /// readers holding `incidents.security`.
    static func addIncidents(into rows: inout [String: CustomerOverview], security: Bool, db: Database) throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT number, customers, detected_at, category FROM incident WHERE customers <> '' ORDER BY number
            """) {
            if !security, (row["category"] as String) == "security" { continue }
            guard let at = (row["detected_at"] as String?).flatMap(Timestamp.parse) else { continue }
            let number: Int = row["number"]
            for id in (row["customers"] as String).split(separator: ",").map(String.init) {
                guard let current = rows[id] else { continue }
                if (current.lastIncidentAt ?? .distantPast) <= at {
                    rows[id]?.lastIncidentNumber = number
                    rows[id]?.lastIncidentAt = at
                }
            }
        }
    }
}
