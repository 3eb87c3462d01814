import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Golden screens of the Incidents pane at the three sizes plus mono, on `IncidentFixtures`
/// with the harness's pinned clock (UTC): the list, the SEV-1's timeline, the security
/// incident as a non-security user sees it, and the postmortem. `RECORD_SNAPSHOTS=1` rewrites them.
@MainActor
@Suite("Incidents pane goldens")
struct IncidentsPaneGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]
    static let mono = Theme.default.monochrome()

    func check(_ name: String, size: Size, theme: Theme = .default, role: Role? = nil,
               _ steps: (ConsoleHarness, IncidentsPane, IncidentFixtures.Seeded) throws -> Void) throws {
        let (h, pane, seeded) = try IncidentFixtures.harness(size: size, theme: theme, role: role)
        try steps(h, pane, seeded)
        assertSnapshot(h.frame(), named: "\(name)-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    func timeline(_ h: ConsoleHarness, _ pane: IncidentsPane, _ s: IncidentFixtures.Seeded) {
        IncidentFixtures.select(s.outage, in: h, pane: pane)
        h.press(.enter)
    }

    func postmortem(_ h: ConsoleHarness, _ pane: IncidentsPane, _ s: IncidentFixtures.Seeded) {
        IncidentFixtures.select(s.deployment, in: h, pane: pane)
        h.press(.char("H"))
    }

    func restricted(_ h: ConsoleHarness, _ pane: IncidentsPane, _ s: IncidentFixtures.Seeded) {
        IncidentFixtures.select(s.security, in: h, pane: pane)
    }

    @Test(arguments: sizes) func list(size: Size) throws {
        try check("incidents-list", size: size) { _, _, _ in }
    }

    @Test(arguments: sizes) func timeline(size: Size) throws {
        try check("incidents-timeline", size: size) { h, pane, s in timeline(h, pane, s) }
    }

    @Test(arguments: sizes) func restrictedList(size: Size) throws {
        try check("incidents-restricted-list", size: size, role: .ops) { h, pane, s in restricted(h, pane, s) }
    }

    @Test(arguments: sizes) func restrictedDetail(size: Size) throws {
        try check("incidents-restricted-detail", size: size, role: .ops) { h, pane, s in
            restricted(h, pane, s)
            h.press(.enter)
        }
    }

    @Test(arguments: sizes) func postmortem(size: Size) throws {
        try check("incidents-postmortem", size: size) { h, pane, s in postmortem(h, pane, s) }
    }

    @Test func listMono() throws {
        try check("incidents-list-mono", size: Size(width: 120, height: 40), theme: Self.mono) { _, _, _ in }
    }

    @Test func timelineMono() throws {
        try check("incidents-timeline-mono", size: Size(width: 120, height: 40), theme: Self.mono) { h, pane, s in timeline(h, pane, s) }
    }

    @Test func restrictedMono() throws {
        // ConsoleHarness(role:) has no theme: the mono frame is the role harness redrawn in mono.
        let (h, pane, s) = try IncidentFixtures.harness(size: Size(width: 120, height: 40), role: .ops)
        restricted(h, pane, s)
        h.env.theme = Self.mono
        assertSnapshot(h.frame(), named: "incidents-restricted-list-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func postmortemMono() throws {
        try check("incidents-postmortem-mono", size: Size(width: 120, height: 40), theme: Self.mono) { h, pane, s in postmortem(h, pane, s) }
    }

    /// The security incident as its responders see it: breach clock, containment checklist.
    @Test(arguments: sizes) func securityTimeline(size: Size) throws {
        try check("incidents-security-timeline", size: size) { h, pane, s in
            IncidentFixtures.select(s.security, in: h, pane: pane)
            h.press(.enter)
        }
    }

    @Test func notePrompt() throws {
        try check("incidents-note", size: Size(width: 120, height: 40)) { h, pane, s in
            timeline(h, pane, s)
            h.press(.char("c"))
            h.type("Spamhaus delisted mx3; traffic back.")
        }
    }
}
