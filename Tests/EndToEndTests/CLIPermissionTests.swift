import Foundation
import Testing
import _OpsTestSupport

/// A sample of the command × role matrix through the real binary, using `--as LOGIN`:
/// the OS user running the tests is the super_admin `pmops init` created, and holds
/// users.impersonate.
@Suite("CLI commands × roles via --as")
struct CLIPermissionTests {
    /// Commands and the permissions they need (Docs/ROLES.md names).
    static let commands: [(args: [String], needs: Set<String>)] = [
        (["users", "list"], ["users.read"]),
        (["users", "show", "target"], ["users.read"]),
        (["users", "add", "--yes", "newbie", "--name", "New", "--email", "newbie@example.com", "--role", "readonly"], ["users.manage", "roles.assign"]),
        (["users", "set-roles", "--yes", "target", "--role", "readonly", "--role", "ops"], ["roles.assign"]),
        (["users", "update", "target", "--team", "sre"], ["users.manage"]),
        (["users", "purge-archived"], ["users.manage"]),
        (["audit", "list"], ["audit.read"]),
        (["audit", "verify"], ["audit.read"]),
        (["audit", "export", "--format", "csv"], ["audit.export"]),
        (["outbox", "list"], ["outbox.read"]),
        (["settings", "set", "retention.archive_days", "30"], ["settings.manage"]),
    ]

    /// The role's permissions as `pmops roles show ROLE --json` publishes them.
    static func permissions(of role: String, cli: PmopsCLI) throws -> Set<String> {
        let json = try #require(try cli.json(["roles", "show", role, "--json"], db: .omitted) as? [String: Any])
        return Set(try #require(json["permissions"] as? [String]))
    }

    @Test("each command, acting as an account holding one role", arguments: [
        "super_admin", "admin", "ops", "security", "support", "finance", "success", "auditor", "readonly",
    ])
    func role(role: String) throws {
        let cli = try PmopsCLI()
        let login = "as_" + role
        for (name, roles) in [(login, [role]), ("target", ["readonly"])] {
            let added = try cli.run(["users", "add", "--yes", name, "--name", name, "--email", "\(name)@example.com"] + roles.flatMap { ["--role", $0] })
            try #require(added.status == 0, "\(added)")
        }
        let granted = try Self.permissions(of: role, cli: cli)
        for command in Self.commands {
            let result = try cli.run(command.args + ["--as", login])
            let allowed = command.needs.isSubset(of: granted)
            if allowed {
                #expect(result.status == 0, "\(role) should run \(command.args.prefix(2).joined(separator: " ")): \(result)")
            } else {
                #expect(result.status == 4, "\(role) should be refused \(command.args.prefix(2).joined(separator: " ")): \(result)")
                #expect(result.stderr.hasPrefix("pmops: Permission denied: '\(login)' lacks "), "\(result.stderr)")
                #expect(result.stdout.isEmpty, "a refused command printed output")
            }
        }
    }

    @Test("impersonated actions are audited with both logins")
    func auditedWithBoth() throws {
        let cli = try PmopsCLI()
        #expect(try cli.run(["users", "add", "--yes", "alice", "--name", "Alice", "--email", "alice@example.com", "--role", "admin"]).status == 0)
        #expect(try cli.run(["users", "add", "--yes", "target", "--name", "T", "--email", "t@example.com", "--role", "readonly", "--as", "alice"]).status == 0)
        let rows = try #require(try cli.json(["audit", "list", "--json", "--target", "target"]) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["actor"] as? String == "alice")
        #expect(rows.first?["impersonator"] as? String == PmopsCLI.osLogin)
        #expect(try cli.run(["users", "list", "--as", "ghost"]).status == 3)
    }

    @Test("separation of duty and escalation through the CLI")
    func rulesViaCLI() throws {
        let cli = try PmopsCLI()
        let sod = try cli.run(["users", "add", "--yes", "jane", "--name", "Jane", "--email", "jane@example.com", "--role", "admin", "--role", "auditor"])
        #expect(sod.status == 5)
        #expect(sod.stderr == "pmops: Separation of duty: nobody may hold both admin and auditor.\n")
        #expect(try cli.run(["users", "add", "--yes", "alice", "--name", "Alice", "--email", "alice@example.com", "--role", "admin"]).status == 0)
        #expect(try cli.run(["users", "add", "--yes", "jane", "--name", "Jane", "--email", "jane@example.com", "--role", "ops"]).status == 0)
        for role in ["admin", "super_admin", "security", "auditor"] {
            let result = try cli.run(["users", "set-roles", "--yes", "jane", "--role", role, "--as", "alice"])
            #expect(result.status == 4, "\(role): \(result)")
        }
        let pair = try cli.run(["settings", "set", "sod.pairs", "admin+auditor,finance+support,ops+finance"])
        #expect(pair.status == 0, "\(pair)")
        let refused = try cli.run(["users", "set-roles", "--yes", "jane", "--role", "ops", "--role", "finance"])
        #expect(refused.status == 5)
        #expect(refused.stderr == "pmops: Separation of duty: nobody may hold both ops and finance.\n")
        #expect(try cli.run(["users", "set-roles", "--yes", "jane", "--role", "ops", "--role", "readonly"]).status == 0)
        let broken = try cli.run(["settings", "set", "sod.pairs", "ops+readonly"])
        #expect(broken.status == 5)
        #expect(broken.stderr == "pmops: Refused: 'jane' holds ops and readonly; change their roles before adding this rule.\n")
        let settings = try #require(try cli.json(["settings", "list", "--json"]) as? [String: String])
        #expect(settings["sod.pairs"] == "admin+auditor,finance+support,ops+finance")
        let lockout = try cli.run(["users", "set-roles", "--yes", PmopsCLI.osLogin, "--role", "admin"])
        #expect(lockout.status == 5)
        #expect(lockout.stderr.contains("is the last active super_admin"))
        let selfOff = try cli.run(["users", "deactivate", PmopsCLI.osLogin, "--reason", "testing"])
        #expect(selfOff.status == 5)
        #expect(selfOff.stderr == "pmops: Refused: you cannot deactivate your own account.\n")
    }
}
