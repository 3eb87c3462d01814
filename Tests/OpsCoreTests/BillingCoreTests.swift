import Foundation
@testable import OpsCore
import Testing
import _OpsTestSupport

/// Stripe events, money and the billing rules, table-tested (issue 18).
@Suite("Billing core")
struct BillingCoreTests {
    static func sample(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: try RepoFiles.root() + "/Docs/samples/stripe/" + name + ".json")))
    }

    @Test("money is exact integers in minor units, formatted by the currency's exponent", arguments: [
        (Money(minor: 2000, currency: "usd"), "20.00 USD"),
        (Money(minor: -1500, currency: "USD"), "-15.00 USD"),
        (Money(minor: 5, currency: "eur"), "0.05 EUR"),
        (Money(minor: 123_456_789, currency: "gbp"), "1,234,567.89 GBP"),
        (Money(minor: 1500, currency: "jpy"), "1,500 JPY"),
        (Money(minor: -7, currency: "krw"), "-7 KRW"),
        (Money(minor: 1234, currency: "bhd"), "1.234 BHD"),
        (Money(minor: Int64.min, currency: "usd"), "-92,233,720,368,547,758.08 USD"),
    ])
    func money(_ money: Money, _ text: String) {
        #expect(money.formatted == text)
    }

    @Test("the timestamp is read as Python's int() reads it", arguments: [
        ("1533204620", "1533204620"), (" 1533204620", "1533204620"), ("+12", "12"), ("-12", "-12"), ("0012", "12"), ("-0", "0"),
        ("1_533_204_620", "1533204620"), ("\t7\n", "7"), ("\u{0663}\u{0664}", "34"), ("99999999999999999999", "99999999999999999999"),
        ("", nil), (" ", nil), ("1__2", nil), ("_12", nil), ("12_", nil), ("1.5", nil), ("abc", nil), ("+", nil), ("--1", nil), ("0x10", nil),
    ] as [(String, String?)])
    func pythonInt(_ text: String, _ expected: String?) {
        #expect(StripeSignature.pythonInt(text) == expected)
    }

    @Test("headers: the first t, every v1, nothing else")
    func headers() {
        #expect(StripeSignature.parse("t=5,v1=a,v0=b,v1=c") == .init(timestamp: "5", signatures: ["a", "c"]))
        #expect(StripeSignature.parse("t=5,t=6,v1=a") == .init(timestamp: "5", signatures: ["a"]))
        #expect(StripeSignature.parse("t=5, v1=a") == .init(timestamp: "5", signatures: []))
        #expect(StripeSignature.parse("t=5,v1=a=b") == .init(timestamp: "5", signatures: ["a"]))
        for bad in ["t", "v1=a", "t=5,v1", "t=x,v1=a", ",,", "t=,v1=a"] { #expect(StripeSignature.parse(bad) == nil, "\(bad)") }
    }

    @Test("every shared sample parses into the object it carries")
    func samples() throws {
        let paid = try StripeEvent.parse(try Self.sample("invoice.paid"))
        guard case let .invoice(invoice) = paid.object else { Issue.record("not an invoice"); return }
        #expect(paid.type == "invoice.paid" && paid.created == 1_648_320_015)
        #expect(invoice.status == "paid" && invoice.paid == Money(minor: 2000, currency: "usd") && invoice.customer == "cus_00000000000000")
        let failed = try StripeEvent.parse(try Self.sample("invoice.payment_failed"))
        guard case let .invoice(open) = failed.object else { Issue.record("not an invoice"); return }
        #expect(open.status == "open" && open.remaining.minor == 2000 && open.attemptCount == 1 && open.nextPaymentAttempt == nil)
        guard case let .charge(charge) = try StripeEvent.parse(try Self.sample("charge.failed")).object else { Issue.record("charge"); return }
        #expect(charge.status == "failed" && charge.failureCode == "card_declined" && charge.amount.minor == 2200)
        guard case let .charge(refund) = try StripeEvent.parse(try Self.sample("charge.refunded")).object else { Issue.record("refund"); return }
        #expect(refund.refunded == refund.amount)
        guard case let .dispute(dispute) = try StripeEvent.parse(try Self.sample("charge.dispute.created")).object else { Issue.record("dispute"); return }
        #expect(dispute.needsResponse && dispute.evidenceDueBy == 1_780_531_199 && dispute.reason == "product_not_received")
        guard case let .subscription(sub) = try StripeEvent.parse(try Self.sample("customer.subscription.updated")).object else { Issue.record("sub"); return }
        #expect(sub.status == "trialing" && sub.customer == "cus_UZ11RVzkmLf6Cf" && sub.periodStart != nil)
        guard case let .invoiceItem(item) = try StripeEvent.parse(try Self.sample("invoiceitem.created.proration")).object else { Issue.record("ii"); return }
        #expect(item.proration && item.amount == Money(minor: -1500, currency: "usd"))
        #expect(try StripeEvent.parse(Array(#"{"object":"event","id":"evt_9","type":"payout.paid","created":1,"data":{"object":{"object":"payout"}}}"#.utf8)).object == .other(kind: "payout"))
    }

    @Test("a body that is not an event is refused naming what is missing", arguments: [
        ("", "event"), ("[]", "event"), ("{}", "event.object"), (#"{"object":"event"}"#, "event.id"),
        (#"{"object":"event","id":"e","type":"t"}"#, "event.created"), (#"{"object":"event","id":"e","type":"t","created":1}"#, "event.data.object"),
        (#"{"object":"event","id":"e","type":"t","created":1.5,"data":{"object":{}}}"#, "event.created"),
    ])
    func notAnEvent(_ body: String, _ field: String) {
        let error = opsError { () throws(OpsError) in try StripeEvent.parse(Array(body.utf8)) }
        #expect(error?.fieldErrors.first?.field == field, "\(String(describing: error))")
    }

    @Test("the newer event wins; within a second, the later state", arguments: [
        (10, "open", 5, "paid", "invoice", true), (5, "paid", 10, "open", "invoice", false),
        (7, "open", 7, "paid", "invoice", false), (7, "paid", 7, "open", "invoice", true),
        (7, "lost", 7, "needs_response", "dispute", true), (7, "needs_response", 7, "won", "dispute", false),
        (7, "canceled", 7, "active", "subscription", true), (7, "-", 7, "-", "invoiceitem", true),
    ] as [(Int64, String, Int64, String, String, Bool)])
    func supersedes(_ new: Int64, _ newStatus: String, _ old: Int64, _ oldStatus: String, _ kind: String, _ expected: Bool) {
        #expect(BillingRules.supersedes(new: new, newStatus: newStatus, old: old, oldStatus: oldStatus, kind: kind) == expected)
    }

    @Test("standing: past due while Stripe retries, suspend when it gives up or after 14 days")
    func standing() {
        let day: Int64 = 86_400, now: Int64 = 1_800_000_000
        func unpaid(_ id: String, attempts: Int64 = 1, next: Int64? = now + day, status: String = "open", age: Int64 = day) -> BillingRules.UnpaidInvoice {
            .init(id: id, remaining: Money(minor: 2000, currency: "usd"), attempts: attempts, nextAttempt: next, status: status, created: now - age)
        }
        #expect(BillingRules.standing([], now: now).0 == .active)
        #expect(BillingRules.standing([unpaid("in_1", attempts: 0)], now: now).0 == .active)
        #expect(BillingRules.standing([unpaid("in_1")], now: now).0 == .pastDue)
        #expect(BillingRules.standing([unpaid("in_1", next: nil)], now: now) == (.suspend, "in_1 (20.00 USD) failed 1× and Stripe has no retry left"))
        #expect(BillingRules.standing([unpaid("in_1", status: "uncollectible")], now: now).0 == .suspend)
        #expect(BillingRules.standing([unpaid("in_1", age: 15 * day)], now: now).0 == .suspend)
        #expect(BillingRules.standing([unpaid("in_1", age: 14 * day)], now: now).0 == .pastDue)
    }
}
