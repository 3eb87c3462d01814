import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// Issue #20: the plan of an HR import, as a table: create, update, role change,
/// deactivate, refuse; and the core rules it shares with users add/set-roles/deactivate.
@Suite("HR import plan")
struct ImportPlanTests {
    static let mapping = (try? RoleMapping.parse("""
        department Operations = ops
        department Support = support
        department Security = security
        group oncall = ops, readonly
        title "Security Engineer" = security
        """)) ?? RoleMapping()

    static func account(_ id: Int64, _ login: String, _ roles: Set<Role>, team: String? = nil, status: AccountStatus = .active) -> StaffAccount {
        AccessPolicyTests.account(id, login, roles, status: status).with(team: team)
    }

    static let root = account(1, "root", [.superAdmin])
    static let admin = account(2, "alice", [.admin])

    static func plan(_ records: [HRRecord], accounts: [StaffAccount], actor: StaffAccount = root, reassignTo: String? = nil,
                     work: [String: [String]] = [:]) -> ImportPlan {
        ImportPlanner(actor: actor, accounts: accounts, mapping: mapping, separationOfDuty: .default, exportDate: "2026-12-07",
                      reassignTo: reassignTo).plan(records) { work[$0] ?? [] }
    }

    static func person(_ line: Int, _ login: String, dept: String? = "Operations", groups: [String] = [], active: Bool = true,
                       name: String? = nil, email: String? = nil) -> HRRecord {
        HRRecord(line: line, login: login, name: name ?? "P \(login)", email: email ?? "\(login)@example.com", department: dept,
                 groups: groups, active: active)
    }

    /// One row per kind of outcome: what the plan says about one person.
    @Test("one person, one outcome", arguments: [
        ("new person → create", person(2, "newbie"), [], "create newbie ops"),
        ("same data → unchanged", person(2, "bob"), [account(3, "bob", [.ops], team: "operations")], "unchanged"),
        ("new email → update", person(2, "bob", email: "robert@example.com"), [account(3, "bob", [.ops], team: "operations")],
         "update bob email bob@example.com→robert@example.com"),
        ("new department → team and role change", person(2, "bob", dept: "Support"), [account(3, "bob", [.ops], team: "operations")],
         "update bob team operations→support roles ops→support"),
        ("group adds roles", person(2, "bob", groups: ["oncall"]), [account(3, "bob", [.ops], team: "operations")],
         "update bob roles ops→ops,readonly"),
        ("inactive → deactivate", person(2, "bob", active: false), [account(3, "bob", [.ops])], "deactivate bob inactive in HR export of 2026-12-07"),
        ("inactive and unknown → nothing", person(2, "ghost", active: false), [], "unchanged"),
        ("unmapped department → refused", person(4, "zed", dept: "Marketing"), [], "refuse 4 department"),
        ("bad email → refused", person(5, "zed", email: "zed-at-example"), [], "refuse 5 email"),
        ("upper-case login → refused", person(6, "Zed"), [], "refuse 6 login"),
        ("email of another account → refused", person(7, "zed", email: "bob@example.com"), [account(3, "bob", [.ops])], "refuse 7 email"),
        ("deactivated in pmops → refused, not reactivated", person(8, "bob"), [account(3, "bob", [], status: .deactivated)], "refuse 8 status"),
    ] as [(String, HRRecord, [StaffAccount], String)])
    func outcome(_ what: String, record: HRRecord, accounts: [StaffAccount], expected: String) {
        let p = Self.plan([record], accounts: [Self.root] + accounts)
        var got: [String] = []
        got += p.creates.map { "create \($0.login) \($0.roles.map(\.rawValue).joined(separator: ","))" }
        got += p.updates.map { u in
            (["update \(u.login)"] + u.fields.map { "\($0.field) \($0.before ?? "-")→\($0.after ?? "-")" }
                + (u.roles.map { ["roles \($0.before.map(\.rawValue).joined(separator: ","))→\($0.after.map(\.rawValue).joined(separator: ","))"] } ?? []))
                .joined(separator: " ")
        }
        got += p.deactivations.filter { $0.login == record.login }.map { "deactivate \($0.login) \($0.reason)" }
        got += p.refusals.map { "refuse \($0.line) \($0.field)" }
        #expect(got == (expected == "unchanged" ? [] : [expected]), "\(what)")
        if expected == "unchanged" { #expect(p.unchanged == 1, "\(what)") }
    }

    @Test("people absent from the export are proposed for deactivation with the reason and their open work")
    func absentPeople() {
        let p = Self.plan([Self.person(2, "bob")], accounts: [Self.root, Self.account(3, "bob", [.ops], team: "operations"), Self.account(4, "carol", [.ops])],
                          work: ["carol": ["alert 12 \"Disk full\""]])
        let carol = p.deactivations.first { $0.login == "carol" }
        #expect(carol?.reason == "not in HR export of 2026-12-07")
        #expect(carol?.openWork == ["alert 12 \"Disk full\""])
        #expect(carol?.blocked == "1 open item(s) and no --reassign-to.")
        #expect(p.deactivations.first { $0.login == "root" }?.blocked == "Refused: you cannot deactivate your own account.")
        let withHeir = Self.plan([Self.person(2, "bob")], accounts: [Self.root, Self.account(4, "carol", [.ops])], reassignTo: "root",
                                 work: ["carol": ["alert 12 \"Disk full\""]])
        #expect(withHeir.deactivations.first { $0.login == "carol" }?.blocked == nil)
    }

    @Test("an import neither grants nor takes super_admin or admin")
    func privilegedRolesKept() {
        let p = Self.plan([Self.person(2, "alice", dept: "Support")], accounts: [Self.root, Self.account(2, "alice", [.admin, .ops], team: "support")])
        #expect(p.updates.first?.roles?.after == [.admin, .support])
    }

    @Test("the actor's own rules apply: an admin cannot give security through an import")
    func noEscalation() {
        let p = Self.plan([Self.person(3, "sam", dept: "Security")], accounts: [Self.root, Self.admin], actor: Self.admin)
        #expect(p.creates.isEmpty)
        #expect(p.refusals.first?.field == "roles")
        #expect(p.refusals.first?.reason.contains("only a super_admin") == true || p.refusals.first?.reason.contains("does not have") == true)
    }

    @Test("mapping files refuse admin roles, unknown roles and bad lines, naming the line", arguments: [
        ("department Ops = admin", "Invalid mapping on line 1: maps to admin; admins are made by hand, never by an import."),
        ("# x\ngroup root = super-admin", "Invalid mapping on line 2: maps to super_admin; admins are made by hand, never by an import."),
        ("department Ops = wizard", "Invalid mapping on line 1: unknown role 'wizard'; roles are super_admin, admin, ops, devops, security, support, finance, success, auditor, readonly."),
        ("department Ops", "Invalid mapping on line 1: the line must read 'KIND NAME = VALUE' (KIND: column, department, title or group)."),
        ("column shoe = Size", "Invalid mapping on line 1: 'shoe' is not a field; fields are email, end_date, login, manager, name, roles, start_date, status, team, title."),
    ])
    func badMappings(text: String, message: String) {
        let error = opsError { () throws(OpsError) in _ = try RoleMapping.parse(text) }
        #expect(error?.description == message)
        #expect(error?.exitCode == 2)
    }
}

extension StaffAccount {
    func with(team: String?) -> StaffAccount {
        var copy = self
        copy.team = team
        return copy
    }
}
