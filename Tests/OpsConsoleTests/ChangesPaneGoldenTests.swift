import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Golden screens of the Changes pane at the three sizes plus mono, on the demo changes of
/// `ChangesFixtures` with the harness's pinned clock (UTC). `RECORD_SNAPSHOTS=1` rewrites them.
@MainActor
@Suite("Changes pane goldens")
struct ChangesPaneGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    func check(_ name: String, size: Size, theme: Theme = .default, _ steps: (ConsoleHarness, ChangesPane) throws -> Void) throws {
        let (h, pane) = try ChangesFixtures.harness(size: size, theme: theme)
        try steps(h, pane)
        assertSnapshot(h.frame(), named: "\(name)-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    func openSet(_ h: ConsoleHarness, _ pane: ChangesPane) {
        ChangesFixtures.select(in: h, pane: pane, ChangesFixtures.isOpenSet)
        h.press(.enter)
    }

    func openFlag(_ h: ConsoleHarness, _ pane: ChangesPane) {
        ChangesFixtures.select(in: h, pane: pane, ChangesFixtures.isFlag("warmup-algorithm-v2"))
        h.press(.enter)
    }

    func openFailedDeploy(_ h: ConsoleHarness, _ pane: ChangesPane) {
        ChangesFixtures.select(in: h, pane: pane, ChangesFixtures.isFailedDeploy)
        h.press(.enter)
    }

    @Test(arguments: sizes) func timeline(size: Size) throws {
        try check("changes-timeline", size: size) { h, _ in h.press(.char("j")) }
    }

    @Test(arguments: sizes) func changeSetDetail(size: Size) throws {
        try check("changes-changeset", size: size) { h, pane in openSet(h, pane) }
    }

    @Test(arguments: sizes) func flagDetail(size: Size) throws {
        try check("changes-flag", size: size) { h, pane in openFlag(h, pane) }
    }

    @Test(arguments: sizes) func deployDetail(size: Size) throws {
        try check("changes-deploy", size: size) { h, pane in openFailedDeploy(h, pane) }
    }

    @Test func timelineMono() throws {
        try check("changes-timeline-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, _ in h.press(.char("j")) }
    }

    @Test func changeSetMono() throws {
        try check("changes-changeset-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, pane in openSet(h, pane) }
    }

    @Test func flagMono() throws {
        try check("changes-flag-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, pane in openFlag(h, pane) }
    }

    @Test func killConfirmation() throws {
        try check("changes-kill-confirm", size: Size(width: 120, height: 40)) { h, pane in
            openFlag(h, pane)
            h.press(.char("~"))
            h.type("warmup")
            h.press(.enter)
        }
    }
}
