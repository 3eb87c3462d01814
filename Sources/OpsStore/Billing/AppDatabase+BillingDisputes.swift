import Foundation
internal import GRDB
import OpsCore

/// Disputes become billing-dispute tickets (finance team by the tickets' routing), opened in
/// the transaction that learns of them: the ingest of a dispute needing a response for a
/// linked customer, or the link that matches an earlier one.
extension AppDatabase {
    /// Opens the tickets for `stripeCustomer`'s disputes that need a response and have none.
    func openDisputeTickets(stripeCustomer: String, customer: String, actor: StaffAccount, _ context: ActorContext, db: Database) throws -> [TicketNumber] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, reason, currency, amount, evidence_due_by, charge FROM billing_dispute
            WHERE stripe_customer = ? AND ticket IS NULL AND status IN ('needs_response', 'warning_needs_response')
            ORDER BY created, id
            """, arguments: [stripeCustomer])
        var opened: [TicketNumber] = []
        for row in rows {
            let id: String = row["id"]
            let money = Money(minor: row["amount"], currency: row["currency"])
            let due: Int64? = row["evidence_due_by"]
            let dueText = due.map { String(Timestamp.format(Date(timeIntervalSince1970: TimeInterval($0))).prefix(10)) }
            let now = Int64(clock.now().timeIntervalSince1970)
            let priority: TicketPriority = due.map { $0 - now <= 3 * 86_400 } == true ? .p1 : .p2
            let reason = (row["reason"] as String?).map { " (\($0.replacingOccurrences(of: "_", with: " ")))" } ?? ""
            let title = String("Stripe dispute \(id)\(reason): \(money.formatted)\(dueText.map { ", evidence due \($0)" } ?? "")".prefix(200))
            let body = """
                Stripe opened dispute \(id) on charge \(row["charge"] as String? ?? "-") for \(money.formatted).
                Evidence is due \(dueText ?? "(Stripe gave no date)"). Submit it in the Stripe dashboard before then; \
                the dispute's later events update this ticket's customer record (pmops billing disputes).
                """
            let ticket = try insertTicket(NewTicket(customer: customer, title: title, category: .billingDispute, priority: priority, body: body),
                                          title: title, body: body, actor: actor, context, db: db)
            try db.execute(sql: "UPDATE billing_dispute SET ticket = ? WHERE id = ?", arguments: [ticket.number.rawValue, id])
            try refreshSLA(ticket.number, db: db)  // its resolution SLA is now the evidence due date
            opened.append(ticket.number)
        }
        return opened
    }

    /// The evidence due date of the dispute a ticket was opened for: that ticket's SLA.
    static func disputeDeadline(_ number: TicketNumber, db: Database) throws -> Date? {
        try Int64.fetchOne(db, sql: "SELECT MIN(evidence_due_by) FROM billing_dispute INDEXED BY billing_dispute_ticket WHERE ticket = ?",
                           arguments: [number.rawValue]).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// After a dispute's later event: its ticket's SLA follows a moved due date.
    func refreshDisputeTicket(_ dispute: String, db: Database) throws {
        if let ticket = try Int.fetchOne(db, sql: "SELECT ticket FROM billing_dispute WHERE id = ? AND ticket IS NOT NULL", arguments: [dispute]) {
            try refreshSLA(TicketNumber(ticket), db: db)
        }
    }

    /// Links a Stripe customer (`cus_…`) to a directory customer, resolving its unmatched
    /// events, and opens the tickets of its disputes waiting for one. Audited.
    public func linkBillingCustomer(_ stripeCustomer: String, to customer: String, as context: ActorContext) throws(OpsError) -> [TicketNumber] {
        guard !stripeCustomer.isEmpty, stripeCustomer.utf8.count <= 255, !stripeCustomer.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw .invalid(field: "stripe customer", message: "give a Stripe customer id such as cus_NffrFeUfNV2Hib.")
        }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.billingManage, actor: actor)
            let target = try Self.requireCustomer(id: customer, db: db)
            let old = try Self.billingCustomer(stripeCustomer, db: db)
            if old == target.id { return [] }
            try db.execute(sql: """
                INSERT INTO billing_customer_link (stripe_customer, customer_id, linked_by, linked_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(stripe_customer) DO UPDATE SET customer_id = excluded.customer_id, linked_by = excluded.linked_by, linked_at = excluded.linked_at
                """, arguments: [stripeCustomer, target.id, actor.login, Timestamp.format(clock.now())])
            try audit(AuditChain.Record(action: "billing.link", target: "stripe:\(stripeCustomer)", before: old.map { .object(["customer": .string($0)]) },
                                        after: .object(["customer": .string(target.id)])), context, db: db)
            return try openDisputeTickets(stripeCustomer: stripeCustomer, customer: target.id, actor: actor, context, db: db)
        }
    }
}
