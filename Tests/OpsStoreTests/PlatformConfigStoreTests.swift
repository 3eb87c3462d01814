import Foundation
import OpsCore
import OpsFixtures
import OpsStore
import Testing
import _OpsTestSupport

/// Change sets through the store: four-eyes review, staged applies with versions and
/// revisions, conflicts, compliance refusals, rollback as a change set, and the `changes`
/// and audit rows each action leaves.
@Suite("Platform configuration store")
struct PlatformConfigStoreTests {
    let f: StoreFixture
    let ana: ActorContext
    let bo: ActorContext
    let sec: ActorContext

    init() throws {
        f = try StoreFixture()
        try f.add("ana", [.devops])
        try f.add("bo", [.devops])
        try f.add("sec", [.security])
        try f.add("rita", [.readonly])
        try f.add("opsy", [.ops])
        (ana, bo, sec) = (f.actor("ana"), f.actor("bo"), f.actor("sec"))
    }

    func draft(_ pairs: [(String, String)], by who: ActorContext? = nil, submit: Bool = true) throws(OpsError) -> ConfigChangeSet {
        try f.db.draftConfigChange(pairs.map { (key: $0.0, value: $0.1) }, rationale: "Raise limits for the Q1 campaign",
                                   impact: "Higher send volume", submit: submit, as: who ?? ana)
    }

    @Test("drafted, approved by a second person, applied and verified per environment, with versions, revisions and change events")
    func fullLifecycle() throws {
        let audit0 = try f.auditCount()
        let set = try draft([("mta.per_ip_daily_limit", "80000"), ("dmarc.policy", "reject")])
        #expect(set.status == .inReview && set.items.count == 4)
        #expect(opsError { () throws(OpsError) in try f.db.reviewConfigChange(set.id, approve: true, reason: nil, as: ana) }?.exitCode == 4)
        #expect(try f.db.configChangeSet(set.id, as: ana).status == .inReview, "the refused approval left nothing behind")
        #expect(opsError { () throws(OpsError) in try f.db.applyConfigChange(set.id, to: .staging, as: ana) }?.description.contains("allowed: approve, reject") == true)
        _ = try f.db.reviewConfigChange(set.id, approve: true, reason: nil, as: sec)
        #expect(opsError { () throws(OpsError) in try f.db.applyConfigChange(set.id, to: .production, as: ana) }?.exitCode == 5)
        _ = try f.db.applyConfigChange(set.id, to: .staging, as: ana)
        #expect(try f.db.configSnapshot(.staging, as: ana).values["mta.per_ip_daily_limit"] == "80000")
        #expect(try f.db.configSnapshot(.production, as: ana).values["mta.per_ip_daily_limit"] == "50000", "production waits")
        _ = try f.db.verifyConfigChange(set.id, env: .staging, note: "send rate fine", as: bo)
        _ = try f.db.applyConfigChange(set.id, to: .production, as: ana)
        let done = try f.db.verifyConfigChange(set.id, env: .production, note: nil, as: ana)
        #expect(done.status == .productionVerified && done.approver == "sec")
        let prod = try f.db.configSnapshot(.production, as: ana)
        #expect(prod.revision == 1 && prod.values["dmarc.policy"] == "reject")
        #expect(prod.entries.first { $0.key == "dmarc.policy" }?.version == 1)
        #expect(try f.db.configSnapshot(.production, revision: 0, as: ana).values["dmarc.policy"] == "quarantine")
        let changes = try f.db.changes(since: Date(timeIntervalSince1970: 0), as: ana)
        #expect(changes.filter { $0.kind == .config }.count == 2)
        #expect(try f.auditCount() > audit0)
        #expect(try f.db.verifyAudit(as: f.boss).ok)
        let steps = try f.db.configHistory(set.id, as: ana).map(\.action)
        #expect(steps == ["draft", "submit", "approve", "apply", "verify", "apply", "verify"])
    }

    @Test("keys that need no approval are approved on submit; reject needs a reason and closes the set")
    func noApprovalAndReject() throws {
        let quick = try draft([("api.rate_limit_per_minute", "900")])
        #expect(quick.status == .approved && quick.approver == nil)
        let other = try draft([("retention.days", "120")], by: bo)
        #expect(opsError { () throws(OpsError) in try f.db.reviewConfigChange(other.id, approve: false, reason: " ", as: ana) }?.exitCode == 2)
        let rejected = try f.db.reviewConfigChange(other.id, approve: false, reason: "Legal has not signed off", as: ana)
        #expect(rejected.status == .rejected && rejected.rejectReason == "Legal has not signed off")
        _ = try draft([("retention.days", "100")], by: bo)
    }

    @Test("an open change set holds its keys: a second one is refused naming both")
    func conflictingSets() throws {
        let first = try draft([("tls.min_version", "1.3")])
        let error = opsError { () throws(OpsError) in try draft([("tls.min_version", "1.2"), ("api.burst", "50")], by: bo) }
        #expect(error?.exitCode == 5)
        #expect(error?.description.contains("change set \(first.id)") == true && error?.description.contains("tls.min_version") == true)
    }

    @Test("compliance and constraint violations refuse the draft naming the policy and the values")
    func complianceRefusals() throws {
        let dmarc = opsError { () throws(OpsError) in try draft([("dmarc.policy", "none")]) }
        #expect(dmarc?.exitCode == 5 && dmarc?.description.contains("dmarc-enforced") == true && dmarc?.description.contains("dmarc.policy = none") == true)
        let warm = opsError { () throws(OpsError) in try draft([("mta.per_ip_daily_limit", "30000")]) }
        #expect(warm?.description.contains("warmup.day30_cap = 50000 exceeds mta.per_ip_daily_limit = 30000") == true)
        // Staging alone may run without DMARC enforcement.
        let staging = try f.db.draftConfigChange([(key: "dmarc.policy", value: "none")], environments: [.staging], rationale: "Test bounce handling",
                                                 impact: nil, submit: true, as: ana)
        #expect(staging.items.map(\.environment) == [.staging])
        #expect(try f.db.configChangeSets(openOnly: true, as: ana).count == 1)
    }

    @Test("an apply re-checks the rules on the configuration it meets")
    func applyRechecks() throws {
        let burst = try draft([("api.burst", "500")])
        let rate = try draft([("api.rate_limit_per_minute", "400")], by: bo)
        _ = try f.db.applyConfigChange(rate.id, to: .staging, as: bo)
        #expect(burst.status == .approved, "API limits need no approval")
        let error = opsError { () throws(OpsError) in try f.db.applyConfigChange(burst.id, to: .staging, as: ana) }
        #expect(error?.description.contains("api.burst = 500 exceeds api.rate_limit_per_minute = 400") == true)
        #expect(try f.db.configChangeSet(burst.id, as: ana).status == .approved)
        #expect(try f.db.configSnapshot(.staging, as: ana).revision == 1)
    }

    @Test("rolling back a set is itself a change set that restores the replaced values and closes the original")
    func rollbackSet() throws {
        let set = try draft([("dkim.key_rotation", "30d")])
        _ = try f.db.reviewConfigChange(set.id, approve: true, reason: nil, as: bo)
        _ = try f.db.applyConfigChange(set.id, to: .staging, as: ana)
        _ = try f.db.verifyConfigChange(set.id, env: .staging, note: nil, as: ana)
        _ = try f.db.applyConfigChange(set.id, to: .production, as: ana)
        #expect(opsError { () throws(OpsError) in try f.db.rollbackConfigChange(set.id, rationale: "", as: ana) }?.exitCode == 2)
        let back = try f.db.rollbackConfigChange(set.id, rationale: "Key rotation overloaded the DNS API", as: ana)
        #expect(back.status == .inReview && back.rollbackOf == set.id)
        #expect(Set(back.items.map(\.value)) == ["90d"])
        _ = try f.db.reviewConfigChange(back.id, approve: true, reason: nil, as: bo)
        _ = try f.db.applyConfigChange(back.id, to: .staging, as: ana)
        #expect(try f.db.configChangeSet(set.id, as: ana).status == .productionApplied, "production still runs the change")
        _ = try f.db.verifyConfigChange(back.id, env: .staging, note: nil, as: ana)
        _ = try f.db.applyConfigChange(back.id, to: .production, as: ana)
        #expect(try f.db.configChangeSet(set.id, as: ana).status == .rolledBack)
        #expect(try f.db.configSnapshot(.production, as: ana).values["dkim.key_rotation"] == "90d")
        let versions = try f.db.configKeyVersions("dkim.key_rotation", env: .production, as: ana)
        #expect(versions.map(\.value) == ["30d", "90d"] && versions.map(\.version) == [1, 2])
        #expect(try f.db.verifyAudit(as: f.boss).ok)
    }

    @Test("a key goes back to any earlier version, its default being version 0")
    func rollbackKey() throws {
        for value in ["700", "800"] {
            let set = try draft([("api.rate_limit_per_minute", value)])
            _ = try f.db.applyConfigChange(set.id, to: .staging, as: ana)
            _ = try f.db.verifyConfigChange(set.id, env: .staging, note: nil, as: ana)
            _ = try f.db.applyConfigChange(set.id, to: .production, as: ana)
            _ = try f.db.verifyConfigChange(set.id, env: .production, note: nil, as: ana)
        }
        #expect(opsError { () throws(OpsError) in
            try f.db.rollbackConfigKey("api.rate_limit_per_minute", env: .production, toVersion: 9, rationale: "x", as: ana)
        }?.exitCode == 3)
        let back = try f.db.rollbackConfigKey("api.rate_limit_per_minute", env: .production, toVersion: 1, rationale: "800 overloads the API", as: ana)
        #expect(back.items == [.init(key: "api.rate_limit_per_minute", environment: .production, value: "700")])
        _ = try f.db.applyConfigChange(back.id, to: .staging, as: ana)
        _ = try f.db.verifyConfigChange(back.id, env: .staging, note: nil, as: ana)
        _ = try f.db.applyConfigChange(back.id, to: .production, as: ana)
        #expect(try f.db.configSnapshot(.production, as: ana).values["api.rate_limit_per_minute"] == "700")
        #expect(try f.db.configSnapshot(.staging, as: ana).values["api.rate_limit_per_minute"] == "800")
    }

    @Test("permissions: readonly reads only, ops proposes but cannot approve, security approves but cannot propose")
    func permissions() throws {
        let set = try draft([("retention.days", "60")], by: f.actor("opsy"))
        #expect(opsError { () throws(OpsError) in try f.db.reviewConfigChange(set.id, approve: true, reason: nil, as: f.actor("opsy")) }?.exitCode == 4)
        #expect(opsError { () throws(OpsError) in try draft([("api.burst", "5")], by: sec) }?.exitCode == 4)
        #expect(opsError { () throws(OpsError) in try draft([("api.burst", "5")], by: f.actor("rita")) }?.exitCode == 4)
        #expect(try f.db.configChangeSet(set.id, as: f.actor("rita")).author == "opsy")
        _ = try f.db.reviewConfigChange(set.id, approve: true, reason: nil, as: sec)
    }

    @Test("a draft is edited by its author only, then submitted")
    func editDraft() throws {
        let set = try draft([("retention.days", "60")], submit: false)
        #expect(set.status == .draft)
        #expect(opsError { () throws(OpsError) in try f.db.editConfigChange(set.id, [(key: "api.burst", value: "5")], submit: false, as: bo) }?.exitCode == 4)
        let edited = try f.db.editConfigChange(set.id, [(key: "retention.days", value: "75"), (key: "api.burst", value: "5")], submit: true, as: ana)
        #expect(edited.status == .inReview && edited.keys == ["api.burst", "retention.days"])
        #expect(edited.items.filter { $0.key == "retention.days" }.allSatisfy { $0.value == "75" })
        #expect(opsError { () throws(OpsError) in try f.db.editConfigChange(set.id, [], submit: true, as: ana) }?.exitCode == 5)
    }

    @Test("the demo seeds one change set through production and one in review, once")
    func demoSeed() throws {
        #expect(try f.db.seedDemoConfig(now: f.clock.now(), clock: f.clock, as: f.boss) == 2)
        let sets = try f.db.configChangeSets(as: f.boss)
        #expect(sets.map(\.status) == [.inReview, .productionVerified])
        #expect(sets.allSatisfy { $0.approver != $0.author })
        #expect(try f.db.configSnapshot(.production, as: f.boss).values["mta.per_ip_daily_limit"] == "60000")
        #expect(try f.db.seedDemoConfig(now: f.clock.now(), clock: f.clock, as: f.boss) == 0)
        #expect(try f.db.verifyAudit(as: f.boss).ok)
    }
}
