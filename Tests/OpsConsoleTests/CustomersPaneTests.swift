import Foundation
import OpsCore
import OpsStore
import OpsFixtures
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The Customers pane over the demo desk (40 tenants, 60 tickets) and the demo's signed Stripe
/// events: goldens at the three sizes plus mono, the detail, sort and filter keys, and what
/// support (no billing.read) sees.
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

    /// The demo's Stripe events (subscriptions in USD, EUR and JPY, a refund, a dunning case, a
    /// dispute, an unmatched customer), signed and ingested through the real path.
    static func seedBilling(_ h: ConsoleHarness) throws {
        _ = try h.store.seedDemoBilling(now: h.clock.now(), clock: h.clock, as: TicketFixtures.op)
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

    @Test("o cycles the sort; MRR puts the largest (in major units) first; O reverses; X resets")
    func sort() throws {
        let (h, pane) = try Self.harness()
        for _ in 0..<3 { h.press(.char("o")) }
        #expect(pane.sort == .mrr)
        let largest = pane.overview.rows.compactMap(\.mrr).map(CustomerListRule.majorUnits).max()
        #expect(largest != nil && pane.list.selectedRow?.mrr.map(CustomerListRule.majorUnits) == largest)
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
        let trouble = pane.overview.rows.filter { $0.billing >= .pastDue }.count
        #expect(trouble >= 2 && pane.list.rowCount == trouble)
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
