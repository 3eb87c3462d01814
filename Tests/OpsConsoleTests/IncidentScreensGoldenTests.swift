import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The incident screens outside the Incidents pane, at the three sizes plus mono: the Alerts
/// pane's "declare incident" form (with the `[INC-n]` marks behind it) and the Health banner
/// for the open SEV-1. `RECORD_SNAPSHOTS=1` rewrites them.
@MainActor
@Suite("Incident screens goldens")
struct IncidentScreensGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    func check(_ name: String, size: Size, theme: Theme = .default, _ steps: (ConsoleHarness) throws -> Void) throws {
        let (h, _, _) = try IncidentFixtures.harness(size: size, theme: theme)
        try steps(h)
        assertSnapshot(h.frame(), named: "\(name)-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    func declare(_ h: ConsoleHarness) {
        h.app.switchTo("alerts")
        _ = h.app.refresh(force: true)
        h.press(.char(" "), .char("D"))
    }

    func health(_ h: ConsoleHarness) {
        h.app.switchTo("health")
        _ = h.app.refresh(force: true)
    }

    @Test(arguments: sizes) func declareForm(size: Size) throws {
        try check("incidents-declare-form", size: size) { h in declare(h) }
    }

    @Test func declareFormMono() throws {
        try check("incidents-declare-form-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h in declare(h) }
    }

    @Test(arguments: sizes) func healthBanner(size: Size) throws {
        try check("incidents-health-banner", size: size) { h in health(h) }
    }

    @Test func healthBannerMono() throws {
        try check("incidents-health-banner-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h in health(h) }
    }
}
