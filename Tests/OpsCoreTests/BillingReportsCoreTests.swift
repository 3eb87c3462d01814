import Foundation
@testable import OpsCore
import Testing

/// Reconciliation and revenue recognition on hand-built rows with answers worked out by
/// hand (issue 18). Integer minor units throughout; JPY has no decimals.
@Suite("Billing reports core")
struct BillingReportsCoreTests {
    static func t(_ text: String) -> Int64 { Int64(Timestamp.parse(text)?.timeIntervalSince1970 ?? -1) }
    static func usd(_ minor: Int64) -> Money { Money(minor: minor, currency: "usd") }

    @Test("reconciliation: matches, every kind of mismatch with its reason, totals per currency")
    func reconcile() {
        typealias I = Reconciliation.Invoice
        typealias C = Reconciliation.Charge
        let invoices = [
            I(id: "in_ok", status: "paid", paid: Self.usd(2_000), customer: "cus_a"),
            I(id: "in_split", status: "paid", paid: Self.usd(3_000), customer: "cus_a"),
            I(id: "in_nocharge", status: "paid", paid: Self.usd(500), customer: "cus_b"),
            I(id: "in_diff", status: "paid", paid: Self.usd(2_000), customer: "cus_b"),
            I(id: "in_cur", status: "paid", paid: Self.usd(1_000), customer: "cus_c"),
            I(id: "in_zero", status: "paid", paid: Self.usd(0), customer: "cus_c"),
            I(id: "in_open", status: "open", paid: Self.usd(0), customer: "cus_c"),
            I(id: "in_over", status: "paid", paid: Self.usd(1_000), customer: "cus_d"),
            I(id: "in_yen", status: "paid", paid: Money(minor: 1_500, currency: "jpy"), customer: "cus_e"),
        ]
        let charges = [
            C(id: "ch_ok", invoice: "in_ok", status: "succeeded", amount: Self.usd(2_000), refunded: 0, customer: "cus_a"),
            C(id: "ch_s1", invoice: "in_split", status: "succeeded", amount: Self.usd(1_000), refunded: 0, customer: "cus_a"),
            C(id: "ch_s2", invoice: "in_split", status: "succeeded", amount: Self.usd(2_000), refunded: 0, customer: "cus_a"),
            C(id: "ch_sf", invoice: "in_split", status: "failed", amount: Self.usd(3_000), refunded: 0, customer: "cus_a"),
            C(id: "ch_diff", invoice: "in_diff", status: "succeeded", amount: Self.usd(1_900), refunded: 0, customer: "cus_b"),
            C(id: "ch_cur", invoice: "in_cur", status: "succeeded", amount: Money(minor: 1_000, currency: "eur"), refunded: 0, customer: "cus_c"),
            C(id: "ch_open", invoice: "in_open", status: "succeeded", amount: Self.usd(700), refunded: 0, customer: "cus_c"),
            C(id: "ch_ghost", invoice: "in_ghost", status: "succeeded", amount: Self.usd(100), refunded: 0, customer: nil),
            C(id: "ch_old", invoice: "in_old", status: "succeeded", amount: Self.usd(200), refunded: 0, customer: "cus_a"),
            C(id: "ch_oneoff", invoice: nil, status: "succeeded", amount: Self.usd(300), refunded: 0, customer: "cus_a"),
            C(id: "ch_over", invoice: "in_over", status: "succeeded", amount: Self.usd(1_000), refunded: 1_200, customer: "cus_d"),
            C(id: "ch_fail", invoice: nil, status: "failed", amount: Self.usd(400), refunded: 100, customer: "cus_d"),
            C(id: "ch_yen", invoice: "in_yen", status: "succeeded", amount: Money(minor: 1_500, currency: "jpy"), refunded: 500, customer: "cus_e"),
        ]
        let report = Reconciliation.reconcile(invoices: invoices, charges: charges, knownInvoices: ["in_old": "paid"])
        #expect(report.paidInvoices == 8 && report.matched == 5)
        let found = report.mismatches.map { "\($0.problem.rawValue) \($0.invoice ?? "-") \($0.charge ?? "-")" }
        #expect(found == [
            "currency-differs in_cur ch_cur", "amount-differs in_diff ch_diff", "paid-without-charge in_nocharge -",
            "refund-on-unsucceeded-charge - ch_fail", "charge-for-unknown-invoice in_ghost ch_ghost", "charge-without-invoice - ch_oneoff",
            "charge-for-unpaid-invoice in_open ch_open", "over-refunded in_over ch_over",
        ])
        #expect(report.mismatches.first { $0.problem == .amountDiffers }?.reason == "invoice in_diff paid 20.00 USD but its charges took 19.00 USD")
        #expect(report.mismatches.first { $0.problem == .paidWithoutCharge }?.customer == "cus_b")
        #expect(report.totals.map(\.currency) == ["eur", "jpy", "usd"])
        let usd = report.totals.last
        #expect(usd?.invoicedPaid == 9_500 && usd?.charged == 9_200 && usd?.refunded == 1_200 && usd?.net == 8_000)
        let yen = report.totals[1]
        #expect(yen.invoicedPaid == 1_500 && yen.charged == 1_500 && yen.refunded == 500 && yen.net == 1_000)
        #expect(report.totals[0].charged == 1_000 && report.totals[0].invoicedPaid == 0)
    }

    @Test("forged amounts near Int64's bounds saturate instead of trapping")
    func saturating() {
        let charges = (0..<3).map { Reconciliation.Charge(id: "ch_\($0)", invoice: nil, status: "succeeded", amount: Self.usd(.max), refunded: .max, customer: nil) }
        let report = Reconciliation.reconcile(invoices: [], charges: charges, knownInvoices: [:])
        #expect(report.totals.first?.charged == .max && report.totals.first?.net == 0)
        #expect(Int64.min.addingSaturating(-1) == .min && Int64(5).addingSaturating(-7) == -2)
    }

    @Test("a day's share: the remainder one unit a day to the first days, sign kept", arguments: [
        (10, 3, 0, 3, 10), (10, 3, 0, 1, 4), (10, 3, 1, 3, 6), (10, 3, 2, 3, 3), (-10, 3, 0, 1, -4), (-10, 3, 1, 3, -6),
        (3_000, 31, 0, 24, 24 * 97), (3_000, 31, 24, 31, 7 * 96), (1_000, 31, 0, 12, 392), (5, 7, 0, 7, 5), (5, 7, 5, 7, 0),
        (100, 10, -5, 3, 30), (100, 10, 8, 20, 20), (100, 10, 4, 4, 0), (100, 0, 0, 1, 0),
    ] as [(Int64, Int64, Int64, Int64, Int64)])
    func earned(_ amount: Int64, _ days: Int64, _ from: Int64, _ to: Int64, _ expected: Int64) {
        #expect(RevenueRecognition.earned(amount, days: days, from: from, to: to) == expected)
    }

    @Test("months are UTC calendar months ending with now's")
    func months() {
        let months = RevenueRecognition.months(endingAt: Self.t("2027-02-10T12:00Z"), count: 3)
        #expect(months.map(\.label) == ["2026-12", "2027-01", "2027-02"])
        #expect(months[1].endDay - months[1].firstDay == 31 && months[2].endDay - months[2].firstDay == 28)
        #expect(months[0].firstDay == Self.t("2026-12-01T00:00Z") / 86_400)
    }

    @Test("revenue recognised daily over service periods; deferred at month end; per plan and currency")
    func schedule() {
        typealias L = RevenueRecognition.Line
        let lines = [
            L(invoice: "in_a", plan: "growth", amount: Self.usd(3_000), periodStart: Self.t("2027-01-01T00:00Z"), periodEnd: Self.t("2027-02-01T00:00Z"), invoiced: Self.t("2027-01-01T00:00Z")),
            L(invoice: "in_b", plan: "growth", amount: Self.usd(3_100), periodStart: Self.t("2027-01-15T00:00Z"), periodEnd: Self.t("2027-02-15T00:00Z"), invoiced: Self.t("2027-01-15T00:00Z")),
            L(invoice: "in_c", plan: "growth", amount: Money(minor: 1_000, currency: "jpy"), periodStart: Self.t("2027-01-20T00:00Z"), periodEnd: Self.t("2027-02-20T00:00Z"), invoiced: Self.t("2027-01-20T00:00Z")),
            L(invoice: "in_d", plan: "growth", amount: Self.usd(-1_500), periodStart: Self.t("2027-01-10T00:00Z"), periodEnd: Self.t("2027-01-20T00:00Z"), invoiced: Self.t("2027-01-10T00:00Z")),
            L(invoice: "in_e", plan: "scale", amount: Self.usd(500), periodStart: nil, periodEnd: nil, invoiced: Self.t("2027-02-03T10:00Z")),
            L(invoice: "in_f", plan: "scale", amount: Self.usd(500), periodStart: Self.t("2027-02-03T00:00Z"), periodEnd: Self.t("2027-01-03T00:00Z"), invoiced: 0),
            L(invoice: "in_g", plan: "scale", amount: Self.usd(2_000_000_000_000), periodStart: nil, periodEnd: nil, invoiced: Self.t("2027-02-03T10:00Z")),
        ]
        let months = RevenueRecognition.months(endingAt: Self.t("2027-02-10T00:00Z"), count: 2)
        let (rows, skipped) = RevenueRecognition.schedule(lines, months: months)
        let text = rows.map { "\($0.month) \($0.plan) \($0.currency) \($0.recognised) \($0.deferred)" }
        #expect(text == [
            "2027-01 growth jpy 392 608", "2027-01 growth usd 3200 1400",
            "2027-02 growth jpy 608 0", "2027-02 growth usd 1400 0", "2027-02 scale usd 500 0",
        ])
        #expect(skipped.map(\.invoice) == ["in_f", "in_g"])
        #expect(RevenueRecognition.csv(rows).prefix(3) == [
            "month,plan,currency,exponent,recognised_minor,deferred_minor,recognised,deferred",
            "2027-01,growth,jpy,0,392,608,392,608", "2027-01,growth,usd,2,3200,1400,32.00,14.00",
        ])
        // Billed in advance: December holds the January line as deferred only once it was invoiced.
        let early = [L(invoice: "in_x", plan: "=cmd", amount: Self.usd(3_100), periodStart: Self.t("2027-01-01T00:00Z"), periodEnd: Self.t("2027-02-01T00:00Z"), invoiced: Self.t("2026-12-28T00:00Z"))]
        let dec = RevenueRecognition.schedule(early, months: RevenueRecognition.months(endingAt: Self.t("2027-01-05T00:00Z"), count: 2)).rows
        #expect(dec.map { "\($0.month) \($0.recognised) \($0.deferred)" } == ["2026-12 0 3100", "2027-01 3100 0"])
        #expect(RevenueRecognition.csv(dec)[1].hasPrefix("2026-12,'=cmd,usd"))
    }
}
