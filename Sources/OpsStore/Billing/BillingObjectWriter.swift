import Foundation
internal import GRDB
import OpsCore

/// Writes the object a verified event carries into its table (insert or update by id).
/// The caller has decided the event is the newest version (`BillingRules.supersedes`).
enum BillingObjectWriter {
    static func upsert(_ event: StripeEvent, db: Database) throws {
        switch event.object {
        case let .invoice(v): try invoice(v, event, db)
        case let .charge(v): try charge(v, event, db)
        case let .dispute(v): try dispute(v, event, db)
        case let .subscription(v): try subscription(v, event, db)
        case let .invoiceItem(v): try invoiceItem(v, event, db)
        case .other: break
        }
    }

    /// `INSERT … ON CONFLICT(id) DO UPDATE SET` every column but the id.
    private static func upsertSQL(_ table: String, _ columns: [String]) -> String {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) ON CONFLICT(id) DO UPDATE SET \(updates)"
    }

    private static func invoice(_ v: StripeInvoice, _ event: StripeEvent, _ db: Database) throws {
        try db.execute(sql: upsertSQL("billing_invoice", ["id", "stripe_customer", "customer_email", "status", "currency", "amount_due",
                                                          "amount_paid", "amount_remaining", "attempt_count", "next_payment_attempt",
                                                          "period_start", "period_end", "subscription", "billing_reason", "created",
                                                          "event_created", "event_id"]),
                       arguments: [v.id, v.customer, v.customerEmail, v.status, v.due.currency, v.due.minor, v.paid.minor, v.remaining.minor,
                                   v.attemptCount, v.nextPaymentAttempt, v.periodStart, v.periodEnd, v.subscription, v.billingReason,
                                   v.created, event.created, event.id])
        try db.execute(sql: "DELETE FROM billing_invoice_line WHERE invoice_id = ?", arguments: [v.id])
        for (position, line) in v.lines.enumerated() {
            try db.execute(sql: """
                INSERT OR REPLACE INTO billing_invoice_line (invoice_id, line_id, position, currency, amount, description, proration, period_start, period_end)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [v.id, line.id, position, line.amount.currency, line.amount.minor, line.description, line.proration,
                                 line.periodStart, line.periodEnd])
        }
    }

    private static func charge(_ v: StripeCharge, _ event: StripeEvent, _ db: Database) throws {
        try db.execute(sql: upsertSQL("billing_charge", ["id", "stripe_customer", "invoice", "status", "currency", "amount", "amount_refunded",
                                                         "failure_code", "failure_message", "created", "event_created", "event_id"]),
                       arguments: [v.id, v.customer, v.invoice, v.status, v.amount.currency, v.amount.minor, v.refunded.minor,
                                   v.failureCode, v.failureMessage, v.created, event.created, event.id])
    }

    private static func dispute(_ v: StripeDispute, _ event: StripeEvent, _ db: Database) throws {
        // The ticket column is pmops' own and survives updates.
        try db.execute(sql: upsertSQL("billing_dispute", ["id", "charge", "stripe_customer", "status", "reason", "currency", "amount",
                                                          "evidence_due_by", "created", "event_created", "event_id"]),
                       arguments: [v.id, v.charge, v.customer, v.status, v.reason, v.amount.currency, v.amount.minor, v.evidenceDueBy,
                                   v.created, event.created, event.id])
    }

    private static func subscription(_ v: StripeSubscription, _ event: StripeEvent, _ db: Database) throws {
        try db.execute(sql: upsertSQL("billing_subscription", ["id", "stripe_customer", "status", "currency", "amount", "interval", "plan",
                                                               "period_start", "period_end", "cancel_at_period_end", "event_created", "event_id"]),
                       arguments: [v.id, v.customer, v.status, v.amount?.currency, v.amount?.minor, v.interval, v.plan, v.periodStart,
                                   v.periodEnd, v.cancelAtPeriodEnd, event.created, event.id])
    }

    private static func invoiceItem(_ v: StripeInvoiceItem, _ event: StripeEvent, _ db: Database) throws {
        try db.execute(sql: upsertSQL("billing_invoice_item", ["id", "stripe_customer", "invoice", "currency", "amount", "description",
                                                               "proration", "period_start", "period_end", "event_created", "event_id"]),
                       arguments: [v.id, v.customer, v.invoice, v.amount.currency, v.amount.minor, v.description, v.proration,
                                   v.periodStart, v.periodEnd, event.created, event.id])
    }
}
