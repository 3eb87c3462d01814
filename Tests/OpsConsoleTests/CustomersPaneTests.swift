import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The Customers pane over the demo desk (40 tenants, 60 tickets) with Stripe subscriptions,
/// an unpaid invoice and a dispute written for a few of them: goldens at the three sizes plus
/// mono, the detail, sort and filter keys, and what support (no billing.read) sees.
@MainActor
@Suite("Customers pane")
struct CustomersPaneTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    static func harness(size: Size = Size(width: 120, height: 40), theme: Theme = .default, role: Role? = nil) throws -> (ConsoleHarness, CustomersPane) {
        let h = try role.map { try ConsoleHarness(role: $0, size: size, startPane: "customers") }
            ?? ConsoleHarness(size: size, theme: theme, startPane: "customers")
        try TicketFixtures.seed(h)
        try seedBilling(h)
        _ = h.app.refresh(force: true)
        let pane: CustomersPane = try ConsoleHarness.pane("customers", of: h.app)
        _ = pane.refresh(force: true)
        h.frame()
        return (h, pane)
    }

    /// Subscriptions for the first six customers (by id), a failed invoice for the second and a
    /// dispute for the third, as Stripe webhooks would have left them.
    static func seedBilling(_ h: ConsoleHarness) throws {
        let ids = try h.store.customers(as: TicketFixtures.op).map(\.id).prefix(6)
        try h.store.write { db in
            for (i, id) in ids.enumerated() {
                try db.execute(sql: "INSERT INTO billing_customer_link VALUES (?, ?, 'operator', '2026-11-01T00:00:00Z')", arguments: ["cus_\(id)", id])
                try db.execute(sql: """
                    INSERT INTO billing_subscription (id, stripe_customer, status, currency, amount, interval, plan, cancel_at_period_end, event_created, event_id)
                    VALUES (?, ?, 'active', 'usd', ?, ?, 'growth', 0, 1, 'evt')
                    """, arguments: ["sub_\(id)", "cus_\(id)", [4_900, 120_000, 29_900, 9_900, 1_188_000, 49_900][i], i == 4 ? "year" : "month"])
            }
            if ids.count > 2 {
                try db.execute(sql: """
                    INSERT INTO billing_invoice (id, stripe_customer, status, currency, amount_due, amount_paid, amount_remaining, attempt_count, created, event_created, event_id)
                    VALUES ('in_1', ?, 'open', 'usd', 120000, 0, 120000, 2, 1, 1, 'evt')
                    """, arguments: ["cus_\(ids[ids.startIndex + 1])"])
                try db.execute(sql: """
                    INSERT INTO billing_dispute (id, stripe_customer, status, currency, amount, created, event_created, event_id)
                    VALUES ('dp_1', ?, 'needs_response', 'usd', 29900, 1, 1, 'evt')
                    """, arguments: ["cus_\(ids[ids.startIndex + 2])"])
            }
        }
    }

    @Test(arguments: sizes) func list(size: Size) throws {
        let (h, _) = try Self.harness(size: size)
        assertSnapshot(h.frame(), named: "customers-list-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func listMono() throws {
        let (h, _) = try Self.harness(theme: Theme.default.monochrome())
        assertSnapshot(h.frame(), named: "customers-list-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test(arguments: sizes) func detail(size: Size) throws {
        let (h, pane) = try Self.harness(size: size)
        h.press(.char("S")) // billing trouble: the disputed and the past-due customers
        h.press(.enter)
        #expect(pane.reading?.billing == .disputed || pane.reading?.billing == .pastDue)
        assertSnapshot(h.frame(), named: "customers-detail-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test("o cycles the sort; MRR puts the largest first (a yearly plan counted per month); O reverses")
    func sort() throws {
        let (h, pane) = try Self.harness()
        for _ in 0..<3 { h.press(.char("o")) }
        #expect(pane.sort == .mrr)
        #expect(pane.list.selectedRow?.mrr == Money(minor: 120_000, currency: "usd"))
        #expect(h.text.contains("Sorted by MRR."))
        h.press(.char("O"))
        #expect(pane.list.selectedRow?.mrr == nil)
        h.press(.char("X"))
        #expect(pane.sort == .name && !pane.reversed)
    }

    @Test("S keeps billing trouble, then urgent tickets; Y steps through the plans; / matches text")
    func filters() throws {
        let (h, pane) = try Self.harness()
        let all = pane.overview.rows.count
        #expect(all == 40 && pane.list.rowCount == 40)
        h.press(.char("S"))
        #expect(pane.list.rowCount == 2)
        h.press(.char("S"))
        let urgent = pane.overview.rows.filter { ($0.topPriority ?? 5) <= 2 }.count
        #expect(pane.list.rowCount == urgent)
        h.press(.char("S"), .char("Y"))
        #expect(pane.plan == .free && pane.list.rowCount == pane.overview.rows.filter { $0.customer.plan == .free }.count)
        h.press(.char("X"), .char("/"))
        let first = try #require(pane.overview.rows.first)
        h.type(first.customer.name)
        #expect(pane.list.rowCount >= 1 && pane.list.selectedRow?.customer.name.lowercased().contains(first.customer.name.lowercased()) == true)
        h.press(.escape)
        #expect(pane.list.rowCount == all)
    }

    @Test("support sees every customer and their tickets, billing as hidden")
    func support() throws {
        let (h, pane) = try Self.harness(size: Size(width: 200, height: 60), role: .support)
        #expect(pane.overview.rows.count == 40 && !pane.overview.billingVisible)
        #expect(h.text.contains("hidden"))
        h.press(.enter)
        #expect(h.text.contains("hidden: needs billing.read"))
    }
}
