import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// A source whose one gauge (and counter) the test sets; it can also be made to fail, as a
/// probe whose target is down.
final class GateMetricSource: MetricSource, @unchecked Sendable {
    let name: String
    let interval: TimeInterval = 10
    private let lock = NSLock()
    private var values: [String: Double] = [:]
    private var down = false
    init(_ name: String) { self.name = name }
    func set(_ metric: String, _ value: Double) { lock.withLock { values[metric] = value } }
    func fail(_ yes: Bool) { lock.withLock { down = yes } }
    func collect(now: Date) throws -> [MetricSample] {
        let (values, down) = lock.withLock { (self.values, self.down) }
        if down { throw CollectorError.unreadable(path: "tcp://127.0.0.1:1", reason: "connection refused") }
        return values.map { MetricSample(name: $0.key, labels: ["service": "api"], value: $0.value, timestamp: now) }
    }
}

final class GateEventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var logged: [String] = []
    func append(_ line: String) { lock.withLock { logged.append(line) } }
    var lines: [String] { lock.withLock { logged } }
}

/// Deployment gates on the collector tick, stepped through a `ManualScheduler`: a passing
/// window marks the deployment healthy; a rule (gauge or `rate()`) or a probe failing
/// degrades it and alerts; automatic rollback runs a REAL command from the operator's
/// file (a script written here, mode 0700) and records its outcome, and a failing or
/// missing command is recorded and alerted; a config file others can write judges nothing.
@Suite("Deploy gates on the collector tick")
struct DeployGateTests {
    static let start = Timestamp.parse("2026-12-07T10:00:00Z") ?? .distantPast

    final class Harness: @unchecked Sendable {
        let scheduler = ManualScheduler(DeployGateTests.start)
        let db: AppDatabase
        let dir: TemporaryDirectory
        let metrics = GateMetricSource("api-metrics")
        let probe = GateMetricSource("api-health")
        let collector: Collector
        let boss = ActorContext(osLogin: "boss")
        let log = GateEventLog()

        init(config: String, mode: mode_t = 0o600) throws {
            db = try AppDatabase(inMemory: scheduler)
            _ = try db.initialize(login: "boss", displayName: "Boss Person", email: "boss@example.com")
            dir = try TemporaryDirectory("pmops-deploy-gates")
            let path = dir.path + "/deploys"
            try config.replacingOccurrences(of: "$DIR", with: dir.path).write(toFile: path, atomically: false, encoding: .utf8)
            chmod(path, mode)
            let log = self.log
            collector = Collector(sources: [metrics, probe], store: db, scheduler: scheduler,
                                  options: Collector.Options(deployConfig: DeployConfigFile(path: path, explicit: true))) { event in
                if case let .deployGate(line) = event { log.append(line) }
            }
        }

        var events: [String] { log.lines }

        /// A script the rollback runs: owned by the user, mode 0700.
        func script(_ name: String, _ body: String) throws -> String {
            let path = dir.path + "/" + name
            try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: false, encoding: .utf8)
            chmod(path, 0o700)
            return path
        }

        /// A healthy 2.4.0, then 2.4.1 finished now.
        func deploy() throws -> DeploymentNumber {
            let old = try db.startDeployment(NewDeployment(service: "api", version: "2.4.0"), as: boss)
            _ = try db.finishDeployment(old.number, succeeded: true, as: boss)
            try db.passDeployGate(old.number, note: "ok", at: scheduler.now())
            let d = try db.startDeployment(NewDeployment(service: "api", version: "2.4.1", components: ["api", "web"]), as: boss)
            _ = try db.reportComponent(d.number, component: "api", status: .healthy, as: boss)
            _ = try db.reportComponent(d.number, component: "web", status: .healthy, as: boss)
            return try db.finishDeployment(d.number, succeeded: true, as: boss).number
        }

        func tick(after seconds: TimeInterval) {
            scheduler.advance(by: seconds)
            collector.tickOnce(force: true)
        }

        func show(_ number: DeploymentNumber) throws -> Deployment { try db.deployment(number, as: boss).0 }

        func changes() throws -> [String] {
            try db.changes(since: .distantPast, as: boss).reversed().map { "\($0.kind) \($0.status)" }
        }

        func alerts() throws -> [AlertRecord] { try db.alerts(limit: 100).filter { $0.source == AppDatabase.deploySource } }
    }

    static let gate = """
        service api
          window 10m
          rule   gate_error_ratio > 0.05
          rule   rate(gate_failed_total[2m]) > 1
          probe  api-health
        """

    @Test("a passing window: gating with a countdown, then healthy at its end")
    func passes() throws {
        let h = try Harness(config: Self.gate)
        h.metrics.set("gate_error_ratio", 0.01)
        h.metrics.set("gate_failed_total", 10)
        let d = try h.deploy()
        h.tick(after: 30)
        #expect(try h.show(d).status == .gating && h.show(d).gateUntil == Self.start + 600)
        h.tick(after: 300)
        #expect(try h.show(d).status == .gating)
        h.tick(after: 300)
        #expect(try h.show(d).status == .healthy)
        #expect(h.events == ["DEP-2 api healthy"])
        #expect(try h.alerts().isEmpty)
    }

    @Test("a failing rule degrades and alerts, recommending the previous healthy version; no auto-rollback: nothing runs")
    func failsWithoutRollback() throws {
        let h = try Harness(config: Self.gate)
        h.metrics.set("gate_error_ratio", 0.01)
        let d = try h.deploy()
        h.tick(after: 30)
        h.metrics.set("gate_error_ratio", 0.2)
        h.tick(after: 30)
        let shown = try h.show(d)
        #expect(shown.status == .degraded && shown.note?.contains("gate_error_ratio > 0.05 (at 0.2") == true)
        let alert = try #require(try h.alerts().first)
        #expect(alert.status == .firing && alert.rule == AppDatabase.deployGateRule && alert.summary.contains("roll back to 2.4.0"))
        #expect(try h.changes().suffix(1) == ["deploy failed"])
    }

    @Test("rate() over a counter fails the gate")
    func rateFails() throws {
        let h = try Harness(config: Self.gate)
        h.metrics.set("gate_error_ratio", 0.0)
        h.metrics.set("gate_failed_total", 0)
        let d = try h.deploy()
        h.tick(after: 30)
        h.metrics.set("gate_failed_total", 100)
        h.tick(after: 30)
        h.metrics.set("gate_failed_total", 200)
        h.tick(after: 30)
        #expect(try h.show(d).status == .degraded)
        #expect(try h.show(d).note?.contains("rate(gate_failed_total[2m]) > 1") == true)
    }

    @Test("a probe that is down fails the gate")
    func probeDown() throws {
        let h = try Harness(config: Self.gate)
        h.metrics.set("gate_error_ratio", 0.0)
        let d = try h.deploy()
        h.tick(after: 30)
        h.probe.fail(true)
        h.tick(after: 30)
        #expect(try h.show(d).status == .degraded && h.show(d).note?.contains("probe api-health is down") == true)
    }

    @Test("auto-rollback runs the real command without a shell, with the previous version; the rollback is recorded and the alert resolves")
    func realRollback() throws {
        let h = try Harness(config: Self.gate + "\n  auto-rollback yes\n  rollback $DIR/rollback.sh --to {previous} '{deployment} of {service}'\n  timeout 20s\n")
        let marker = h.dir.path + "/marker"
        _ = try h.script("rollback.sh", "printf '%s\\n' \"$@\" > '\(marker)'\necho rolled back to \"$2\"")
        h.metrics.set("gate_error_ratio", 0.5)
        let d = try h.deploy()
        h.tick(after: 30)
        let written = try String(contentsOfFile: marker, encoding: .utf8)
        #expect(written == "--to\n2.4.0\nDEP-2 of api\n")
        let shown = try h.show(d)
        #expect(shown.status == .rolledBack && shown.components.allSatisfy { $0.status == .rolledBack } && shown.restoredAt != nil)
        #expect(shown.note?.contains("succeeded (exit 0); output: rolled back to 2.4.0") == true)
        #expect(try h.changes().suffix(2) == ["deploy failed", "rollback succeeded"])
        #expect(try h.alerts().allSatisfy { $0.status == .resolved })
        let audit = try h.db.auditEntries(AuditFilter(action: "deploy.rollback.auto"), as: h.boss).first
        #expect(audit?.after?.contains("rolled back to 2.4.0") == true)
    }

    @Test("a failing command is recorded and alerted, its output sanitised; the deployment stays degraded")
    func failingCommand() throws {
        let h = try Harness(config: Self.gate + "\n  auto-rollback yes\n  rollback $DIR/broken.sh\n")
        _ = try h.script("broken.sh", "printf 'cannot reach \\033[31mcluster\\n' >&2\nexit 3")
        h.metrics.set("gate_error_ratio", 0.5)
        let d = try h.deploy()
        h.tick(after: 30)
        let shown = try h.show(d)
        #expect(shown.status == .degraded)
        #expect(shown.note?.contains("exited with status 3") == true && shown.note?.contains("\\u{1B}[31mcluster") == true)
        #expect(try h.changes().suffix(2) == ["deploy failed", "rollback failed"])
        let failed = try h.alerts().first { $0.rule == AppDatabase.deployRollbackRule }
        #expect(failed?.status == .firing && failed?.summary.contains("roll back by hand") == true)
    }

    @Test("a missing command is recorded and alerted, never silent")
    func missingCommand() throws {
        let h = try Harness(config: Self.gate + "\n  auto-rollback yes\n  rollback $DIR/does-not-exist --now\n")
        h.metrics.set("gate_error_ratio", 0.5)
        let d = try h.deploy()
        h.tick(after: 30)
        #expect(try h.show(d).note?.contains("does not exist or is not executable") == true)
        #expect(try h.alerts().contains { $0.rule == AppDatabase.deployRollbackRule && $0.status == .firing })
        #expect(h.events.last?.contains("rollback failed") == true)
    }

    @Test("a config file others can write is refused: nothing is judged, and the refusal is logged once")
    func refusesWritableConfig() throws {
        let h = try Harness(config: Self.gate + "\n  auto-rollback yes\n  rollback /bin/true\n", mode: 0o666)
        h.metrics.set("gate_error_ratio", 0.5)
        let d = try h.deploy()
        h.tick(after: 30)
        h.tick(after: 700)
        #expect(try h.show(d).status == .gating)
        #expect(h.events.count == 1 && h.events[0].contains("others can write to it"))
    }

    @Test("a service without a stanza passes at once, saying so")
    func noStanza() throws {
        let h = try Harness(config: "service web\n  window 5m\n")
        let d = try h.deploy()
        h.tick(after: 30)
        #expect(try h.show(d).status == .healthy && h.show(d).note == "no health gate configured for api")
    }
}
