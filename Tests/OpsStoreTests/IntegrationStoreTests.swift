import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// The integrations registry: nothing reaches production without a security review by
/// someone else, and deprecations remind the owner team and alert as the sunset nears
/// (an injected clock moves the countdown).
@Suite("Integration store")
struct IntegrationStoreTests {
    static func fixture() throws -> StoreFixture {
        let f = try StoreFixture()
        try f.add("dev", [.devops], team: "deliverability")
        try f.add("sec", [.security])
        try f.add("sue", [.support])
        return f
    }

    static func postmaster(_ f: StoreFixture) -> Integration {
        Integration(id: "gmail-postmaster", name: "Gmail Postmaster", kind: .inboxProvider, ownerTeam: "deliverability", apiVersion: "v1",
                    source: "postmaster-probe", created: f.clock.now())
    }

    @Test("staging → security review → production, the review by security and never the author")
    func promotion() throws {
        let f = try Self.fixture()
        #expect(opsError { () throws(OpsError) in try f.db.addIntegration(Self.postmaster(f), as: f.actor("sue")) }?.exitCode == 4)
        let added = try f.db.addIntegration(Self.postmaster(f), as: f.actor("dev"))
        #expect(added.stage == .staging && added.author == "dev")
        #expect(opsError { () throws(OpsError) in try f.db.addIntegration(Self.postmaster(f), as: f.actor("dev")) }?.exitCode == 5)
        #expect(try f.db.advanceIntegration("gmail-postmaster", as: f.actor("dev")).stage == .securityReview)
        let early = opsError { () throws(OpsError) in try f.db.advanceIntegration("gmail-postmaster", as: f.actor("dev")) }
        #expect(early?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in
            try f.db.reviewIntegration("gmail-postmaster", approve: true, checklist: ["keys"], note: nil, as: f.actor("dev"))
        }?.exitCode == 4)
        #expect(opsError { () throws(OpsError) in
            try f.db.reviewIntegration("gmail-postmaster", approve: true, checklist: [], note: nil, as: f.actor("sec"))
        }?.exitCode == 2)
        let reviewed = try f.db.reviewIntegration("gmail-postmaster", approve: true, checklist: ["Least-privilege key", "Secrets in vault"],
                                                  note: "fine", as: f.actor("sec"))
        #expect(reviewed.reviewer == "sec" && reviewed.checklist.count == 2)
        #expect(try f.db.advanceIntegration("gmail-postmaster", as: f.actor("dev")).stage == .production)
        let shown = try f.db.integration(id: "gmail-postmaster", as: f.actor("sue"))
        #expect(shown.integration.stage == .production)
        #expect(shown.health == "unknown")
        #expect(opsError { () throws(OpsError) in try f.db.integration(id: "nope", as: f.boss) }?.exitCode == 3)
        let actions = try f.db.auditEntries(AuditFilter(), as: f.boss).map(\.action)
        #expect(actions.filter { $0.hasPrefix("integration.") }.count == 4)
    }

    @Test("the author cannot review their own integration, not even a super_admin")
    func selfReview() throws {
        let f = try Self.fixture()
        try f.db.addIntegration(Self.postmaster(f), as: f.boss)
        try f.db.advanceIntegration("gmail-postmaster", as: f.boss)
        let own = opsError { () throws(OpsError) in
            try f.db.reviewIntegration("gmail-postmaster", approve: true, checklist: ["keys"], note: nil, as: f.boss)
        }
        #expect(own?.exitCode == 5)
        #expect(own?.description.hasPrefix("Separation of duty") == true)
        let rejected = try f.db.reviewIntegration("gmail-postmaster", approve: false, checklist: [], note: "no DPA", as: f.actor("sec"))
        #expect(rejected.stage == .staging)
    }

    @Test("a deprecation reminds the owner team at 30 and 14 days, alerts from 14 and resolves when migrated")
    func deprecation() throws {
        let f = try Self.fixture()
        try f.db.addIntegration(Self.postmaster(f), as: f.actor("dev"))
        let start = f.clock.now()
        let notice = try f.db.addDeprecation(integration: "gmail-postmaster", api: "Postmaster API v1", sunset: start.addingTimeInterval(20 * 86_400),
                                             checklist: ["Switch to v2", "Remove v1 keys"], as: f.actor("dev"))
        let first = try f.db.sweepDeprecations(at: start)
        #expect(first.reminded == 1 && first.alerted == 0)
        #expect(try f.db.outbox(as: f.boss).filter { $0.kind == "integration-sunset" }.map(\.to) == ["dev@example.com"])
        #expect(try f.db.sweepDeprecations(at: start.addingTimeInterval(3_600)).changed == false)
        let near = try f.db.sweepDeprecations(at: start.addingTimeInterval(7 * 86_400))
        #expect(near.reminded == 1 && near.alerted == 1)
        let alert = try #require(try f.db.alerts().first { $0.rule == AppDatabase.deprecationRule })
        #expect(alert.status == .firing)
        #expect(try f.db.sweepDeprecations(at: start.addingTimeInterval(7 * 86_400 + 60)).changed == false)
        let unfinished = opsError { () throws(OpsError) in try f.db.updateDeprecation(notice.id, tick: [1], migrated: true, as: f.actor("dev")) }
        #expect(unfinished?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try f.db.updateDeprecation(notice.id, tick: [3], migrated: false, as: f.actor("dev")) }?.exitCode == 2)
        try f.db.updateDeprecation(notice.id, tick: [1, 2], migrated: true, as: f.actor("dev"))
        #expect(try f.db.alerts().first { $0.rule == AppDatabase.deprecationRule }?.status == .resolved)
        #expect(try f.db.deprecations(as: f.boss).isEmpty)
        #expect(try f.db.deprecations(includeMigrated: true, as: f.boss).count == 1)
    }
}
