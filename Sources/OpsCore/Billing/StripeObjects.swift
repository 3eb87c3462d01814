import Foundation

/// An invoice: what is owed, what was paid, and where collection stands.
public struct StripeInvoice: Sendable, Equatable {
    public var id: String
    public var customer: String?
    public var customerEmail: String?
    /// draft, open, paid, uncollectible, void.
    public var status: String
    public var due: Money
    public var paid: Money
    public var remaining: Money
    public var attemptCount: Int64
    /// Unix seconds of Stripe's next automatic retry; nil when none is scheduled.
    public var nextPaymentAttempt: Int64?
    public var periodStart: Int64?
    public var periodEnd: Int64?
    public var subscription: String?
    public var billingReason: String?
    public var created: Int64
    public var lines: [StripeLine]

    init?(_ o: JSONObject) {
        guard let id = o.string("id"), let currency = o.string("currency") else { return nil }
        self.id = id
        customer = o.ref("customer")
        customerEmail = o.string("customer_email")
        status = o.string("status") ?? "draft"
        due = Money(minor: o.int("amount_due") ?? 0, currency: currency)
        paid = Money(minor: o.int("amount_paid") ?? 0, currency: currency)
        remaining = Money(minor: o.int("amount_remaining") ?? 0, currency: currency)
        attemptCount = o.int("attempt_count") ?? 0
        nextPaymentAttempt = o.int("next_payment_attempt")
        periodStart = o.int("period_start")
        periodEnd = o.int("period_end")
        // Before 2025-03-31.basil `subscription` sat on the invoice; since, under parent.
        subscription = o.ref("subscription") ?? o.object("parent")?.object("subscription_details")?.ref("subscription")
        billingReason = o.string("billing_reason")
        created = o.int("created") ?? 0
        lines = o.object("lines")?.objects("data").compactMap { StripeLine($0, currency: currency) } ?? []
    }
}

/// One invoice line: a subscription period, a one-off item or a proration.
public struct StripeLine: Sendable, Equatable {
    public var id: String
    public var amount: Money
    public var description: String?
    public var proration: Bool
    public var periodStart: Int64?
    public var periodEnd: Int64?

    init?(_ o: JSONObject, currency: String) {
        guard let id = o.string("id") else { return nil }
        self.id = id
        amount = Money(minor: o.int("amount") ?? 0, currency: o.string("currency") ?? currency)
        description = o.string("description")
        proration = o.bool("proration") ?? false
        periodStart = o.object("period")?.int("start")
        periodEnd = o.object("period")?.int("end")
    }
}

/// A charge: one attempt to take money, and what was refunded of it.
public struct StripeCharge: Sendable, Equatable {
    public var id: String
    public var customer: String?
    public var invoice: String?
    /// succeeded, pending, failed.
    public var status: String
    public var amount: Money
    public var refunded: Money
    public var failureCode: String?
    public var failureMessage: String?
    public var created: Int64

    init?(_ o: JSONObject) {
        guard let id = o.string("id"), let currency = o.string("currency") else { return nil }
        self.id = id
        customer = o.ref("customer")
        invoice = o.ref("invoice")
        status = o.string("status") ?? "pending"
        amount = Money(minor: o.int("amount") ?? 0, currency: currency)
        refunded = Money(minor: o.int("amount_refunded") ?? 0, currency: currency)
        failureCode = o.string("failure_code")
        failureMessage = o.string("failure_message")
        created = o.int("created") ?? 0
    }
}

/// A dispute (chargeback) and the date its evidence is due.
public struct StripeDispute: Sendable, Equatable {
    public var id: String
    public var charge: String?
    public var customer: String?
    public var amount: Money
    /// warning_needs_response, needs_response, under_review, won, lost, …
    public var status: String
    public var reason: String?
    public var evidenceDueBy: Int64?
    public var created: Int64

    init?(_ o: JSONObject) {
        guard let id = o.string("id"), let currency = o.string("currency") else { return nil }
        self.id = id
        charge = o.ref("charge")
        customer = o.object("charge")?.ref("customer") ?? o.ref("customer")
        amount = Money(minor: o.int("amount") ?? 0, currency: currency)
        status = o.string("status") ?? "needs_response"
        reason = o.string("reason")
        evidenceDueBy = o.object("evidence_details")?.int("due_by")
        created = o.int("created") ?? 0
    }

    /// Still waiting for PenguinMails' answer.
    public var needsResponse: Bool { status == "needs_response" || status == "warning_needs_response" }
}

/// A subscription: the plan a customer pays for, per period.
public struct StripeSubscription: Sendable, Equatable {
    public var id: String
    public var customer: String?
    /// incomplete, trialing, active, past_due, canceled, unpaid, paused.
    public var status: String
    /// The recurring amount per period: Σ unit amount × quantity over the items.
    public var amount: Money?
    public var interval: String?
    public var plan: String?
    public var periodStart: Int64?
    public var periodEnd: Int64?
    public var cancelAtPeriodEnd: Bool

    init?(_ o: JSONObject) {
        guard let id = o.string("id") else { return nil }
        self.id = id
        customer = o.ref("customer")
        status = o.string("status") ?? "incomplete"
        let items = o.object("items")?.objects("data") ?? []
        var total: Int64 = 0
        var currency: String?
        for item in items {
            let price = item.object("price") ?? item.object("plan")
            let unit = price?.int("unit_amount") ?? price?.int("amount") ?? 0
            let (product, overflow) = unit.multipliedReportingOverflow(by: item.int("quantity") ?? 1)
            if !overflow { total = total.addingReportingOverflow(product).overflow ? total : total + product }
            currency = currency ?? price?.string("currency")
            interval = interval ?? price?.object("recurring")?.string("interval") ?? price?.string("interval")
            plan = plan ?? price?.string("nickname") ?? price?.string("lookup_key") ?? price?.string("id")
        }
        amount = (currency ?? o.string("currency")).map { Money(minor: total, currency: $0) }
        // Since 2025 (dahlia here) the period lives on each item.
        periodStart = o.int("current_period_start") ?? items.first?.int("current_period_start")
        periodEnd = o.int("current_period_end") ?? items.first?.int("current_period_end")
        cancelAtPeriodEnd = o.bool("cancel_at_period_end") ?? false
    }
}

/// A pending invoice item: a one-off charge or a proration from a mid-cycle change.
public struct StripeInvoiceItem: Sendable, Equatable {
    public var id: String
    public var customer: String?
    public var invoice: String?
    public var amount: Money
    public var description: String?
    public var proration: Bool
    public var periodStart: Int64?
    public var periodEnd: Int64?

    init?(_ o: JSONObject) {
        guard let id = o.string("id"), let currency = o.string("currency") else { return nil }
        self.id = id
        customer = o.ref("customer")
        invoice = o.ref("invoice")
        amount = Money(minor: o.int("amount") ?? 0, currency: currency)
        description = o.string("description")
        proration = o.bool("proration") ?? false
        periodStart = o.object("period")?.int("start")
        periodEnd = o.object("period")?.int("end")
    }
}
