import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Every service action × every role: an account holding only that role is allowed iff
/// `RoleMatrix` grants what the action needs. A refusal is exit 4 and writes no audit row.
@Suite("Service actions × roles")
struct PermissionMatrixServiceTests {
    enum Action: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case usersList, usersShow, usersAdd, usersSetRoles, usersUpdate, usersDeactivate, usersReactivate
        case usersPurgeArchived, auditList, auditVerify, auditExport, outboxList, outboxDeliver, settingsSet
        case settingsList, impersonate

        var testDescription: String { rawValue }

        /// What the action needs from the acting account.
        var needs: Set<Permission> {
            switch self {
            case .usersList, .usersShow: [.usersRead]
            // Creating grants roles: users.manage, then roles.assign for the role given.
            case .usersAdd: [.usersManage, .rolesAssign]
            case .usersSetRoles: [.rolesAssign]
            case .usersUpdate, .usersDeactivate, .usersReactivate, .usersPurgeArchived: [.usersManage]
            case .auditList, .auditVerify: [.auditRead]
            case .auditExport: [.auditExport]
            case .outboxList: [.outboxRead]
            case .outboxDeliver: [.outboxDeliver]
            case .settingsSet: [.settingsManage]
            case .settingsList: [.usersRead]
            case .impersonate: [.usersImpersonate]
            }
        }

        /// Whether the action changes the store (and so must audit when allowed).
        var mutates: Bool {
            switch self {
            case .usersAdd, .usersSetRoles, .usersUpdate, .usersDeactivate, .usersReactivate, .usersPurgeArchived,
                 .outboxDeliver, .settingsSet: true
            default: false
            }
        }

        func perform(_ f: StoreFixture, as me: ActorContext, maildir: String) throws(OpsError) {
            let db = f.db
            switch self {
            case .usersList: _ = try db.listStaff(as: me)
            case .usersShow: _ = try db.staff(login: "target", as: me)
            case .usersAdd:
                _ = try db.createStaff(NewStaff(login: "newbie", displayName: "New Bie", email: "newbie@example.com", roles: ["readonly"]), as: me)
            case .usersSetRoles: _ = try db.setRoles(login: "target", roles: ["readonly", "ops"], as: me)
            case .usersUpdate: _ = try db.updateStaff(login: "target", changes: StaffChanges(displayName: "Renamed"), as: me)
            case .usersDeactivate: _ = try db.deactivate(login: "target", reason: "left the company", as: me)
            case .usersReactivate: _ = try db.reactivate(login: "gone", displayName: "Back Again", email: "gone@example.com", as: me)
            case .usersPurgeArchived: _ = try db.purgeArchived(as: me)
            case .auditList: _ = try db.auditEntries(AuditFilter(), as: me)
            case .auditVerify: _ = try db.verifyAudit(as: me)
            case .auditExport: try db.forEachAuditEntry(AuditFilter(), as: me) { _ in }
            case .outboxList: _ = try db.outbox(as: me)
            case .outboxDeliver: _ = try db.deliverOutbox(via: .maildir(maildir), as: me)
            case .settingsSet: try db.setSetting(.archiveRetentionDays, to: "30", as: me)
            case .settingsList: _ = try db.settings(as: me)
            case .impersonate: _ = try db.listStaff(as: ActorContext(osLogin: me.osLogin, onBehalfOf: "target"))
            }
        }
    }

    /// A store with `actor` holding `roles`, a `target` to act on and an archived `gone`
    /// whose retention has passed.
    static func fixture(actorRoles: [Role]) throws -> StoreFixture {
        let f = try StoreFixture()
        try f.add("target", [.readonly])
        try f.add("gone", [.readonly])
        _ = try f.db.deactivate(login: "gone", reason: "left", as: f.boss)
        f.clock.advance(by: 91 * 86_400)
        try f.add("actor", actorRoles)
        return f
    }

    static func check(_ action: Action, roles: [Role]) throws {
        let f = try fixture(actorRoles: roles)
        let maildir = try TemporaryDirectory("pmops-maildir")
        let granted = RoleMatrix.permissions(of: roles)
        let expectAllowed = action.needs.isSubset(of: granted)
        let auditBefore = try f.auditCount()
        let error = opsError { () throws(OpsError) in try action.perform(f, as: f.actor("actor"), maildir: maildir.path) }
        let after = try f.auditCount()
        if expectAllowed {
            #expect(error == nil, "\(roles) should be allowed to \(action): \(String(describing: error))")
            if action.mutates { #expect(after > auditBefore, "\(action) by \(roles) left no audit row") } else { #expect(after == auditBefore) }
        } else {
            #expect(error?.exitCode == 4, "\(roles) should be refused \(action) with exit 4: \(String(describing: error))")
            #expect(error?.description.hasPrefix("Permission denied:") == true, "\(String(describing: error))")
            #expect(after == auditBefore, "a refused \(action) wrote an audit row")
        }
    }

    @Test("an account holding one role", arguments: Action.allCases, Role.allCases)
    func singleRole(action: Action, role: Role) throws {
        try Self.check(action, roles: [role])
    }

    @Test("an account holding no role may do nothing at all", arguments: Action.allCases)
    func noRole(action: Action) throws {
        try Self.check(action, roles: [])
    }

    @Test("roles add up: ops+security reads the audit trail and acks alerts, still manages nobody")
    func combinedRoles() throws {
        try Self.check(.auditList, roles: [.ops, .security])
        try Self.check(.usersUpdate, roles: [.ops, .security])
    }

    @Test("an OS login without an account is refused everything, naming the login")
    func stranger() throws {
        let f = try StoreFixture()
        let error = opsError { () throws(OpsError) in try f.db.listStaff(as: ActorContext(osLogin: "mallory")) }
        #expect(error?.exitCode == 4)
        #expect(error?.description.contains("'mallory' has no PenguinOps account") == true)
    }
}
