import Foundation
import OpsCore
import OpsFixtures
import OpsStore
import Testing
import _OpsTestSupport

/// The demo's money (issue 18), ingested as signed Stripe events on first open.
extension DemoHistoryTests {
    @Test("billing: three months of invoices and charges, a refund, a dunning case, a dispute ticket, an unmatched customer; reports and the KPI have data")
    func demoBilling() throws {
        let s = try Self.seeded.get()
        let events = try s.db.billingEvents(limit: 1_000, as: s.me)
        #expect(events.count > 150 && events.count < 300, "\(events.count)")
        #expect(events.contains { $0.outcome == "unmodelled" } && events.contains { $0.stripeCustomer == "cus_demo_unlinked" && $0.customer == nil })
        let dunning = try s.db.dunning(as: s.me)
        #expect(dunning.count == 1 && dunning.first?.standing == "past-due" && dunning.first?.schedule.first?.attempts == 2, "\(dunning)")
        #expect(dunning.first?.schedule.first?.reminders == 1 && dunning.first?.customer != nil)
        let disputes = try s.db.disputes(as: s.me)
        #expect(disputes.count == 1 && disputes.first?.ticket != nil && disputes.first?.evidenceDueBy == Int64(Self.now.timeIntervalSince1970) + 6 * 86_400)
        let reconcile = try s.db.reconcileBilling(since: Int64(Self.now.timeIntervalSince1970) - 100 * 86_400, as: s.me)
        #expect(reconcile.paidInvoices > 60 && reconcile.matched == reconcile.paidInvoices - 1, "\(reconcile.mismatches)")
        #expect(Set(reconcile.mismatches.map(\.problem)) == ["paid-without-charge"])
        #expect(reconcile.totals.map(\.currency) == ["eur", "jpy", "usd"] && (reconcile.totals.last?.refunded ?? 0) > 0)
        let revenue = try s.db.billingRevenue(months: 4, as: s.me)
        #expect(revenue.rows.contains { $0.currency == "jpy" && $0.recognised > 0 } && revenue.rows.contains { $0.deferred > 0 })
        let kpi = try s.db.kpiReport(since: Self.now.addingTimeInterval(-30 * 86_400), buckets: 1, as: s.me)
        guard case let .value(rate, sample, _) = kpi.rows.first(where: { $0.definition.id == "revenue-accuracy" })?.value else {
            Issue.record("no revenue accuracy figure"); return
        }
        #expect(sample > 10 && rate > 90 && rate < 100, "\(rate) of \(sample)")
    }
}
