import Foundation
import Testing
import _OpsTestSupport

/// Issue #11 §4 through the binary: an admin cannot switch separation of duty off, every
/// violator is named, and `db check` finds accounts that break the pairs.
@Suite("Separation of duty through the CLI")
struct CLISeparationOfDutyTests {
    static func add(_ cli: PmopsCLI, _ login: String, _ roles: [String]) throws {
        let added = try cli.run(["users", "add", "--yes", login, "--name", "Person \(login)", "--email", "\(login)@example.com"] + roles.flatMap { ["--role", $0] })
        try #require(added.status == 0, "\(added)")
    }

    @Test("the review's attack: an admin drops finance+support, then grants both to one person; both steps refused")
    func adminCannotSwitchItOff() throws {
        let cli = try PmopsCLI()
        try Self.add(cli, "ada", ["admin"])
        try Self.add(cli, "fin", ["finance"])
        let set = try cli.run(["settings", "set", "sod.pairs", "admin+auditor", "--as", "ada"])
        #expect(set.status == 4, "\(set)")
        #expect(set.stderr == "pmops: Permission denied: only a super_admin may change sod.pairs (the separation-of-duty rules constrain admins).\n")
        let all = try #require(try cli.json(["settings", "list", "--json"]) as? [String: Any])
        #expect(all["sod.pairs"] as? String == "admin+auditor,finance+support")
        let grant = try cli.run(["users", "set-roles", "--yes", "fin", "--role", "finance", "--role", "support", "--as", "ada"])
        #expect(grant.status == 5, "\(grant)")
        #expect(grant.stderr == "pmops: Separation of duty: nobody may hold both finance and support.\n")
    }

    @Test("a rule that accounts already break is refused naming all of them")
    func namesAll() throws {
        let cli = try PmopsCLI()
        for login in ["dual1", "dual2", "dual3"] { try Self.add(cli, login, ["ops", "security"]) }
        let set = try cli.run(["settings", "set", "sod.pairs", "admin+auditor,ops+security"])
        #expect(set.status == 5, "\(set)")
        #expect(set.stderr == "pmops: Refused: 'dual1' holds ops and security; 'dual2' holds ops and security; 'dual3' holds ops and security; change their roles before adding this rule.\n")
    }

    @Test("super_admin counts as admin: the operator cannot also become auditor")
    func superAdminAuditor() throws {
        let cli = try PmopsCLI()
        let result = try cli.run(["users", "set-roles", "--yes", PmopsCLI.osLogin, "--role", "super_admin", "--role", "auditor"])
        #expect(result.status == 5, "\(result)")
        #expect(result.stderr == "pmops: Separation of duty: nobody may hold both super_admin (which includes admin) and auditor.\n")
    }

    @Test("db check reports accounts that break the pairs in force (exit 1)")
    func dbCheck() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        try Self.add(cli, "both", ["finance"])
        #expect(try cli.run(["db", "check"]).status == 0)
        try SQLite3.exec(cli.dbPath, """
            INSERT INTO staff_role (staff_id, role, granted_at, granted_by) SELECT id, 'support', '2026-01-01T00:00:00Z', 'old' FROM staff WHERE login = 'both';
            """)
        let check = try cli.run(["db", "check"])
        #expect(check.status == 1, "\(check)")
        #expect(check.stderr == "pmops: separation of duty: 'both' holds finance and support\n")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["db", "check", "--json"]).stdout.utf8)) as? [String: Any])
        #expect(json["problems"] as? [String] == ["separation of duty: 'both' holds finance and support"])
    }
}
