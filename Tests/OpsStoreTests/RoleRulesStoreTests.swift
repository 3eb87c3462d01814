import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Separation of duty, escalation, lockout and "permissions apply on the very next
/// action", through the store's services (the code the CLI and the console share).
@Suite("Role rules in the store")
struct RoleRulesStoreTests {
    static func jane(_ roles: [String]) -> NewStaff {
        NewStaff(login: "jane", displayName: "Jane Doe", email: "jane@example.com", roles: roles)
    }

    @Test("default separation-of-duty pairs are refused naming both roles, nothing written",
          arguments: [(["admin", "auditor"], "admin and auditor"), (["support", "finance"], "finance and support")])
    func defaultPairs(roles: [String], named: String) throws {
        let f = try StoreFixture()
        let before = try f.auditCount()
        let error = opsError { () throws(OpsError) in try f.db.createStaff(Self.jane(roles), as: f.boss) }
        #expect(error == .conflict("Separation of duty: nobody may hold both \(named)."))
        #expect(error?.exitCode == 5)
        #expect(try f.auditCount() == before)
        #expect(opsError { () throws(OpsError) in try f.account("jane") }?.exitCode == 3)
    }

    @Test("adding the second role of a pair later is refused too")
    func pairViaSetRoles() throws {
        let f = try StoreFixture()
        try f.add("jane", [.finance])
        let error = opsError { () throws(OpsError) in try f.db.setRoles(login: "jane", roles: ["finance", "support"], as: f.boss) }
        #expect(error == .conflict("Separation of duty: nobody may hold both finance and support."))
        #expect(try f.account("jane").roles == [.finance])
    }

    @Test("a configured pair applies from the next action")
    func configuredPair() throws {
        let f = try StoreFixture()
        try f.add("jane", [.ops, .finance])   // allowed before the rule
        _ = try f.db.setRoles(login: "jane", roles: ["ops"], as: f.boss)
        try f.db.setSetting(.separationOfDuty, to: "admin+auditor,finance+support,ops+finance", as: f.boss)
        let error = opsError { () throws(OpsError) in
            try f.db.createStaff(NewStaff(login: "otto", displayName: "Otto", email: "otto@example.com", roles: ["ops", "finance"]), as: f.boss)
        }
        #expect(error == .conflict("Separation of duty: nobody may hold both ops and finance."))
    }

    @Test("a rule that current accounts already break is refused, naming the account")
    func ruleBrokenByCurrentAccounts() throws {
        let f = try StoreFixture()
        try f.add("dual", [.ops, .security])
        let before = try f.auditCount()
        let error = opsError { () throws(OpsError) in try f.db.setSetting(.separationOfDuty, to: "ops+security", as: f.boss) }
        #expect(error == .conflict("Refused: 'dual' holds ops and security; change their roles before adding this rule."))
        #expect(try f.db.settingValue(.separationOfDuty) == "admin+auditor,finance+support")
        #expect(try f.auditCount() == before)
    }

    @Test("an admin cannot grant admin, super_admin, security or auditor (exit 4)",
          arguments: [Role.admin, .superAdmin, .security, .auditor])
    func adminEscalation(role: Role) throws {
        let f = try StoreFixture()
        try f.add("alice", [.admin])
        try f.add("target", [.readonly])
        let before = try f.auditCount()
        let viaSet = opsError { () throws(OpsError) in try f.db.setRoles(login: "target", roles: [role.rawValue], as: f.actor("alice")) }
        #expect(viaSet?.exitCode == 4)
        #expect(viaSet?.description.contains(role.rawValue) == true, "\(String(describing: viaSet))")
        let viaCreate = opsError { () throws(OpsError) in try f.db.createStaff(Self.jane([role.rawValue]), as: f.actor("alice")) }
        #expect(viaCreate?.exitCode == 4)
        #expect(try f.auditCount() == before)
        #expect(try f.account("target").roles == [.readonly])
    }

    @Test("an admin grants the operational roles it holds")
    func adminGrantsOperational() throws {
        let f = try StoreFixture()
        try f.add("alice", [.admin])
        try f.add("target", [.readonly])
        let after = try f.db.setRoles(login: "target", roles: ["ops", "success"], as: f.actor("alice"))
        #expect(after.roles == [.ops, .success])
    }

    @Test("an admin cannot strip a super_admin or an auditor")
    func adminCannotRevoke() throws {
        let f = try StoreFixture()
        try f.add("alice", [.admin])
        try f.add("audrey", [.auditor])
        #expect(opsError { () throws(OpsError) in try f.db.setRoles(login: "boss", roles: ["readonly"], as: f.actor("alice")) }?.exitCode == 4)
        #expect(opsError { () throws(OpsError) in try f.db.setRoles(login: "audrey", roles: ["readonly"], as: f.actor("alice")) }?.exitCode == 4)
    }

    @Test("ops, lacking roles.assign, is refused any role change")
    func opsCannotAssign() throws {
        let f = try StoreFixture()
        try f.add("olga", [.ops])
        try f.add("target", [.readonly])
        let error = opsError { () throws(OpsError) in try f.db.setRoles(login: "target", roles: ["ops"], as: f.actor("olga")) }
        #expect(error == .permissionDenied("Permission denied: 'olga' lacks roles.assign (roles: ops)."))
    }

    @Test("the last active super_admin cannot be demoted or deactivated")
    func lockout() throws {
        let f = try StoreFixture()
        let demote = opsError { () throws(OpsError) in try f.db.setRoles(login: "boss", roles: ["admin"], as: f.boss) }
        #expect(demote == .conflict("Refused: 'boss' is the last active super_admin; grant super_admin to someone else first."))
        try f.add("carol", [.superAdmin])
        // Two super_admins: boss may deactivate carol, which leaves boss the last one again.
        _ = try f.db.deactivate(login: "carol", reason: "rotation", as: f.boss)
        #expect(opsError { () throws(OpsError) in try f.db.setRoles(login: "boss", roles: ["admin"], as: f.boss) }?.exitCode == 5)
        try f.add("dave", [.superAdmin])
        let byDave = opsError { () throws(OpsError) in try f.db.deactivate(login: "boss", reason: "handover", as: f.actor("dave")) }
        #expect(byDave == nil, "with two super_admins one may go: \(String(describing: byDave))")
        let last = opsError { () throws(OpsError) in try f.db.setRoles(login: "dave", roles: ["admin"], as: f.actor("dave")) }
        #expect(last == .conflict("Refused: 'dave' is the last active super_admin; grant super_admin to someone else first."))
    }

    @Test("nobody deactivates themselves", arguments: [Role.superAdmin, .admin])
    func noSelfDeactivation(role: Role) throws {
        let f = try StoreFixture()
        try f.add("self", [role])
        let error = opsError { () throws(OpsError) in try f.db.deactivate(login: "self", reason: "oops", as: f.actor("self")) }
        #expect(error == .conflict("Refused: you cannot deactivate your own account."))
        #expect(try f.account("self").isActive)
    }

    @Test("a refused deactivation is a refusal first: no hint about versions, reasons or who exists")
    func deactivatePermissionFirst() throws {
        let f = try StoreFixture()
        try f.add("rita", [.readonly])
        for (login, reason, version) in [("boss", "", nil), ("ghost", "x", nil), ("boss", "x", 99)] as [(String, String, Int?)] {
            let error = opsError { () throws(OpsError) in
                try f.db.deactivate(login: login, reason: reason, expectedVersion: version, as: f.actor("rita"))
            }
            #expect(error == .permissionDenied("Permission denied: 'rita' lacks users.manage (roles: readonly)."), "\(login)")
        }
    }

    @Test("permission changes take effect on the very next action")
    func nextAction() throws {
        let f = try StoreFixture()
        try f.add("bob", [.ops])
        func createAsBob(_ n: Int) -> OpsError? {
            opsError { () throws(OpsError) in
                try f.db.createStaff(NewStaff(login: "new\(n)", displayName: "New \(n)", email: "new\(n)@example.com", roles: ["readonly"]), as: f.actor("bob"))
            }
        }
        #expect(createAsBob(1)?.exitCode == 4)
        _ = try f.db.setRoles(login: "bob", roles: ["admin"], confirmedPowerGrant: true, as: f.boss)
        #expect(createAsBob(2) == nil)
        _ = try f.db.setRoles(login: "bob", roles: ["readonly"], as: f.boss)
        #expect(createAsBob(3)?.exitCode == 4)
        _ = try f.db.deactivate(login: "bob", reason: "left", as: f.boss)
        let read = opsError { () throws(OpsError) in try f.db.listStaff(as: f.actor("bob")) }
        #expect(read == .permissionDenied("Permission denied: the account 'bob' is deactivated."))
    }

    @Test("impersonation needs users.impersonate and is recorded with both logins")
    func impersonation() throws {
        let f = try StoreFixture()
        try f.add("alice", [.admin])
        try f.add("target", [.readonly])
        let asAlice = ActorContext(osLogin: "boss", onBehalfOf: "alice")
        _ = try f.db.updateStaff(login: "target", changes: StaffChanges(team: "sre"), as: asAlice)
        let row = try #require(try f.db.auditEntries(AuditFilter(action: "user.update"), as: f.boss).last)
        #expect(row.actor == "alice")
        #expect(row.impersonator == "boss")
        // Acting as alice means alice's permissions: no audit trail.
        #expect(opsError { () throws(OpsError) in try f.db.auditEntries(AuditFilter(), as: asAlice) }?.exitCode == 4)
        let byAdmin = opsError { () throws(OpsError) in try f.db.listStaff(as: ActorContext(osLogin: "alice", onBehalfOf: "boss")) }
        #expect(byAdmin == .permissionDenied("Permission denied: 'alice' lacks users.impersonate, needed for --as."))
        let unknown = opsError { () throws(OpsError) in try f.db.listStaff(as: ActorContext(osLogin: "boss", onBehalfOf: "nobody")) }
        #expect(unknown?.exitCode == 3)
    }
}
