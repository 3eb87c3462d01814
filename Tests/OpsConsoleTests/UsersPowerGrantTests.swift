import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Issue #13 items 11 and 12 in the Users pane: granting a powerful role from a form asks
/// for the login typed; Enter on an audit row shows its before and after as a diff; the
/// verify dialog shows the whole head hash.
@MainActor
@Suite("Users pane: power grants and the audit trail")
struct UsersPowerGrantTests {
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    func isConfirming(_ h: ConsoleHarness) -> Bool {
        if case .confirmGrant = h.users.modal { return true }
        return false
    }

    @Test("a ticked super_admin in the New-account form asks for the login typed; a stray Enter creates nothing")
    func createFormConfirms() throws {
        let h = try ConsoleHarness()
        h.press(.char("n"))
        h.type("newboss")
        h.press(.tab)
        h.type("New Boss")
        h.press(.tab)
        h.type("newboss@example.com")
        h.press(.tab, .tab)
        h.press(.home, .char(" ")) // the first role: super_admin
        h.press(.enter)
        #expect(isConfirming(h), "\(h.users.modal)")
        #expect(h.frame().textGrid().contains("Grant super_admin to newboss?"))
        #expect(opsError { () throws(OpsError) in try h.store.staff(login: "newboss", as: Self.op) }?.exitCode == 3)
        h.type("newbos")
        h.press(.enter)
        #expect(isConfirming(h))
        #expect(h.frame().textGrid().contains("type 'newboss' exactly"))
        h.type("s")
        h.press(.enter)
        #expect(h.users.modal == .none)
        #expect(try h.store.staff(login: "newboss", as: Self.op).roles == [.superAdmin])
    }

    @Test("ticking security in the roles editor asks too; Esc leaves the roles as they were; ops alone does not ask")
    func rolesEditorConfirms() throws {
        let h = try ConsoleHarness()
        let target = try #require(try h.store.listStaff(StaffFilter(role: .support), as: Self.op).first { $0.roles == [.support] })
        h.press(.char("/"))
        h.type(target.login)
        h.press(.enter, .char("R"))
        h.press(.home, .down, .down, .down, .down, .char(" ")) // security (after ops and devops)
        h.press(.enter)
        #expect(isConfirming(h))
        h.press(.escape)
        #expect(try h.store.staff(login: target.login, as: Self.op).roles == [.support])
        h.press(.char("R"))
        h.press(.home, .down, .down, .down, .down, .char(" "), .enter)
        h.type(target.login)
        h.press(.enter)
        #expect(try h.store.staff(login: target.login, as: Self.op).roles == [.security, .support])
        h.press(.char("R"))
        h.press(.home, .down, .down, .char(" "), .enter) // ops: no second look
        #expect(h.users.modal == .none)
        #expect(try h.store.staff(login: target.login, as: Self.op).roles == [.ops, .security, .support])
    }

    @Test("Enter on an audit row shows before → after; verify shows the whole head hash")
    func auditDiffAndHead() throws {
        let h = try ConsoleHarness()
        _ = try h.store.updateStaff(login: "staff1", changes: StaffChanges(team: .some("payments")), as: Self.op)
        h.press(.char("L"))
        h.press(.home, .enter) // newest first
        let text = h.frame().textGrid()
        #expect(text.contains("user.update staff1"), "\(text)")
        #expect(text.contains("→ payments"), "\(text)")
        h.press(.escape)
        h.press(.char("v"))
        let head = try #require(try h.store.verifyAudit(as: Self.op).headHash)
        #expect(head.count == 64)
        #expect(h.frame().textGrid().contains(head))
    }

    @Test("the diff lists changed, added and removed keys, then the unchanged ones")
    func diffLines() {
        let lines = AuditDiff.lines(before: #"{"roles":["ops"],"team":"sre","version":1}"#, after: #"{"roles":["ops","security"],"team":"sre","version":2,"purge_after":"2027"}"#)
        #expect(lines == ["+ purge_after: 2027", "~ roles: ops → ops, security", "~ version: 1 → 2", "unchanged:", "  team: sre"])
        #expect(AuditDiff.lines(before: nil, after: nil) == ["No before or after recorded for this action."])
    }
}
