import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// Issue #11 §4: super_admin counts as admin for separation of duty, every violator is
/// named, and only a super_admin changes the pairs.
@Suite("Separation of duty")
struct SeparationOfDutyTests {
    @Test("conflicts on the default pairs, super_admin containing admin", arguments: [
        ([Role.superAdmin, .auditor], "admin+auditor"),
        ([.admin, .auditor], "admin+auditor"),
        ([.superAdmin, .admin, .auditor], "admin+auditor"),
        ([.finance, .support], "finance+support"),
        ([.superAdmin, .finance, .support], "finance+support"),
        ([.superAdmin], nil),
        ([.superAdmin, .admin], nil),
        ([.superAdmin, .security], nil),
        ([.admin, .ops, .support], nil),
        ([.auditor, .readonly], nil),
        ([], nil),
    ] as [([Role], String?)])
    func conflicts(roles: [Role], pair: String?) {
        #expect(SeparationOfDuty.default.conflict(in: Set(roles))?.description == pair)
    }

    @Test("every conflicting pair, in the order written")
    func allConflicts() {
        let sod = SeparationOfDuty(pairs: [SeparationOfDuty.Pair(.finance, .support), SeparationOfDuty.Pair(.admin, .auditor)])
        #expect(sod.conflicts(in: [.superAdmin, .auditor, .finance, .support]).map(\.description) == ["finance+support", "admin+auditor"])
    }

    @Test("the refusal says when admin is held through super_admin", arguments: [
        ([Role.superAdmin, .auditor], "Separation of duty: nobody may hold both super_admin (which includes admin) and auditor."),
        ([.admin, .auditor], "Separation of duty: nobody may hold both admin and auditor."),
        ([.superAdmin, .admin, .auditor], "Separation of duty: nobody may hold both admin and auditor."),
    ] as [([Role], String)])
    func refusal(roles: [Role], message: String) {
        let root = AccessPolicyTests.account(1, "root", [.superAdmin])
        let error = opsError { () throws(OpsError) in
            try AccessPolicy.checkRoleChange(actor: root, target: nil, current: [], proposed: Set(roles), sod: .default, activeSuperAdmins: 2)
        }
        #expect(error == .conflict(message))
    }

    @Test("violators are all named, capped with a count of the rest")
    func violations() {
        let accounts: [(login: String, roles: Set<Role>)] = [
            ("amy", [.finance, .support]), ("bob", [.ops]), ("cat", [.superAdmin, .auditor]), ("dan", [.finance, .support]),
        ]
        #expect(SeparationOfDuty.default.violations(accounts) == [
            "'amy' holds finance and support", "'cat' holds super_admin (which includes admin) and auditor", "'dan' holds finance and support",
        ])
        #expect(SeparationOfDuty.default.violations(accounts, limit: 2) == [
            "'amy' holds finance and support", "'cat' holds super_admin (which includes admin) and auditor", "and 1 more",
        ])
        #expect(SeparationOfDuty(pairs: []).violations(accounts).isEmpty)
    }

    @Test("a pair of admin and super_admin is refused: it would forbid every super_admin", arguments: ["admin+super_admin", "super_admin+admin"])
    func adminSuperAdminPair(text: String) {
        guard case let .failure(error) = SeparationOfDuty.parse(text) else {
            Issue.record("'\(text)' was accepted")
            return
        }
        #expect(error == .invalid(field: "sod.pairs", message: "super_admin includes admin, so '\(text)' would forbid every super_admin."))
    }

    @Test("only a super_admin may change the pairs", arguments: [
        ([Role.superAdmin], true), ([.admin], false), ([.ops], false), ([.auditor], false),
    ] as [([Role], Bool)])
    func whoChangesPairs(roles: [Role], allowed: Bool) {
        let actor = AccessPolicyTests.account(3, "actor", Set(roles))
        let error = opsError { () throws(OpsError) in try AccessPolicy.checkSeparationOfDutyChange(actor: actor) }
        if allowed {
            #expect(error == nil)
        } else {
            #expect(error?.exitCode == 4, "\(String(describing: error))")
        }
    }
}
