import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import OpsFixtures
import Testing
import _OpsTestSupport

/// The deployments store: each pipeline step one transaction with its audit row and change
/// event; a refused step leaves nothing; permissions; the incident link and its visibility;
/// the gate's alert naming the previous healthy version, and an automatic rollback's record.
@Suite("Deploy store")
struct DeployStoreTests {
    static func counts(_ db: AppDatabase) throws -> [Int] {
        try db.read { db in
            [try Int.fetchOne(db, sql: "SELECT count(*) FROM change_event WHERE kind IN ('deploy','rollback')") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM audit WHERE action LIKE 'deploy.%'") ?? -1]
        }
    }

    static func events(_ db: AppDatabase) throws -> [String] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, status, version FROM change_event ORDER BY id").map { "\($0["kind"] as String) \($0["status"] as String) \($0["version"] as String)" }
        }
    }

    @Test("a partial deployment: start, components, finish, per-component rollback; one change event and one audit row per step")
    func partialDeployment() throws {
        let f = try StoreFixture()
        _ = try f.add("ci", [.devops])
        let ci = f.actor("ci")
        let d = try f.db.startDeployment(NewDeployment(service: "mta", version: "3.1.0", components: ["mta-1", "mta-2"],
                                                       link: "https://ci.example.com/run/9", commitAt: f.clock.now() - 1_800), as: ci)
        #expect(d.number == DeploymentNumber(1) && d.status == .inProgress && d.components.map(\.status) == [.pending, .pending])
        _ = try f.db.reportComponent(d.number, component: "mta-1", status: .healthy, as: ci)
        _ = try f.db.reportComponent(d.number, component: "mta-2", status: .failed, as: ci)
        f.clock.advance(by: 60)
        let finished = try f.db.finishDeployment(d.number, succeeded: true, as: ci)
        #expect(finished.status == .failed && finished.note == "partial: mta-2 failed" && finished.failedAt == f.clock.now())
        let one = try f.db.rollbackDeployment(d.number, component: "mta-2", as: ci)
        #expect(one.status == .failed && one.components.map(\.status) == [.healthy, .rolledBack])
        let all = try f.db.rollbackDeployment(d.number, component: "mta-1", reason: "take it all back", as: ci)
        #expect(all.status == .rolledBack && all.restoredAt == f.clock.now())
        #expect(try Self.counts(f.db) == [6, 6])
        #expect(try Self.events(f.db) == ["deploy started 3.1.0", "deploy succeeded 3.1.0 (mta-1 healthy)", "deploy failed 3.1.0 (mta-2 failed)",
                                          "deploy failed 3.1.0", "rollback succeeded 3.1.0 (mta-2)", "rollback succeeded 3.1.0 (mta-1)"])
        let (shown, _) = try f.db.deployment(d.number, as: f.boss)
        #expect(shown == all)
    }

    @Test("refusals leave nothing: wrong state, unknown deployment, permission; readers read")
    func refusals() throws {
        let f = try StoreFixture()
        _ = try f.add("ci", [.devops])
        _ = try f.add("sup", [.support])
        _ = try f.add("fin", [.finance])
        let d = try f.db.startDeployment(NewDeployment(service: "api", version: "2.4.1", components: ["api"]), as: f.actor("ci"))
        let before = try Self.counts(f.db)
        #expect(opsError { () throws(OpsError) in try f.db.finishDeployment(d.number, succeeded: true, as: f.actor("ci")) }?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try f.db.finishDeployment(DeploymentNumber(99), succeeded: true, as: f.actor("ci")) }?.exitCode == 3)
        #expect(opsError { () throws(OpsError) in try f.db.rollbackDeployment(d.number, component: "web", as: f.actor("ci")) }?.exitCode == 3)
        #expect(opsError { () throws(OpsError) in try f.db.reportComponent(d.number, component: "api", status: .healthy, as: f.actor("sup")) }?.exitCode == 4)
        #expect(opsError { () throws(OpsError) in
            try f.db.startDeployment(NewDeployment(service: "api", version: "1", at: f.clock.now(), commitAt: f.clock.now() + 60), as: f.actor("ci"))
        }?.exitCode == 2)
        #expect(try Self.counts(f.db) == before)
        #expect(try f.db.deployments(since: .distantPast, as: f.actor("sup")).count == 1)
        #expect(opsError { () throws(OpsError) in try f.db.deployments(since: .distantPast, as: f.actor("fin")) }?.exitCode == 4)
    }

    @Test("a failed rollback is recorded and changes nothing else")
    func failedRollback() throws {
        let f = try StoreFixture()
        let d = try f.db.startDeployment(NewDeployment(service: "api", version: "2.4.1"), as: f.boss)
        _ = try f.db.finishDeployment(d.number, succeeded: false, as: f.boss)
        let kept = try f.db.rollbackDeployment(d.number, component: nil, succeeded: false, reason: "script crashed", as: f.boss)
        #expect(kept.status == .failed && kept.note == "rollback failed: script crashed")
        #expect(try Self.events(f.db).last == "rollback failed 2.4.1")
    }

    @Test("linking a security incident: shown by number only to readers who may not see it; a reader who may not see it cannot link it")
    func incidentLink() throws {
        let f = try StoreFixture()
        _ = try f.add("ci", [.devops])
        _ = try f.add("sec", [.security])
        let d = try f.db.startDeployment(NewDeployment(service: "api", version: "2.4.1"), as: f.actor("ci"))
        let incident = try f.db.declareIncident(NewIncident(title: "Token leak in 2.4.1 logs", category: .security, severity: .sev2,
                                                            roles: [.commander: "sec", .securityLead: "sec"], securityClass: .dataExposure), as: f.actor("sec"))
        #expect(opsError { () throws(OpsError) in try f.db.linkDeploymentIncident(d.number, incident: incident.number, as: f.actor("ci")) }?.exitCode == 4)
        _ = try f.db.linkDeploymentIncident(d.number, incident: incident.number, as: f.boss)
        #expect(opsError { () throws(OpsError) in try f.db.linkDeploymentIncident(d.number, incident: incident.number, as: f.boss) }?.exitCode == 5)
        #expect(try f.db.deployment(d.number, as: f.actor("sec")).1.map(\.label) == ["\(incident.number) Token leak in 2.4.1 logs"])
        #expect(try f.db.deployment(d.number, as: f.actor("ci")).1.map(\.label) == ["restricted incident \(incident.number)"])
    }

    @Test("a failed gate degrades, raises a critical alert naming the previous healthy version; a failed auto-rollback alerts again; a rollback resolves both")
    func gateAlerts() throws {
        let f = try StoreFixture()
        let old = try f.db.startDeployment(NewDeployment(service: "api", version: "2.4.0"), as: f.boss)
        _ = try f.db.finishDeployment(old.number, succeeded: true, as: f.boss)
        try f.db.passDeployGate(old.number, note: "ok", at: f.clock.now())
        let d = try f.db.startDeployment(NewDeployment(service: "api", version: "2.4.1"), as: f.boss)
        _ = try f.db.finishDeployment(d.number, succeeded: true, as: f.boss)
        #expect(try f.db.gatingDeployments().map(\.number) == [d.number])
        let failed = try #require(try f.db.failDeployGate(d.number, reason: "error rate 8 %", at: f.clock.now()))
        #expect(failed.0.status == .degraded && failed.1 == "2.4.0")
        let alert = try #require(try f.db.read { db in try AppDatabase.openAlert(fingerprint: AppDatabase.deployGateFingerprint(d.number), db: db) })
        #expect(alert.status == .firing && alert.severity == .critical && alert.summary.contains("roll back to 2.4.0: pmops deploys rollback DEP-2"))
        #expect(try f.db.failDeployGate(d.number, reason: "again", at: f.clock.now()) == nil, "a degraded deployment is not failed twice")
        try f.db.recordGateRollback(d.number, run: RollbackRun(arguments: ["/bin/false"], exitStatus: 1, output: "boom", problem: "'/bin/false' exited with status 1"),
                                    at: f.clock.now())
        let second = try #require(try f.db.read { db in try AppDatabase.openAlert(fingerprint: AppDatabase.deployRollbackFingerprint(d.number), db: db) })
        #expect(second.status == .firing && second.summary.contains("exited with status 1"))
        _ = try f.db.rollbackDeployment(d.number, component: nil, as: f.boss)
        let open = try f.db.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM alert WHERE source = 'deploys' AND status = 'firing'") ?? -1
        }
        #expect(open == 0)
        #expect(try Self.events(f.db).suffix(3) == ["deploy failed 2.4.1", "rollback failed 2.4.1", "rollback succeeded 2.4.1"])
    }

    @Test("the demo's four weeks: mostly healthy, rolled back ones, one partial, one gating today; DORA figures follow")
    func demo() throws {
        let f = try StoreFixture()
        let now = f.clock.now()
        let began = Date()
        let seeded = try f.db.seedDemoDeploys(now: now, clock: f.clock, as: f.boss)
        let seconds = Date().timeIntervalSince(began)
        #expect(seeded >= 25 && seconds < 5, "\(seeded) deployments in \(seconds) s")
        #expect(try f.db.seedDemoDeploys(now: now, clock: f.clock, as: f.boss) == 0, "seeding twice adds nothing")
        let rows = try f.db.deployments(since: .distantPast, limit: 1_000, as: f.boss)
        #expect(rows.filter { $0.status == .rolledBack }.count == 3)
        #expect(rows.contains { $0.status == .failed && $0.components.contains { $0.status == .rolledBack } }, "the partial mta release")
        #expect(rows.first?.status == .gating)
        let stats = try f.db.deployStats(since: now - 30 * 86_400, as: f.boss)
        #expect(stats.map(\.service) == ["api", "mta", "web"])
        #expect(stats.allSatisfy { ($0.changeFailureRate ?? 0) > 0 && $0.leadTime != nil })
        #expect(stats.first { $0.service == "api" }?.timeToRestore == 1_500)
    }
}
