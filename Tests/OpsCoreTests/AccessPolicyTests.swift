import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// The pure policy functions the store calls inside its transactions.
@Suite("AccessPolicy and separation of duty")
struct AccessPolicyTests {
    static func account(_ id: Int64, _ login: String, _ roles: Set<Role>, status: AccountStatus = .active) -> StaffAccount {
        StaffAccount(id: id, login: login, displayName: "P \(login)", email: "\(login)@example.com", team: nil, status: status,
                     roles: roles, version: 1, createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0),
                     updatedBy: nil)
    }

    static let root = account(1, "root", [.superAdmin])
    static let admin = account(2, "alice", [.admin])

    static func grant(_ role: Role, by actor: StaffAccount, sod: SeparationOfDuty = .default) -> OpsError? {
        opsError { () throws(OpsError) in
            try AccessPolicy.checkRoleChange(actor: actor, target: nil, current: [], proposed: [role], sod: sod, activeSuperAdmins: 1)
        }
    }

    @Test("an admin grants exactly the roles whose permissions it holds, never admin or super_admin", arguments: Role.allCases)
    func adminGrants(role: Role) {
        let error = Self.grant(role, by: Self.admin)
        let grantable: Set<Role> = [.ops, .devops, .support, .finance, .success, .readonly]
        #expect((error == nil) == grantable.contains(role), "\(role): \(String(describing: error))")
        if let error {
            #expect(error.exitCode == 4)
            #expect(error.description.contains(role.rawValue), "the refusal should name \(role): \(error)")
        }
    }

    @Test("a super_admin grants every role", arguments: Role.allCases)
    func superAdminGrants(role: Role) {
        #expect(Self.grant(role, by: Self.root) == nil)
    }

    @Test("roles without roles.assign grant nothing", arguments: Role.allCases.filter { !RoleMatrix.permissions(of: $0).contains(.rolesAssign) })
    func noRolesAssign(actorRole: Role) {
        let actor = Self.account(3, "bob", [actorRole])
        let error = Self.grant(.readonly, by: actor)
        #expect(error?.exitCode == 4)
        #expect(error?.description == "Permission denied: 'bob' lacks roles.assign (roles: \(actorRole.rawValue)).")
    }

    @Test("revoking a privileged or out-of-reach role is escalation too")
    func revokeIsChecked() {
        let target = Self.account(4, "sec", [.security])
        let error = opsError { () throws(OpsError) in
            try AccessPolicy.checkRoleChange(actor: Self.admin, target: target, current: [.security], proposed: [.ops],
                                             sod: .default, activeSuperAdmins: 1)
        }
        #expect(error == .permissionDenied("Permission denied: security holds audit.read, which 'alice' does not have; nobody grants or revokes more than they hold."))
    }

    @Test("separation-of-duty pairs are refused naming both roles", arguments: [(Role.admin, Role.auditor), (.finance, .support)])
    func sodDefaults(a: Role, b: Role) {
        let error = opsError { () throws(OpsError) in
            try AccessPolicy.checkRoleChange(actor: Self.root, target: nil, current: [], proposed: [a, b], sod: .default, activeSuperAdmins: 1)
        }
        let pair = SeparationOfDuty.Pair(a, b)
        #expect(error == .conflict("Separation of duty: nobody may hold both \(pair.first.rawValue) and \(pair.second.rawValue)."))
        #expect(error?.exitCode == 5)
    }

    @Test("the last active super_admin keeps the role; with two, one may step down")
    func lockout() {
        func demote(superAdmins: Int) -> OpsError? {
            opsError { () throws(OpsError) in
                try AccessPolicy.checkRoleChange(actor: Self.root, target: Self.root, current: [.superAdmin], proposed: [.admin],
                                                 sod: .default, activeSuperAdmins: superAdmins)
            }
        }
        #expect(demote(superAdmins: 1) == .conflict("Refused: 'root' is the last active super_admin; grant super_admin to someone else first."))
        #expect(demote(superAdmins: 2) == nil)
    }

    @Test("deactivation rules")
    func deactivation() {
        let other = Self.account(5, "carol", [.superAdmin])
        let ops = Self.account(6, "dave", [.ops])
        func check(_ actor: StaffAccount, _ target: StaffAccount, supers: Int = 2) -> OpsError? {
            opsError { () throws(OpsError) in try AccessPolicy.checkDeactivate(actor: actor, target: target, activeSuperAdmins: supers) }
        }
        #expect(check(Self.root, Self.root) == .conflict("Refused: you cannot deactivate your own account."))
        #expect(check(Self.admin, Self.admin)?.exitCode == 5)
        #expect(check(Self.root, other, supers: 1) == .conflict("Refused: 'carol' is the last active super_admin."))
        #expect(check(Self.root, other, supers: 2) == nil)
        #expect(check(Self.admin, other) == .permissionDenied("Permission denied: only a super_admin may deactivate a super_admin."))
        #expect(check(Self.admin, Self.account(7, "adm2", [.admin])) == .permissionDenied("Permission denied: only a super_admin may deactivate an admin."))
        #expect(check(Self.admin, ops) == nil)
        #expect(check(ops, Self.admin)?.exitCode == 4)
        #expect(check(Self.root, Self.account(8, "gone", [], status: .deactivated)) == .conflict("'gone' is already deactivated."))
    }

    @Test("a deactivated account holds no permission at all")
    func deactivatedHasNothing() {
        let gone = Self.account(9, "gone", [.superAdmin], status: .deactivated)
        #expect(gone.permissions.isEmpty)
        let error = opsError { () throws(OpsError) in try AccessPolicy.require(.usersRead, actor: gone) }
        #expect(error == .permissionDenied("Permission denied: the account 'gone' is deactivated."))
    }

    @Test("a pair is the same pair either way round")
    func pairEquality() {
        #expect(SeparationOfDuty.Pair(.admin, .auditor) == SeparationOfDuty.Pair(.auditor, .admin))
        #expect(Set([SeparationOfDuty.Pair(.admin, .auditor), SeparationOfDuty.Pair(.auditor, .admin)]).count == 1)
        #expect(SeparationOfDuty.Pair(.admin, .auditor) != SeparationOfDuty.Pair(.admin, .ops))
        #expect(SeparationOfDuty(pairs: [SeparationOfDuty.Pair(.auditor, .admin)]).conflict(in: [.admin, .auditor, .ops]) != nil)
    }

    @Test("sod.pairs parsing keeps the order written", arguments: [
        ("admin+auditor, finance+support", "admin+auditor,finance+support"),
        ("Ops+Finance", "ops+finance"),
        ("auditor+admin", "auditor+admin"),
        ("", ""),
    ])
    func sodParse(text: String, canonical: String) throws {
        #expect(try SeparationOfDuty.parse(text).get().settingValue == canonical)
    }

    @Test("malformed sod.pairs are refused with a sentence", arguments: [
        ("ops", "'ops' is not a pair of roles written as role+role."),
        ("ops+wizard", "unknown role 'wizard'."),
        ("ops+ops", "a role cannot conflict with itself ('ops+ops')."),
        ("a+b+c", "'a+b+c' is not a pair of roles written as role+role."),
    ])
    func sodParseErrors(text: String, message: String) {
        guard case let .failure(error) = SeparationOfDuty.parse(text) else {
            Issue.record("'\(text)' was accepted")
            return
        }
        #expect(error == .invalid(field: "sod.pairs", message: message))
        #expect(error.exitCode == 2)
    }

    @Test("ActorContext: --as yourself is not impersonation")
    func actorContext() {
        #expect(ActorContext(osLogin: "root", onBehalfOf: "root").impersonator == nil)
        let other = ActorContext(osLogin: "root", onBehalfOf: "alice")
        #expect(other.effectiveLogin == "alice")
        #expect(other.impersonator == "root")
    }
}
