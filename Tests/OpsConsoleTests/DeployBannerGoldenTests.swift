import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The Health pane's deployment banner over the seeded dashboard: a gating deployment with
/// its countdown at the three sizes plus mono, and a degraded one (red, with the rollback
/// command first, then why). `RECORD_SNAPSHOTS=1` rewrites them.
@MainActor
@Suite("Deploy banner goldens")
struct DeployBannerGoldenTests {
    nonisolated static let sizes = HealthPaneGoldenTests.sizes

    static func gating(size: Size, theme: Theme = .default) throws -> ConsoleHarness {
        let h = try HealthPaneGoldenTests.seeded(size: size, theme: theme)
        let boss = ActorContext(osLogin: ConsoleHarness.operatorLogin)
        let d = try h.store.startDeployment(NewDeployment(service: "api", version: "2.4.1", components: ["api"]), as: boss)
        _ = try h.store.reportComponent(d.number, component: "api", status: .healthy, as: boss)
        _ = try h.store.finishDeployment(d.number, succeeded: true, as: boss)
        try h.store.openDeployGate(d.number, until: h.clock.now().addingTimeInterval(400), note: "gate", at: h.clock.now())
        _ = h.app.refresh(force: true)
        return h
    }

    @Test(arguments: sizes) func gatingBanner(size: Size) throws {
        let h = try Self.gating(size: size)
        #expect(h.text.contains("DEP-1 api 2.4.1 gating 7m left"))
        assertSnapshot(h.frame(), named: "health-deploy-gating-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func gatingBannerMono() throws {
        let h = try Self.gating(size: Size(width: 120, height: 40), theme: Theme.default.monochrome())
        assertSnapshot(h.frame(), named: "health-deploy-gating-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func degradedBanner() throws {
        let h = try Self.gating(size: Size(width: 120, height: 40))
        _ = try h.store.failDeployGate(DeploymentNumber(1), reason: "rate(http_errors_total[5m]) > 0.05 (at 0.08)", at: h.clock.now())
        _ = h.app.refresh(force: true)
        #expect(h.text.contains("DEP-1 api 2.4.1 degraded: pmops deploys rollback DEP-1 — health gate failed"))
        assertSnapshot(h.frame(), named: "health-deploy-degraded-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func withoutChangesReadNoBanner() throws {
        let h = try ConsoleHarness(role: .finance, startPane: "health")
        let boss = ActorContext(osLogin: ConsoleHarness.operatorLogin)
        let d = try h.store.startDeployment(NewDeployment(service: "api", version: "2.4.1"), as: boss)
        _ = try h.store.finishDeployment(d.number, succeeded: true, as: boss)
        #expect(try h.store.deploymentBanners(now: h.clock.now(), as: boss).count == 1)
        _ = h.app.refresh(force: true)
        #expect(!h.text.contains(d.number.description))
    }
}
