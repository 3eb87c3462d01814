import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// Editing or deactivating an account needs every permission the account holds, so an
/// admin cannot sideline an auditor or rewrite a super_admin's email.
@Suite("Who may change whose account")
struct ManageRuleTests {
    static let root = AccessPolicyTests.account(1, "root", [.superAdmin])
    static let admin = AccessPolicyTests.account(2, "alice", [.admin])

    static func manage(_ target: Set<Role>, by actor: StaffAccount) -> OpsError? {
        opsError { () throws(OpsError) in
            try AccessPolicy.checkManage(actor: actor, target: AccessPolicyTests.account(9, "target", target))
        }
    }

    @Test("an admin manages exactly the accounts it could have granted", arguments: Role.allCases)
    func adminManages(role: Role) {
        let error = Self.manage([role], by: Self.admin)
        let manageable: Set<Role> = [.ops, .devops, .support, .finance, .success, .readonly]
        #expect((error == nil) == manageable.contains(role), "\(role): \(String(describing: error))")
        if let error { #expect(error.exitCode == 4) }
    }

    @Test func superAdminManagesEveryone() {
        for role in Role.allCases { #expect(Self.manage([role], by: Self.root) == nil) }
    }

    @Test func adminCannotDeactivateAnAuditor() {
        let auditor = AccessPolicyTests.account(5, "eve", [.auditor])
        let error = opsError { () throws(OpsError) in try AccessPolicy.checkDeactivate(actor: Self.admin, target: auditor, activeSuperAdmins: 1) }
        #expect(error?.exitCode == 4)
        #expect(error?.description.contains("audit.read") == true)
    }

    @Test func accountWithoutRolesIsManageable() {
        #expect(Self.manage([], by: Self.admin) == nil)
    }
}
