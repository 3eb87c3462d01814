import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Dunning reminders through the outbox, the payment-failure wave alert, the dispute
/// ticket's SLA, and reconciliation and revenue on hand-built stores (issue 18).
@Suite("Billing dunning store")
struct BillingDunningStoreTests {
    typealias B = BillingStoreTests

    static var now: Int64 { 1_796_634_000 }  // 2026-12-07T09:00Z, the fixture's clock

    static func event(_ id: String, _ type: String, created: Int64, _ object: String) -> [UInt8] {
        Array(#"{"id":"\#(id)","object":"event","type":"\#(type)","created":\#(created),"livemode":false,"data":{"object":\#(object)}}"#.utf8)
    }

    static func invoice(_ id: String, customer: String = "cus_acme", status: String, currency: String = "usd", amount: Int64, paid: Bool,
                        attempts: Int64 = 1, next: Int64? = nil, created: Int64 = now, subscription: String? = nil,
                        lines: String = "") -> String {
        #"{"id":"\#(id)","object":"invoice","customer":"\#(customer)","status":"\#(status)","currency":"\#(currency)","amount_due":\#(amount),"# +
            #""amount_paid":\#(paid ? amount : 0),"amount_remaining":\#(paid ? 0 : amount),"attempt_count":\#(attempts),"# +
            #""next_payment_attempt":\#(next.map(String.init) ?? "null"),"created":\#(created),"# +
            #""subscription":\#(subscription.map { "\"\($0)\"" } ?? "null"),"lines":{"object":"list","data":[\#(lines)]}}"#
    }

    static func charge(_ id: String, customer: String = "cus_acme", invoice: String?, status: String, currency: String = "usd",
                       amount: Int64, refunded: Int64 = 0, created: Int64 = now) -> String {
        #"{"id":"\#(id)","object":"charge","customer":"\#(customer)","invoice":\#(invoice.map { "\"\($0)\"" } ?? "null"),"status":"\#(status)","# +
            #""currency":"\#(currency)","amount":\#(amount),"amount_refunded":\#(refunded),"created":\#(created)}"#
    }

    static func linked() throws -> StoreFixture {
        let f = try B.fixture()
        _ = try f.db.linkBillingCustomer("cus_acme", to: "acme", as: f.actor("fin"))
        return f
    }

    static func reminders(_ f: StoreFixture) throws -> [Row] {
        try f.db.read { db in try Row.fetchAll(db, sql: "SELECT to_addr, subject, body FROM outbox WHERE kind = 'billing-dunning' ORDER BY id") }
    }

    @Test("a failed payment: the retry schedule as Stripe reports it, one reminder per attempt from the operator's template")
    func dunningReminders() throws {
        let f = try Self.linked()
        try f.db.setSetting(.billingReminderSubject, to: "Overdue {invoice}: {amount} ({customer})", as: f.boss)
        let next = Self.now + 3 * 86_400
        _ = try B.ingest(f, Self.event("evt_f1", "invoice.payment_failed", created: Self.now,
                                       Self.invoice("in_1", status: "open", currency: "jpy", amount: 15_000, paid: false, attempts: 1, next: next)))
        var mails = try Self.reminders(f)
        #expect(mails.count == 1)
        #expect(mails.first?["to_addr"] == "billing@acme.example" && mails.first?["subject"] == "Overdue in_1: 15,000 JPY (Acme)")
        #expect((mails.first?["body"] as String?)?.contains("attempt 1") == true)
        #expect((mails.first?["body"] as String?)?.contains("2026-12-10T09:00 UTC") == true)
        // The same attempt again (a re-sent event, a later update): no second mail.
        _ = try B.ingest(f, Self.event("evt_f1b", "invoice.updated", created: Self.now + 5,
                                       Self.invoice("in_1", status: "open", currency: "jpy", amount: 15_000, paid: false, attempts: 1, next: next)))
        #expect(try Self.reminders(f).count == 1)
        // Stripe's second attempt fails: a second reminder; the schedule shows it.
        _ = try B.ingest(f, Self.event("evt_f2", "invoice.payment_failed", created: Self.now + 86_400,
                                       Self.invoice("in_1", status: "open", currency: "jpy", amount: 15_000, paid: false, attempts: 2, next: next + 86_400)))
        mails = try Self.reminders(f)
        #expect(mails.count == 2)
        let entry = try #require(try f.db.dunning(as: f.actor("fin")).first)
        #expect(entry.standing == "past-due" && entry.customer == "acme")
        #expect(entry.schedule == [DunningStep(invoice: "in_1", owed: "15,000 JPY", owedMinor: 15_000, currency: "jpy", attempts: 2,
                                               nextAttempt: next + 86_400, reminders: 2)])
        // Paid: out of dunning, no more mail.
        _ = try B.ingest(f, Self.event("evt_p", "invoice.paid", created: Self.now + 2 * 86_400,
                                       Self.invoice("in_1", status: "paid", currency: "jpy", amount: 15_000, paid: true, attempts: 3)))
        #expect(try f.db.dunning(as: f.actor("fin")).isEmpty && Self.reminders(f).count == 2)
    }

    @Test("untrusted values are escaped into the reminder; a bad template is refused and the old one kept")
    func escaping() throws {
        let f = try B.fixture()
        let evil = #"cus_x\r\nBcc: all@evil.example"#  // JSON escapes: the id holds a real CR LF
        let body = Self.invoice("in_e", customer: evil, status: "open", amount: 2_000, paid: false, attempts: 1)
            .replacingOccurrences(of: #""lines""#, with: #""customer_email":"pay@unlinked.example","lines""#)
        _ = try B.ingest(f, Self.event("evt_e", "invoice.payment_failed", created: Self.now, body))
        let mail = try #require(try Self.reminders(f).first)
        #expect(mail["to_addr"] == "pay@unlinked.example")
        #expect((mail["subject"] as String).contains("\n") == false)
        #expect((mail["body"] as String).contains("Hello cus_x  Bcc: all@evil.example,"))
        for bad in ["Hi {name}", "Hi {customer", "two\nlines"] {
            let error = opsError { () throws(OpsError) in try f.db.setSetting(.billingReminderSubject, to: bad, as: f.boss) }
            #expect(error?.exitCode == 2, "\(bad)")
        }
        #expect(try f.db.settingValue(.billingReminderSubject) == Dunning.defaultSubject)
        #expect(opsError { () throws(OpsError) in try f.db.setSetting(.billingFailureWave, to: "0", as: f.boss) }?.exitCode == 2)
    }

    static func waveAlert(_ f: StoreFixture) throws -> Row? {
        try f.db.read { db in
            try Row.fetchOne(db, sql: "SELECT status, severity, team, rule, summary FROM alert WHERE fingerprint = ? ORDER BY id DESC LIMIT 1",
                             arguments: [AppDatabase.billingWaveFingerprint])
        }
    }

    @Test("more than N failed payments in 15 minutes raise one alert in the queue; the collector tick resolves it once it passes")
    func failureWave() throws {
        let f = try B.fixture()
        try f.db.setSetting(.billingFailureWave, to: "3", as: f.boss)
        // Old failures do not count towards a wave now.
        for i in 0..<5 {
            _ = try B.ingest(f, Self.event("evt_old\(i)", "charge.failed", created: Self.now - 1_000, Self.charge("ch_old\(i)", invoice: nil, status: "failed", amount: 100, created: Self.now - 1_000)))
        }
        for i in 0..<3 {
            _ = try B.ingest(f, Self.event("evt_w\(i)", "charge.failed", created: Self.now - 60, Self.charge("ch_w\(i)", invoice: nil, status: "failed", amount: 100, created: Self.now - 60)))
        }
        #expect(try Self.waveAlert(f) == nil)
        #expect(try f.db.sweepBillingFailureWave(at: f.clock.now()) == false)
        _ = try B.ingest(f, Self.event("evt_w3", "charge.failed", created: Self.now, Self.charge("ch_w3", invoice: nil, status: "failed", amount: 100)))
        let firing = try #require(try Self.waveAlert(f))
        let fields: [String?] = [firing["status"], firing["severity"], firing["team"], firing["rule"]]
        #expect(fields == ["firing", "critical", "finance", "PaymentFailureWave"])
        #expect((firing["summary"] as String).hasPrefix("4 payment failures in the last 15 minutes"))
        // A fifth updates the same alert: still one open.
        _ = try B.ingest(f, Self.event("evt_w4", "charge.failed", created: Self.now, Self.charge("ch_w4", invoice: nil, status: "failed", amount: 100)))
        #expect(try f.db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert WHERE fingerprint = ?", arguments: [AppDatabase.billingWaveFingerprint]) } == 1)
        // Still inside the window: the tick keeps it.
        f.clock.advance(by: 600)
        #expect(try f.db.sweepBillingFailureWave(at: f.clock.now()) == true)
        f.clock.advance(by: 300)
        #expect(try f.db.sweepBillingFailureWave(at: f.clock.now()) == false)
        #expect(try Self.waveAlert(f)?["status"] == "resolved")
        #expect(try f.db.sweepBillingFailureWave(at: f.clock.now()) == false)
    }

    @Test("a dispute opens a finance ticket whose resolution SLA is the evidence due date, and follows it when it moves")
    func disputeSLA() throws {
        let f = try Self.linked()
        _ = try B.ingest(f, Self.event("evt_c", "charge.succeeded", created: Self.now - 86_400, Self.charge("ch_d", invoice: nil, status: "succeeded", amount: 2_200)))
        let due = Self.now + 6 * 86_400
        let dispute = { (id: String, due: Int64, created: Int64) in
            Self.event(id, "charge.dispute.created", created: created,
                       #"{"id":"du_1","object":"dispute","charge":"ch_d","amount":2200,"currency":"usd","status":"needs_response","reason":"fraudulent","created":\#(created),"evidence_details":{"due_by":\#(due)}}"#)
        }
        let opened = try B.ingest(f, dispute("evt_d1", due, Self.now))
        let number = try #require(opened.ticket.flatMap { TicketNumber(text: $0) })
        let detail = try f.db.ticket(number, as: f.actor("fin"))
        #expect(detail.ticket.team == "finance" && detail.ticket.category == .billingDispute)
        let resolution = { (d: TicketDetail) in d.sla.clocks.first { $0.kind == .resolution }?.state }
        #expect(resolution(detail) == .running(due: Date(timeIntervalSince1970: TimeInterval(due))))
        // Stripe moves the due date: the SLA follows.
        _ = try B.ingest(f, dispute("evt_d2", due + 86_400, Self.now + 10))
        #expect(resolution(try f.db.ticket(number, as: f.actor("fin"))) == .running(due: Date(timeIntervalSince1970: TimeInterval(due + 86_400))))
    }

    @Test("a batch in one transaction: a refused delivery is answered and not stored, a repeat is a duplicate, the rest applied")
    func batch() throws {
        let f = try Self.linked()
        let a = Self.event("evt_a", "charge.succeeded", created: Self.now, Self.charge("ch_a", invoice: nil, status: "succeeded", amount: 100))
        let b = Self.event("evt_b", "charge.succeeded", created: Self.now, Self.charge("ch_b", invoice: nil, status: "succeeded", amount: 200))
        let results = try f.db.ingestBillingEvents([(a, B.header(a, at: f)), (b, B.header(b, at: f, secret: "whsec_wrong")), (a, B.header(a, at: f))],
                                                   secret: B.secret, as: f.actor("fin"))
        #expect(results.map { (try? $0.get().outcome) ?? "refused" } == ["applied", "refused", "duplicate"])
        #expect(try f.db.billingEvents(as: f.actor("fin")).map(\.id) == ["evt_a"])
        #expect(opsError { () throws(OpsError) in try f.db.ingestBillingEvents([(b, B.header(b, at: f))], secret: B.secret, as: f.actor("sam")) }?.exitCode == 4)
    }

    @Test("reconcile on a hand-built store: matched, missing charge, partial JPY refund, unmatched customer")
    func reconcile() throws {
        let f = try Self.linked()
        let events: [[UInt8]] = [
            Self.event("e1", "invoice.paid", created: Self.now, Self.invoice("in_ok", status: "paid", amount: 2_000, paid: true)),
            Self.event("e2", "charge.succeeded", created: Self.now, Self.charge("ch_ok", invoice: "in_ok", status: "succeeded", amount: 2_000)),
            Self.event("e3", "invoice.paid", created: Self.now, Self.invoice("in_lost", customer: "cus_nobody", status: "paid", amount: 500, paid: true)),
            Self.event("e4", "invoice.paid", created: Self.now, Self.invoice("in_yen", status: "paid", currency: "jpy", amount: 1_500, paid: true)),
            Self.event("e5", "charge.refunded", created: Self.now, Self.charge("ch_yen", invoice: "in_yen", status: "succeeded", currency: "jpy", amount: 1_500, refunded: 500)),
            Self.event("e6", "invoice.paid", created: Self.now - 90 * 86_400, Self.invoice("in_old", status: "paid", amount: 900, paid: true, created: Self.now - 90 * 86_400)),
        ]
        for body in events { _ = try B.ingest(f, body) }
        let report = try f.db.reconcileBilling(since: Self.now - 30 * 86_400, as: f.actor("fin"))
        #expect(report.paidInvoices == 3 && report.matched == 2)
        #expect(report.mismatches.map(\.problem) == ["paid-without-charge"])
        #expect(report.mismatches.first?.stripeCustomer == "cus_nobody" && report.mismatches.first?.customer == nil)
        #expect(report.totals.map { "\($0.currency) \($0.invoicedPaid) \($0.charged) \($0.refunded) \($0.net)" } == ["jpy 1500 1500 500 1000", "usd 2500 2000 0 2000"])
        // Linking the customer resolves the "unmatched" flag in the listing.
        _ = try f.db.linkBillingCustomer("cus_nobody", to: "acme", as: f.actor("fin"))
        #expect(try f.db.reconcileBilling(since: Self.now - 30 * 86_400, as: f.actor("fin")).mismatches.first?.customer == "acme")
        #expect(opsError { () throws(OpsError) in try f.db.reconcileBilling(since: 0, as: f.actor("sam")) }?.exitCode == 4)
    }

    @Test("revenue on a hand-built store: a subscription invoice spread daily, a proration credit, plan from the subscription")
    func revenue() throws {
        let f = try Self.linked()
        f.clock.set(Timestamp.parse("2027-01-20T12:00Z") ?? Date())
        let jan1 = unixTime("2027-01-01T00:00Z"), feb1 = unixTime("2027-02-01T00:00Z"), jan16 = unixTime("2027-01-16T00:00Z")
        let sub = #"{"id":"sub_1","object":"subscription","customer":"cus_acme","status":"active","cancel_at_period_end":false,"items":{"object":"list","data":[{"quantity":1,"price":{"id":"price_g","nickname":"growth","unit_amount":3100,"currency":"usd","recurring":{"interval":"month"}}}]}}"#
        _ = try B.ingest(f, Self.event("s1", "customer.subscription.updated", created: jan1, sub))
        let lines = #"{"id":"il_1","amount":3100,"currency":"usd","proration":false,"period":{"start":\#(jan1),"end":\#(feb1)}},"# +
            #"{"id":"il_2","amount":-800,"currency":"usd","proration":true,"period":{"start":\#(jan16),"end":\#(feb1)}}"#
        _ = try B.ingest(f, Self.event("i1", "invoice.paid", created: jan1, Self.invoice("in_s", status: "paid", amount: 2_300, paid: true, created: jan1, subscription: "sub_1", lines: lines)))
        // Not a subscription invoice, and a void one: neither counts.
        _ = try B.ingest(f, Self.event("i2", "invoice.paid", created: jan1, Self.invoice("in_x", status: "paid", amount: 999, paid: true, created: jan1, lines: #"{"id":"il_x","amount":999,"currency":"usd"}"#)))
        _ = try B.ingest(f, Self.event("i3", "invoice.voided", created: jan1, Self.invoice("in_v", status: "void", amount: 999, paid: false, created: jan1, subscription: "sub_1", lines: #"{"id":"il_v","amount":999,"currency":"usd"}"#)))
        let report = try f.db.billingRevenue(months: 2, as: f.actor("fin"))
        #expect(report.months == ["2026-12", "2027-01"])
        #expect(report.rows.map { "\($0.month) \($0.plan) \($0.recognisedText) \($0.deferredText)" } == ["2027-01 growth 23.00 USD 0.00 USD"])
        #expect(opsError { () throws(OpsError) in try f.db.billingRevenue(months: 0, as: f.actor("fin")) }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in try f.db.billingRevenue(months: 2, as: f.actor("sam")) }?.exitCode == 4)
    }
}

private func unixTime(_ text: String) -> Int64 { Int64(Timestamp.parse(text)?.timeIntervalSince1970 ?? -1) }
