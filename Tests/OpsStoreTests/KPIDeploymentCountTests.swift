import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// `deployment-success` and `rollback-rate` count releases, not change events: the deploys
/// feature writes an event per step (start, each component, finish, the gate's verdict,
/// the rollback), so a five-component release must still count once.
@Suite("KPI: deployments counted once per release")
struct KPIDeploymentCountTests {
    let f: StoreFixture

    init() throws {
        f = try StoreFixture()
    }

    /// A release of `service` with `components`, each reported healthy, then finished.
    @discardableResult
    func release(_ service: String, _ version: String, components: [String], startedHoursAgo hours: Double) throws -> Deployment {
        let start = f.clock.now().addingTimeInterval(-hours * 3_600)
        let d = try f.db.startDeployment(NewDeployment(service: service, version: version, components: components, by: "ci", at: start), as: f.boss)
        for name in components {
            _ = try f.db.reportComponent(d.number, component: name, status: .deploying, as: f.boss)
            _ = try f.db.reportComponent(d.number, component: name, status: .healthy, as: f.boss)
        }
        return try f.db.finishDeployment(d.number, succeeded: true, as: f.boss)
    }

    @Test("a five-component release that passes, one that fails its gate and is rolled back, and two deploys reported with changes record")
    func knownAnswer() throws {
        let mta = ["api", "mta-1", "mta-2", "mta-3", "mta-4"]
        let good = try release("mta", "2.0.0", components: mta, startedHoursAgo: 5)
        try f.db.passDeployGate(good.number, note: "passed", at: f.clock.now())
        let bad = try release("mta", "2.0.1", components: mta, startedHoursAgo: 3)
        try f.db.failDeployGate(bad.number, reason: "bounce rate", at: f.clock.now())
        _ = try f.db.rollbackDeployment(bad.number, component: nil, as: f.boss)
        // Still gating: not finished, not counted.
        try release("web", "9.9.9", components: ["web"], startedHoursAgo: 1)
        // A pipeline without deploys reports two releases of another service as change events.
        let hourAgo = f.clock.now().addingTimeInterval(-3_600)
        _ = try f.db.recordChange(NewChange(kind: .deploy, service: "billing", version: "7", status: .succeeded, at: hourAgo), as: f.boss)
        _ = try f.db.recordChange(NewChange(kind: .deploy, service: "billing", version: "8", status: .failed, at: hourAgo), as: f.boss)
        _ = try f.db.recordChange(NewChange(kind: .rollback, service: "billing", version: "7", status: .succeeded, at: hourAgo), as: f.boss)
        f.clock.advance(by: 60)

        let events = try f.db.changes(since: f.clock.now().addingTimeInterval(-86_400), limit: 1_000, as: f.boss)
        #expect(events.filter { $0.kind == .deploy || $0.kind == .rollback }.count > 20, "the deploys feature writes one event per step")
        let report = try f.db.kpiReport(since: f.clock.now().addingTimeInterval(-86_400), as: f.boss)
        // Finished: mta 2.0.0 (healthy), mta 2.0.1 (rolled back), billing 7 (succeeded), billing 8 (failed) = 4.
        #expect(report.row("deployment-success")?.value == .value(50, sample: 4, note: "2 failed"))
        // Rollbacks: mta 2.0.1 and the billing rollback event = 2 of 4.
        #expect(report.row("rollback-rate")?.value == .value(50, sample: 4, note: "2 rollbacks"))
        // Agrees with deploys stats for the tracked service.
        let stats = try #require(try f.db.deployStats(service: "mta", since: f.clock.now().addingTimeInterval(-86_400), as: f.boss).first)
        #expect(stats.finished == 2 && stats.healthy == 1 && stats.rolledBack == 1)
    }

    @Test("a changes-record event naming a tracked deployment's service and version is that deployment, not a second release")
    func recordedTwice() throws {
        let d = try release("api", "1.4.0", components: ["api"], startedHoursAgo: 2)
        try f.db.passDeployGate(d.number, note: "passed", at: f.clock.now())
        _ = try f.db.recordChange(NewChange(kind: .deploy, service: "api", version: "1.4.0", status: .succeeded,
                                            at: f.clock.now().addingTimeInterval(-3_000)), as: f.boss)
        f.clock.advance(by: 60)
        let report = try f.db.kpiReport(since: f.clock.now().addingTimeInterval(-86_400), as: f.boss)
        #expect(report.row("deployment-success")?.value == .value(100, sample: 1, note: "0 failed"))
        #expect(report.row("rollback-rate")?.value == .value(0, sample: 1, note: "0 rollbacks"))
    }
}
