import Foundation
import GRDB
import OpsCore
import OpsStore
import OpsFixtures
import Testing
import _OpsTestSupport

/// Issue #11 §4 in the store: the role the pairs constrain cannot switch them off, every
/// violator is named, and `check()` finds accounts that break the pairs in force.
@Suite("Separation of duty in the store")
struct SeparationOfDutyStoreTests {
    @Test("only a super_admin changes sod.pairs; an admin is refused (exit 4) and nothing is written")
    func onlySuperAdmin() throws {
        let f = try StoreFixture()
        try f.add("ada", [.admin])
        let before = try f.auditCount()
        let error = opsError { () throws(OpsError) in try f.db.setSetting(.separationOfDuty, to: "admin+auditor", as: f.actor("ada")) }
        #expect(error == .permissionDenied("Permission denied: only a super_admin may change sod.pairs (the separation-of-duty rules constrain admins)."))
        #expect(try f.db.settingValue(.separationOfDuty) == "admin+auditor,finance+support")
        #expect(try f.auditCount() == before)
        // The admin may still change the settings that do not constrain them, and still cannot grant the pair.
        try f.db.setSetting(.archiveRetentionDays, to: "30", as: f.actor("ada"))
        try f.add("fin", [.finance])
        #expect(opsError { () throws(OpsError) in try f.db.setRoles(login: "fin", roles: ["finance", "support"], as: f.actor("ada")) }?.exitCode == 5)
        try f.db.setSetting(.separationOfDuty, to: "admin+auditor,finance+support,ops+finance", as: f.boss)
    }

    @Test("a rule broken by current accounts is refused naming every one of them, capped at ten")
    func namesEveryViolator() throws {
        let f = try StoreFixture()
        for n in 1...12 { try f.add(String(format: "dual%02d", n), [.ops, .security]) }
        let error = opsError { () throws(OpsError) in try f.db.setSetting(.separationOfDuty, to: "ops+security", as: f.boss) }
        let named = (1...10).map { String(format: "'dual%02d' holds ops and security", $0) }.joined(separator: "; ")
        #expect(error == .conflict("Refused: \(named); and 2 more; change their roles before adding this rule."))
    }

    @Test("super_admin counts as admin: a super_admin cannot also be auditor, nor be granted it")
    func superAdminAuditor() throws {
        let f = try StoreFixture()
        let selfGrant = opsError { () throws(OpsError) in try f.db.setRoles(login: "boss", roles: ["super_admin", "auditor"], as: f.boss) }
        #expect(selfGrant == .conflict("Separation of duty: nobody may hold both super_admin (which includes admin) and auditor."))
        try f.add("aud", [.auditor])
        #expect(opsError { () throws(OpsError) in try f.db.setRoles(login: "aud", roles: ["auditor", "super_admin"], as: f.boss) }?.exitCode == 5)
    }

    @Test("check() names accounts that break the pairs in force (written before the rule, or by hand)")
    func checkReportsViolators() throws {
        let f = try StoreFixture()
        try f.add("auditor1", [.auditor])
        try f.add("money", [.finance])
        #expect(try f.db.check().problems.isEmpty)
        // As an older store would hold them: roles granted before super_admin counted as admin.
        try f.db.writer.write { db in
            try db.execute(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) SELECT id, 'super_admin', '2026-01-01T00:00:00Z', 'old' FROM staff WHERE login = 'auditor1'")
            try db.execute(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) SELECT id, 'support', '2026-01-01T00:00:00Z', 'old' FROM staff WHERE login = 'money'")
        }
        #expect(try f.db.check().problems == [
            "separation of duty: 'auditor1' holds super_admin (which includes admin) and auditor",
            "separation of duty: 'money' holds finance and support",
        ])
    }

    @Test("the demo directory breaks no pair")
    func demoSeed() throws {
        let db = try AppDatabase(inMemory: ManualClock())
        _ = try db.seedDemo(seed: 42, login: "demo")
        #expect(try db.check().problems.isEmpty)
    }
}
