import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Health gates of configuration change sets and flag rollout steps on the collector tick,
/// stepped through a `ManualScheduler`, judged by the deploy config's stanzas that name them
/// (`config` and `flag` lines): a passing window verifies the environment; a failing gate
/// rolls the change set back (a rollback change set the collector applies, audited, with a
/// change event and an alert) or holds the flag's rollout until it is killed.
@Suite("Change gates on the collector tick")
struct ChangeGateTests {
    static let config = """
        service platform-config
          window 5m
          rule   gate_error_ratio > 0.05
          config mta.*, warmup.*
        service api
          window 10m
          rule   gate_error_ratio > 0.05
          flag   checkout-*
        """

    final class Bench: @unchecked Sendable {
        let h: DeployGateTests.Harness
        let bo = ActorContext(osLogin: "bo")
        var db: AppDatabase { h.db }
        var boss: ActorContext { h.boss }

        init() throws {
            h = try DeployGateTests.Harness(config: ChangeGateTests.config)
            _ = try h.db.createStaff(NewStaff(login: "bo", displayName: "Bo Reviewer", email: "bo@example.com", team: nil, roles: ["devops"]),
                                     confirmedPowerGrant: true, as: h.boss)
            h.metrics.set("gate_error_ratio", 0.01)
        }

        /// A change set drafted by boss and approved by bo (four-eyes).
        func approved(_ key: String, _ value: String) throws -> Int64 {
            let set = try db.draftConfigChange([(key: key, value: value)], rationale: "Raise the limit for the Q1 campaign", impact: nil,
                                               submit: true, as: boss)
            return try db.reviewConfigChange(set.id, approve: true, reason: nil, as: bo).id
        }

        func set(_ id: Int64) throws -> ConfigChangeSet { try db.configChangeSet(id, as: boss) }
        func gates(_ id: Int64) throws -> [ChangeGate] { try db.configGates(id, as: boss) }
        func value(_ key: String, _ env: ConfigEnvironment) throws -> String? { try db.configSnapshot(env, as: boss).values[key] }
        func gateAlerts() throws -> [AlertRecord] {
            try db.alerts(limit: 100).filter { $0.rule == AppDatabase.configGateRule || $0.rule == AppDatabase.flagGateRule }
        }
    }

    @Test("a failing gate after a staging apply rolls the change set back in the store: a rollback set by the collector, audited, alerted")
    func stagingRollback() throws {
        let b = try Bench()
        let id = try b.approved("mta.per_ip_daily_limit", "80000")
        _ = try b.db.applyConfigChange(id, to: .staging, as: b.boss)
        #expect(try b.gates(id).map(\.status) == [.pending])
        b.h.tick(after: 10)
        let watching = try #require(try b.gates(id).first)
        #expect(watching.status == .watching && watching.gates == ["platform-config"] && watching.until == watching.openedAt + 300)
        b.h.metrics.set("gate_error_ratio", 0.3)
        b.h.tick(after: 10)
        let failed = try #require(try b.gates(id).first)
        #expect(failed.status == .failed && failed.note?.contains("platform-config: gate_error_ratio > 0.05 (at 0.3") == true)
        #expect(try b.set(id).status == .rolledBack)
        #expect(try b.value("mta.per_ip_daily_limit", .staging) == "50000")
        let rollback = try #require(try b.db.configChangeSets(as: b.boss).first { $0.rollbackOf == id })
        #expect(rollback.author == AppDatabase.alertActor && rollback.status == .stagingApplied && rollback.rationale.contains("failed its health gate"))
        #expect(try b.db.configHistory(rollback.id, as: b.boss).map(\.action) == ["draft", "submit", "approve", "apply"])
        #expect(try b.gates(rollback.id).isEmpty, "a rollback set is not gated itself")
        let alert = try #require(try b.gateAlerts().first)
        #expect(alert.status == .firing && alert.severity == .critical && alert.labels["change_set"] == "\(id)")
        #expect(alert.summary.contains("rolled back automatically by change set \(rollback.id)"))
        #expect(try b.h.changes().suffix(2) == ["config failed", "config succeeded"])
        #expect(b.h.events.last == "change set \(id) failed its gate in staging; rolled back by change set \(rollback.id)")
        #expect(try !b.db.auditEntries(AuditFilter(action: "gate.fail"), as: b.boss).isEmpty)
        #expect(try b.db.verifyAudit(as: b.boss).ok)
        b.h.tick(after: 10)
        #expect(try b.db.openChangeGates().isEmpty, "nothing left to watch")
    }

    @Test("a passing window verifies staging; a failure after the production apply rolls back both environments")
    func productionRollback() throws {
        let b = try Bench()
        let id = try b.approved("warmup.day30_cap", "40000")
        _ = try b.db.applyConfigChange(id, to: .staging, as: b.boss)
        b.h.tick(after: 10)
        b.h.tick(after: 300)
        #expect(try b.set(id).status == .stagingVerified)
        #expect(try b.db.configHistory(id, as: b.boss).last.map { "\($0.action) \($0.by)" } == "verify collector")
        _ = try b.db.applyConfigChange(id, to: .production, as: b.boss)
        b.h.tick(after: 10)
        b.h.metrics.set("gate_error_ratio", 0.9)
        b.h.tick(after: 10)
        #expect(try b.set(id).status == .rolledBack)
        #expect(try b.value("warmup.day30_cap", .staging) == "50000" && b.value("warmup.day30_cap", .production) == "50000")
        let rollback = try #require(try b.db.configChangeSets(as: b.boss).first { $0.rollbackOf == id })
        #expect(rollback.status == .productionApplied)
        #expect(try b.gates(id).map(\.status) == [.failed, .passed])
    }

    @Test("a change set no stanza names passes at once and waits for a person to verify it")
    func ungated() throws {
        let b = try Bench()
        let id = try b.approved("dmarc.policy", "reject")
        _ = try b.db.applyConfigChange(id, to: .staging, as: b.boss)
        b.h.metrics.set("gate_error_ratio", 0.9)
        b.h.tick(after: 10)
        #expect(try b.gates(id).first?.status == .passed && b.gates(id).first?.note == "no health gate names it")
        #expect(try b.set(id).status == .stagingApplied)
        #expect(try b.gateAlerts().isEmpty)
    }

    @Test("a flag's failing gate holds its rollout (the step refused with a sentence) until a kill clears it")
    func flagHeld() throws {
        let b = try Bench()
        let flag = FeatureFlag(key: "checkout-v2", kind: .boolean, variants: ["on": true, "off": false], defaultVariant: "off", owner: "dev")
        _ = try b.db.createFlag(flag, as: b.boss)
        func step(_ percent: Int) throws(OpsError) -> StoredFlag {
            try b.db.updateFlag("checkout-v2", action: "rollout", as: b.boss) { (current) throws(OpsError) -> FeatureFlag in
                try FlagRolloutChange.advance(current.flag, to: percent)
            }
        }
        _ = try step(1)
        b.h.tick(after: 10)
        #expect(try b.db.flagGates("checkout-v2", as: b.boss).first?.status == .watching)
        _ = try step(5)
        #expect(try b.db.flagGates("checkout-v2", as: b.boss).map(\.status) == [.pending, .superseded], "a new step supersedes the open watch")
        b.h.tick(after: 10)
        b.h.metrics.set("gate_error_ratio", 0.4)
        b.h.tick(after: 10)
        #expect(try b.db.flagGates("checkout-v2", as: b.boss).first?.status == .failed)
        let refused = opsError { () throws(OpsError) in try step(25) }
        #expect(refused?.description.hasPrefix("A rollout step while a gate is failing: the health gate of flag checkout-v2 at 5 % failed") == true)
        #expect(refused?.exitCode != 0)
        #expect(try b.db.flag("checkout-v2", as: b.boss).flag.rollout?.percent == 5, "nothing half-applied")
        let alert = try #require(try b.gateAlerts().first)
        #expect(alert.rule == AppDatabase.flagGateRule && alert.labels["flag"] == "checkout-v2" && alert.summary.contains("pmops flags kill checkout-v2"))
        _ = try b.db.updateFlag("checkout-v2", action: "kill", as: b.boss) { (current) throws(OpsError) -> FeatureFlag in try FlagRolloutChange.kill(current.flag) }
        #expect(try b.db.flagGates("checkout-v2", as: b.boss).first?.status == .cleared)
        b.h.metrics.set("gate_error_ratio", 0.01)
        #expect(try step(1).flag.rollout?.percent == 1)
    }

    @Test("a flag no stanza names passes at once; its next step goes ahead")
    func flagUngated() throws {
        let b = try Bench()
        let flag = FeatureFlag(key: "warmup-v2", kind: .boolean, variants: ["on": true, "off": false], defaultVariant: "off", owner: "dev")
        _ = try b.db.createFlag(flag, as: b.boss)
        _ = try b.db.updateFlag("warmup-v2", action: "rollout", as: b.boss) { (c) throws(OpsError) -> FeatureFlag in try FlagRolloutChange.advance(c.flag, to: 1) }
        b.h.metrics.set("gate_error_ratio", 0.9)
        b.h.tick(after: 10)
        #expect(try b.db.flagGates("warmup-v2", as: b.boss).first?.status == .passed)
        _ = try b.db.updateFlag("warmup-v2", action: "rollout", as: b.boss) { (c) throws(OpsError) -> FeatureFlag in try FlagRolloutChange.advance(c.flag, to: 5) }
    }
}
