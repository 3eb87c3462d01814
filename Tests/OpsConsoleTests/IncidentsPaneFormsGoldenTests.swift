import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Goldens of the Incidents pane's later screens at the three sizes plus mono: a multi-line
/// entry read whole (the hostile two-line note), the declare-from-nothing form, and the new
/// action item form over the postmortem. `RECORD_SNAPSHOTS=1` rewrites them.
@MainActor
@Suite("Incidents pane forms goldens")
struct IncidentsPaneFormsGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]
    static let mono = Theme.default.monochrome()

    func check(_ name: String, size: Size, theme: Theme = .default,
               _ steps: (ConsoleHarness, IncidentsPane, IncidentFixtures.Seeded) throws -> Void) throws {
        let (h, pane, seeded) = try IncidentFixtures.harness(size: size, theme: theme)
        try steps(h, pane, seeded)
        assertSnapshot(h.frame(), named: "\(name)-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    func entry(_ h: ConsoleHarness, _ pane: IncidentsPane, _ s: IncidentFixtures.Seeded) {
        IncidentsPaneFormsTests().onNote(h, pane, s)
        h.press(.enter)
    }

    func declare(_ h: ConsoleHarness, _ pane: IncidentsPane, _ s: IncidentFixtures.Seeded) {
        h.press(.char("n"))
        h.type("Customer portal down")
    }

    func action(_ h: ConsoleHarness, _ pane: IncidentsPane, _ s: IncidentFixtures.Seeded) {
        IncidentFixtures.select(s.deployment, in: h, pane: pane)
        h.press(.char("H"), .char("n"))
        h.type("Alert on pool exhaustion")
    }

    @Test(arguments: sizes) func entry(size: Size) throws {
        try check("incidents-entry", size: size) { h, pane, s in entry(h, pane, s) }
    }

    @Test func entryMono() throws {
        try check("incidents-entry-mono", size: Size(width: 120, height: 40), theme: Self.mono) { h, pane, s in entry(h, pane, s) }
    }

    @Test(arguments: sizes) func declareForm(size: Size) throws {
        try check("incidents-declare-new", size: size) { h, pane, s in declare(h, pane, s) }
    }

    @Test func declareFormMono() throws {
        try check("incidents-declare-new-mono", size: Size(width: 120, height: 40), theme: Self.mono) { h, pane, s in declare(h, pane, s) }
    }

    @Test(arguments: sizes) func actionForm(size: Size) throws {
        try check("incidents-action-new", size: size) { h, pane, s in action(h, pane, s) }
    }

    @Test func actionFormMono() throws {
        try check("incidents-action-new-mono", size: Size(width: 120, height: 40), theme: Self.mono) { h, pane, s in action(h, pane, s) }
    }

    @Test func actionDonePrompt() throws {
        try check("incidents-action-done", size: Size(width: 120, height: 40)) { h, pane, s in
            IncidentFixtures.select(s.deployment, in: h, pane: pane)
            h.press(.char("H"), .char("."))
        }
    }
}
