import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The KPI pane: the report of `pmops kpi` on the seeded demo store with the harness's pinned
/// clock, at the three sizes plus mono; its keys (period, filter, definition); what a role
/// without a figure's permission sees; and that it is computed again only when the period
/// changes or the report is five minutes old.
@MainActor
@Suite("KPI pane")
struct KPIPaneTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    func harness(size: Size = Size(width: 120, height: 40), theme: Theme = .default) throws -> (ConsoleHarness, KPIPane) {
        let h = try ConsoleHarness(size: size, theme: theme, startPane: "kpi")
        // The demo desk (tickets with CSAT and SLA clocks, tenants) gives the business figures data.
        try TicketFixtures.seed(h)
        let pane: KPIPane = try ConsoleHarness.pane("kpi", of: h.app)
        pane.compute()
        h.frame()
        return (h, pane)
    }

    nonisolated static func days(_ report: KPIReport) -> Int { Int((report.until.timeIntervalSince(report.since) / 86_400).rounded()) }

    @Test(arguments: sizes) func list(size: Size) throws {
        let (h, _) = try harness(size: size)
        assertSnapshot(h.frame(), named: "kpi-list-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func listMono() throws {
        let (h, _) = try harness(theme: Theme.default.monochrome())
        assertSnapshot(h.frame(), named: "kpi-list-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test(arguments: sizes) func definition(size: Size) throws {
        let (h, pane) = try harness(size: size)
        let index = try #require(pane.report?.rows.firstIndex { $0.definition.id == "alert-response-time" })
        for _ in 0..<index { h.press(.char("j")) }
        h.press(.enter)
        #expect(pane.reading?.definition.id == "alert-response-time")
        assertSnapshot(h.frame(), named: "kpi-definition-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test("every catalogued figure is listed, in catalogue order, with its group")
    func everyFigure() throws {
        let (h, pane) = try harness(size: Size(width: 200, height: 60))
        #expect(pane.report?.rows.map(\.definition.id) == KPICatalog.all.map(\.id))
        let screen = h.text
        for definition in KPICatalog.all { #expect(screen.contains(definition.name), "\(definition.name) missing:\n\(screen)") }
        #expect(screen.contains("KPIs  last 30d"))
    }

    @Test("w and W step the period through 7d, 30d and 90d and compute the report again; the ends say so")
    func period() throws {
        let (h, pane) = try harness()
        let first = try #require(pane.report)
        #expect(Self.days(first) == 30)
        h.press(.char("w"))
        #expect(pane.report.map(Self.days) == 90)
        #expect(h.text.contains("KPIs  last 90d"))
        h.press(.char("w"))
        #expect(h.text.contains("already 90d: the widest"))
        h.press(.char("W"), .char("W"))
        #expect(pane.report.map(Self.days) == 7)
        h.press(.char("W"))
        #expect(h.text.contains("already 7d: the narrowest"))
    }

    @Test("the report is not computed again on every store change, only when five minutes old")
    func recomputeAge() throws {
        let (h, pane) = try harness()
        let computed = try #require(pane.computedAt)
        h.clock.advance(by: 60)
        #expect(pane.refresh(force: true) == false)
        #expect(pane.computedAt == computed)
        h.clock.advance(by: KPIPane.maxAge)
        #expect(pane.refresh(force: false) == true)
        #expect(pane.computedAt == h.clock.now())
    }

    @Test("/ filters the figures by name, id or group; Esc clears the filter")
    func filter() throws {
        let (h, pane) = try harness()
        h.press(.char("/"))
        h.type("deploy")
        #expect(pane.list.rowCount == KPICatalog.all.filter { ($0.name + $0.id).lowercased().contains("deploy") }.count)
        #expect(pane.list.rowCount > 0)
        h.press(.escape)
        #expect(pane.list.rowCount == KPICatalog.all.count)
    }

    @Test("support sees revenue as hidden with the permission it needs, never a number")
    func hiddenForSupport() throws {
        let h = try ConsoleHarness(role: .support, size: Size(width: 200, height: 60), startPane: "kpi")
        let pane: KPIPane = try ConsoleHarness.pane("kpi", of: h.app)
        h.frame()
        let hidden = pane.report?.rows.filter { if case .hidden = $0.value { true } else { false } } ?? []
        #expect(!hidden.isEmpty)
        for row in hidden { #expect(row.trend.isEmpty) }
        #expect(h.text.contains("needs billing.read"))
    }
}
