import Foundation
import Testing
import _OpsTestSupport

/// Issue #20 through the binary: bad exports refused whole (exit 2, line and field
/// named, nothing applied), the role matrix, `--json`; issue #13 item 11's `--yes`; item
/// 12's audit JSON keys.
@Suite("CLI users import and power grants")
struct CLIUsersImportTests {
    static let map = "department Ops = ops\ngroup oncall = ops, readonly\n"

    static func state(_ cli: PmopsCLI) throws -> String {
        try cli.run(["users", "list"]).stdout + (try cli.run(["audit", "list", "--limit", "1000"]).stdout)
    }

    @Test("bad exports are refused with line and field named; nothing is applied", arguments: [
        ("a.csv", "login,name,email\nx,\"Open,x@example.com\n", "pmops: Invalid csv on line 2: a quoted field opened here is never closed (unbalanced quotes)."),
        ("b.csv", "login,name,email\nx,X,x@example.com,1\n", "pmops: Invalid csv on line 2: the row has 4 fields; the header has 3 (wrong column count)."),
        ("c.csv", "login,name,email\na,A,a@example.com\na,B,b@example.com\n", "pmops: Invalid login on line 3: 'a' appears twice in the file (first on line 2)."),
        ("d.csv", "login,name,email,roles\na,A,a@example.com,admin\n", "pmops: Invalid roles on line 2: the row would grant admin; admins are made by hand, never by an import."),
        ("e.scim", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"]}\n", "pmops: Invalid schemas on line 1: the resource is not a SCIM User"),
    ])
    func badInput(name: String, text: String, message: String) throws {
        let cli = try PmopsCLI()
        _ = try cli.dir.write(name, text)
        _ = try cli.dir.write("hr.map", Self.map)
        let before = try Self.state(cli)
        let result = try cli.run(["users", "import", cli.dir.file(name), "--map", cli.dir.file("hr.map"), "--apply"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.hasPrefix(message), "\(result)")
        #expect(try Self.state(cli) == before)
    }

    @Test("a mapping to an unknown role or to admin is refused naming its line; a non-UTF-8 file too")
    func badMappingAndEncoding() throws {
        let cli = try PmopsCLI()
        _ = try cli.dir.write("ok.csv", "login,name,email,team\na,A,a@example.com,Ops\n")
        _ = try cli.dir.write("bad.map", "# roles\ndepartment Ops = ops\ngroup x = wizard\n")
        let mapped = try cli.run(["users", "import", cli.dir.file("ok.csv"), "--map", cli.dir.file("bad.map")])
        #expect(mapped.status == 2)
        #expect(mapped.stderr.hasPrefix("pmops: Invalid mapping on line 3: unknown role 'wizard'"), "\(mapped)")
        try Data([0x6C, 0x6F, 0x67, 0x69, 0x6E, 0x0A, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: cli.dir.file("latin.csv")))
        let latin = try cli.run(["users", "import", cli.dir.file("latin.csv")])
        #expect(latin.status == 2)
        #expect(latin.stderr == "pmops: Invalid file on line 2: the file is not UTF-8 text; export it as UTF-8.\n", "\(latin)")
    }

    @Test("users.read may dry-run; applying needs users.manage and roles.assign; the JSON plan has every key")
    func roleMatrixAndJSON() throws {
        let cli = try PmopsCLI()
        for (login, role) in [("rita", "readonly"), ("olga", "ops")] {
            try #require(try cli.run(["users", "add", login, "--name", login, "--email", "\(login)@example.com", "--role", role]).status == 0)
        }
        _ = try cli.dir.write("hr.csv", "login,name,email,team,roles\nnew1,New One,new1@example.com,Ops,oncall\n")
        _ = try cli.dir.write("hr.map", Self.map)
        let args = ["users", "import", cli.dir.file("hr.csv"), "--map", cli.dir.file("hr.map")]
        #expect(try cli.run(args + ["--as", "rita"]).status == 0)
        #expect(try cli.run(args + ["--apply", "--as", "rita"]).status == 4)
        #expect(try cli.run(args + ["--apply", "--as", "olga"]).status == 4)
        let plan = try #require(try cli.json(args + ["--json"]) as? [String: Any])
        #expect(Set(plan.keys) == ["sha256", "records", "export_date", "counts", "create", "update", "deactivate", "refused", "applied"])
        #expect(plan["applied"] is NSNull)
        let create = try #require((plan["create"] as? [[String: Any]])?.first)
        #expect(create["login"] as? String == "new1" && create["roles"] as? [String] == ["ops", "readonly"] && create["line"] as? Int == 2)
        let applied = try cli.run(args + ["--apply"])
        #expect(applied.status == 0, "\(applied)")
        #expect(applied.stdout.contains("Applied: 1 created (welcome emails queued)"), "\(applied)")
        let again = try cli.run(args + ["--apply"])
        #expect(again.stdout.contains("Applied: 0 created, 0 updated, 0 role change(s), 0 deactivated, 0 pending onboarding, 0 failed."), "\(again)")
    }

    @Test("granting super_admin, admin, security or auditor needs --yes: exit 2 naming it, nothing changed", arguments: [
        "super_admin", "admin", "security", "auditor",
    ])
    func powerGrantNeedsYes(role: String) throws {
        let cli = try PmopsCLI()
        try #require(try cli.run(["users", "add", "jane", "--name", "Jane", "--email", "jane@example.com", "--role", "readonly"]).status == 0)
        let before = try Self.state(cli)
        let set = try cli.run(["users", "set-roles", "jane", "--role", role])
        #expect(set.status == 2)
        #expect(set.stderr == "pmops: Invalid confirmation: granting \(role) needs a second look; nothing was changed until it is confirmed. Add --yes to confirm it.\n", "\(set)")
        let add = try cli.run(["users", "add", "newp", "--name", "N", "--email", "n@example.com", "--role", role])
        #expect(add.status == 2 && add.stderr.contains("Add --yes to confirm it."), "\(add)")
        #expect(try Self.state(cli) == before)
        #expect(try cli.run(["users", "set-roles", "jane", "--role", role, "--yes"]).status == 0)
    }

    @Test("audit list --json always carries before and after, null when absent")
    func auditJSONKeys() throws {
        let cli = try PmopsCLI()
        try #require(try cli.run(["users", "add", "jane", "--name", "Jane", "--email", "jane@example.com", "--role", "readonly"]).status == 0)
        let rows = try #require(try cli.json(["audit", "list", "--json"]) as? [[String: Any]])
        #expect(!rows.isEmpty)
        for row in rows {
            for key in ["before", "after", "impersonator", "target", "reason"] { #expect(row.keys.contains(key), "\(key) missing in \(row)") }
        }
        #expect(rows.contains { $0["before"] is NSNull })
    }
}
