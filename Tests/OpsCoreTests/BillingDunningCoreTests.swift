import Foundation
@testable import OpsCore
import Testing

/// Dunning reminders, their templates and the payment-failure wave, table-tested (issue 18).
@Suite("Billing dunning core")
struct BillingDunningCoreTests {
    static let now: Int64 = 1_800_000_000

    static func unpaid(attempts: Int64 = 1, remaining: Int64 = 2_000, status: String = "open", next: Int64? = now + 86_400) -> BillingRules.UnpaidInvoice {
        .init(id: "in_1", remaining: Money(minor: remaining, currency: "usd"), attempts: attempts, nextAttempt: next, status: status, created: now)
    }

    @Test("one reminder per failed attempt of an open invoice still owed", arguments: [
        (unpaid(), [], true), (unpaid(), [1], false), (unpaid(attempts: 2), [1], true), (unpaid(attempts: 0), [], false),
        (unpaid(remaining: 0), [], false), (unpaid(status: "paid"), [], false), (unpaid(status: "uncollectible"), [], false),
        (unpaid(attempts: 3, next: nil), [1, 2], true),
    ] as [(BillingRules.UnpaidInvoice, Set<Int64>, Bool)])
    func reminderDue(_ invoice: BillingRules.UnpaidInvoice, _ reminded: Set<Int64>, _ expected: Bool) {
        #expect(Dunning.reminderDue(invoice, reminded: reminded) == expected)
    }

    @Test("templates: known placeholders only, closed braces, subjects on one line, at most 4 KiB", arguments: [
        ("Invoice {invoice} for {amount}", true, nil),
        (Dunning.defaultSubject, true, nil), (Dunning.defaultBody, false, nil),
        ("Dear {name}", false, "'{name}' is not a placeholder"),
        ("Dear {customer", false, "a brace is not closed or not opened"),
        ("Dear customer}", false, "a brace is not closed or not opened"),
        ("line one\nline two", true, "a subject template must be one line"),
        ("line one\nline two", false, nil),
        ("", false, "the template is empty"),
        (String(repeating: "x", count: 4_097), false, "the template is 4097 bytes; the limit is 4096"),
    ] as [(String, Bool, String?)])
    func templates(_ template: String, _ subject: Bool, _ problem: String?) {
        let found = Dunning.problem(template: template, subject: subject)
        if let problem { #expect(found?.hasPrefix(problem) == true, "\(String(describing: found))") } else { #expect(found == nil) }
    }

    @Test("rendering fills each placeholder once and escapes the values", arguments: [
        ("{customer}: {amount}", ["customer": "Acme", "amount": "20.00 USD"], "Acme: 20.00 USD"),
        ("Hi {customer}", ["customer": "Evil\r\nBcc: all@example.com"], "Hi Evil  Bcc: all@example.com"),
        ("Hi {customer}", ["customer": "{invoice}"], "Hi {invoice}"),
        ("Hi {customer}", ["customer": "\u{1B}[31mred\u{202E}"], "Hi [31mred"),
        ("{other} {customer}", ["customer": "A"], "{other} A"),
        ("{unclosed {customer}", ["customer": "A"], "{unclosed {customer}"),
        ("Hi {customer}!", [:], "Hi !"),
        ("{customer}", ["customer": String(repeating: "é", count: 300)], String(repeating: "é", count: 199) + "…"),
    ] as [(String, [String: String], String)])
    func render(_ template: String, _ values: [String: String], _ expected: String) {
        #expect(Dunning.render(template, values) == expected)
    }

    @Test("reminder values: the retry as Stripe reports it; JPY without decimals")
    func values() {
        let yen = BillingRules.UnpaidInvoice(id: "in_y", remaining: Money(minor: 15_000, currency: "jpy"), attempts: 2,
                                             nextAttempt: 1_800_086_400, status: "open", created: Self.now)
        let v = Dunning.values(customer: "Acme", invoice: yen, standing: .pastDue)
        #expect(v["amount"] == "15,000 JPY" && v["attempts"] == "2" && v["next_attempt"] == "2027-01-16T08:00 UTC")
        #expect(v["standing"] == "active (it is now past-due)")
        #expect(Dunning.values(customer: "A", invoice: Self.unpaid(next: nil), standing: .suspend)["next_attempt"] == "not scheduled: Stripe will not retry")
    }

    @Test("a wave is more than N failures in the 15 minutes up to now", arguments: [
        (Array(repeating: now, count: 10), 10, false),
        (Array(repeating: now, count: 11), 10, true),
        (Array(repeating: now - 899, count: 11), 10, true),
        (Array(repeating: now - 900, count: 11), 10, false),
        (Array(repeating: now + 1, count: 11), 10, false),
        (Array(repeating: now - 60, count: 6) + Array(repeating: now - 1_000, count: 6), 5, true),
        (Array(repeating: now - 60, count: 5) + Array(repeating: now - 1_000, count: 6), 5, false),
        ([], 0, false), ([now], 0, true),
    ] as [([Int64], Int, Bool)])
    func wave(_ failures: [Int64], _ threshold: Int, _ expected: Bool) {
        #expect(BillingRules.isWave(failures, now: Self.now, threshold: threshold) == expected)
    }

    @Test("a dispute's deadline replaces the resolution target and never pauses")
    func deadline() throws {
        let opened = Date(timeIntervalSince1970: 1_800_000_000)
        let due = opened.addingTimeInterval(6 * 86_400)
        let waiting = SLAHistory(priority: .p2, category: .billingDispute, openedAt: opened,
                                 changes: [.init(at: opened, status: .new), .init(at: opened.addingTimeInterval(60), status: .waitingCustomer)],
                                 deadline: due)
        let before = waiting.status(policy: .standard, now: due.addingTimeInterval(-1)).clocks.first { $0.kind == .resolution }
        #expect(before?.state == .running(due: due))
        let after = waiting.status(policy: .standard, now: due.addingTimeInterval(1)).clocks.first { $0.kind == .resolution }
        #expect(after?.state == .breached(due: due))
        let solved = SLAHistory(priority: .p2, category: .billingDispute, openedAt: opened,
                                changes: [.init(at: opened, status: .new), .init(at: opened.addingTimeInterval(3_600), status: .resolved)], deadline: due)
        #expect(solved.status(policy: .standard, now: due).clocks.first { $0.kind == .resolution }?.state == .met(at: opened.addingTimeInterval(3_600), due: due))
        // Without a deadline the category's 48 business hours apply.
        var plain = solved
        plain.deadline = nil
        #expect(plain.status(policy: .standard, now: due).clocks.first { $0.kind == .resolution }?.state != .met(at: opened.addingTimeInterval(3_600), due: due))
    }
}
