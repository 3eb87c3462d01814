import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Issue #20 in the console: Import… shows the plan with its counts and applies it only
/// after "apply" is typed; the pending-onboarding list creates a refused person by hand.
@MainActor
@Suite("Users pane: Import… and pending onboarding")
struct UsersImportPaneTests {
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    func files(_ csv: String) throws -> (TemporaryDirectory, String, String) {
        let dir = try TemporaryDirectory()
        return (dir, try dir.write("hr.csv", csv), try dir.write("hr.map", "department Ops = ops\n"))
    }

    func stage(_ h: ConsoleHarness) -> String {
        guard case let .importFile(d) = h.users.modal else { return "closed" }
        if case .plan = d.stage { return "plan" }
        return "paths"
    }

    @Test("Import… shows the plan and changes nothing until 'apply' is typed")
    func importApplies() throws {
        let h = try ConsoleHarness()
        let (dir, csv, map) = try files("login,name,email,team\nhire1,New Hire,hire1@example.com,Ops\n")
        _ = dir
        h.press(.char("I"))
        h.type(csv)
        h.press(.tab)
        h.type(map)
        h.press(.enter)
        #expect(stage(h) == "plan")
        let text = h.frame().textGrid()
        #expect(text.contains("create 1 · update 0"), "\(text)")
        #expect(text.contains("+ hire1  New Hire <hire1@example.com>  ops"), "\(text)")
        h.type("appl")
        h.press(.enter)
        #expect(stage(h) == "plan")
        #expect(opsError { () throws(OpsError) in try h.store.staff(login: "hire1", as: Self.op) }?.exitCode == 3)
        h.type("y")
        h.press(.enter)
        #expect(stage(h) == "closed")
        #expect(try h.store.staff(login: "hire1", as: Self.op).roles == [.ops])
        #expect(try h.store.auditEntries(AuditFilter(action: "users.import"), as: Self.op).count == 1)
    }

    @Test("a bad export is refused in the dialog with its line; nothing is applied")
    func importRefused() throws {
        let h = try ConsoleHarness()
        let (dir, csv, map) = try files("login,name,email\nx,\"Open,x@example.com\n")
        _ = dir
        h.press(.char("I"))
        h.type(csv)
        h.press(.tab)
        h.type(map)
        h.press(.enter)
        #expect(stage(h) == "paths")
        #expect(h.frame().textGrid().contains("Invalid csv on line 2"))
    }

    @Test("a refused person waits in Pending onboarding and is created from a filled-in form")
    func pendingCreatedByHand() throws {
        let h = try ConsoleHarness()
        let (dir, csv, map) = try files("login,name,email,team\npend,Pending Person,pend-at-example,Ops\n")
        _ = dir
        _ = try h.store.applyImport(try Data(contentsOf: URL(fileURLWithPath: csv)), format: .csv,
                                    mapping: try RoleMapping.parse(String(contentsOfFile: map, encoding: .utf8)), deactivateMissing: false, as: Self.op)
        h.press(.char("P"))
        #expect(h.frame().textGrid().contains("pend  Pending Person <pend-at-example>  line 2"))
        h.press(.enter)
        guard case let .form(f) = h.users.modal else { Issue.record("no form: \(h.users.modal)"); return }
        #expect(f.value("login") == "pend" && f.roles.checkedTitles == ["ops"])
        h.press(.tab, .tab)
        for _ in 0..<20 { h.press(.backspace) }
        h.type("pend@example.com")
        h.press(.enter)
        #expect(h.users.modal == .none, "\(h.users.modal)")
        #expect(try h.store.staff(login: "pend", as: Self.op).roles == [.ops])
        #expect(try h.store.pendingOnboarding(as: Self.op).isEmpty)
        #expect(try h.store.auditEntries(AuditFilter(action: "user.onboarding_completed"), as: Self.op).count == 1)
    }
}
