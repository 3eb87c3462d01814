import Foundation
import OpsCore
import OpsStore

/// The demo's money (issue 18): three months of Stripe events for two dozen paying tenants,
/// signed and ingested through `ingestBillingEvent` like a webhook relay's, so the rows,
/// audit trail, links (by the invoice's email), reminders and tickets are the real ones.
/// Subscriptions in USD, one in EUR and one in JPY; a partial refund; one tenant in dunning
/// (two failed attempts, Stripe's next retry in three days); a dispute with its evidence
/// due in six days; a paid invoice whose charge never arrived (reconcile lists it); a
/// Stripe customer with no directory entry (unmatched); a payout event pmops does not model.
public enum DemoBilling {
    public static let secret = "whsec_pmops_demo"
    static let prices: [Customer.Plan: Int64] = [.starter: 2_900, .growth: 9_900, .scale: 29_900, .enterprise: 99_900]
    static let month: Int64 = 30 * 86_400

    /// One event body: `object` under data.object, the usual envelope around it.
    static func event(_ id: String, _ type: String, created: Int64, _ object: [String: Any]) -> [UInt8] {
        let body: [String: Any] = ["id": id, "object": "event", "type": type, "created": created, "livemode": false,
                                   "api_version": "2025-03-31.basil", "data": ["object": object]]
        return Array((try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data())
    }

    static func invoice(_ id: String, customer: String, email: String?, status: String, currency: String, amount: Int64, paid: Bool,
                        attempts: Int64, next: Int64?, start: Int64, subscription: String, plan: String, created: Int64) -> [String: Any] {
        var o: [String: Any] = [
            "id": id, "object": "invoice", "customer": customer, "status": status, "currency": currency,
            "amount_due": amount, "amount_paid": paid ? amount : 0, "amount_remaining": paid ? 0 : amount,
            "attempt_count": attempts, "period_start": start, "period_end": start + month, "billing_reason": "subscription_cycle",
            "created": created, "parent": ["subscription_details": ["subscription": subscription]],
            "lines": ["object": "list", "data": [["id": "il_\(id.dropFirst(3))", "object": "line_item", "amount": amount, "currency": currency,
                                                   "description": "1 × PenguinMails \(plan) (at \(Money(minor: amount, currency: currency).formatted) / month)",
                                                   "proration": false, "period": ["start": start, "end": start + month]]]],
        ]
        o["customer_email"] = email ?? NSNull()
        o["next_payment_attempt"] = next ?? NSNull()
        return o
    }

    static func charge(_ id: String, customer: String, invoice: String?, status: String, currency: String, amount: Int64,
                       refunded: Int64 = 0, created: Int64) -> [String: Any] {
        ["id": id, "object": "charge", "customer": customer, "invoice": invoice ?? NSNull(), "status": status, "currency": currency,
         "amount": amount, "amount_refunded": refunded, "created": created,
         "failure_code": status == "failed" ? "card_declined" : NSNull(),
         "failure_message": status == "failed" ? "Your card was declined." : NSNull()]
    }

    /// The events in delivery order (bodies with their created time).
    public static func events(customers: [Customer], now: Date) -> [(created: Int64, body: [UInt8])] {
        let t = Int64(now.timeIntervalSince1970)
        var out: [(Int64, [UInt8])] = []
        func add(_ id: String, _ type: String, _ created: Int64, _ object: [String: Any]) { out.append((created, event(id, type, created: created, object))) }
        let paying = customers.filter { $0.status == .active && prices[$0.plan] != nil }.sorted { $0.id < $1.id }.prefix(24)
        for (n, customer) in paying.enumerated() {
            let stripe = "cus_demo\(String(format: "%04d", n))"
            let currency = n == 5 ? "jpy" : (n == 9 ? "eur" : "usd")
            let base = prices[customer.plan] ?? 2_900
            let amount = currency == "jpy" ? base / 100 * 150 : base
            let plan = customer.plan.rawValue
            let sub = "sub_demo\(n)"
            // Each tenant's billing day: spread over the month.
            let anchor = t - 3 * month + Int64(n) * 86_400
            add("evt_demo_sub\(n)", "customer.subscription.created", anchor, [
                "id": sub, "object": "subscription", "customer": stripe, "status": "active", "currency": currency,
                "cancel_at_period_end": false, "current_period_start": anchor + 2 * month, "current_period_end": anchor + 3 * month,
                "items": ["object": "list", "data": [["object": "subscription_item", "quantity": 1,
                                                      "price": ["id": "price_\(plan)_\(currency)", "nickname": plan, "unit_amount": amount,
                                                                "currency": currency, "recurring": ["interval": "month"]]]]],
            ])
            let email = n == 23 ? nil : customer.contacts.first?.email
            let who = n == 23 ? "cus_demo_unlinked" : stripe
            for cycle in 0..<3 {
                let start = anchor + Int64(cycle) * month
                guard start <= t else { continue }
                let id = "in_demo\(n)c\(cycle)"
                if n == 20 && cycle == 2 {
                    // Dunning: two failed attempts, Stripe retries in three days.
                    add("evt_demo_\(id)_f1", "charge.failed", start + 3_600, charge("ch_demo\(n)c\(cycle)a", customer: who, invoice: id, status: "failed", currency: currency, amount: amount, created: start + 3_600))
                    add("evt_demo_\(id)_f2", "charge.failed", start + 4 * 86_400, charge("ch_demo\(n)c\(cycle)b", customer: who, invoice: id, status: "failed", currency: currency, amount: amount, created: start + 4 * 86_400))
                    add("evt_demo_\(id)_pf", "invoice.payment_failed", start + 4 * 86_400 + 5,
                        invoice(id, customer: who, email: email, status: "open", currency: currency, amount: amount, paid: false, attempts: 2,
                                next: t + 3 * 86_400, start: start, subscription: sub, plan: plan, created: start))
                    continue
                }
                let chargeID = "ch_demo\(n)c\(cycle)"
                // A paid invoice whose charge event never arrived: reconcile lists it.
                if !(n == 12 && cycle == 2) {
                    add("evt_demo_\(chargeID)", "charge.succeeded", start + 60, charge(chargeID, customer: who, invoice: id, status: "succeeded", currency: currency, amount: amount, created: start + 60))
                }
                add("evt_demo_\(id)", "invoice.paid", start + 90,
                    invoice(id, customer: who, email: email, status: "paid", currency: currency, amount: amount, paid: true, attempts: 1,
                            next: nil, start: start, subscription: sub, plan: plan, created: start))
                if n == 3 && cycle == 1 {
                    add("evt_demo_\(chargeID)_r", "charge.refunded", start + 5 * 86_400,
                        charge(chargeID, customer: who, invoice: id, status: "succeeded", currency: currency, amount: amount, refunded: amount / 2, created: start + 60))
                }
                if n == 16 && cycle == 1 {
                    add("evt_demo_dispute\(n)", "charge.dispute.created", max(start + 60, t - 2 * 86_400), [
                        "id": "du_demo\(n)", "object": "dispute", "charge": chargeID, "amount": amount, "currency": currency,
                        "status": "needs_response", "reason": "fraudulent", "created": max(start + 60, t - 2 * 86_400),
                        "evidence_details": ["due_by": t + 6 * 86_400],
                    ])
                }
            }
        }
        add("evt_demo_payout", "payout.paid", t - 86_400, ["id": "po_demo1", "object": "payout", "amount": 1_250_000, "currency": "usd"])
        return out.sorted { $0.0 < $1.0 }
    }
}

extension AppDatabase {
    /// Seeds the demo's billing events unless some were ingested before. Returns how many.
    @discardableResult
    public func seedDemoBilling(now: Date, clock: ManualClock, as me: ActorContext) throws(OpsError) -> Int {
        guard try billingEvents(limit: 1, as: me).isEmpty else { return 0 }
        let events = DemoBilling.events(customers: try customers(as: me), now: now)
        for (created, body) in events {
            clock.set(Date(timeIntervalSince1970: TimeInterval(min(created + 2, Int64(now.timeIntervalSince1970)))))
            let header = StripeSigner.header(for: body, secret: DemoBilling.secret, at: Int64(clock.now().timeIntervalSince1970))
            _ = try ingestBillingEvent(body, signature: header, secret: DemoBilling.secret, as: me)
        }
        clock.set(now)
        return events.count
    }
}
