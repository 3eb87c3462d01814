import Foundation
import Testing
import _OpsTestSupport

/// The built binary, end to end: version, init, users, JSON shapes, exit codes, demo seed.
@Suite("pmops CLI basics")
struct CLIBasicsTests {
    @Test("--version prints the version and exits 0")
    func version() throws {
        let cli = try PmopsCLI(initialize: false)
        let result = try cli.run(["--version"], db: .omitted)
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0\n")
    }

    @Test("init makes the OS user super_admin once; a second init is refused with exit 5")
    func initTwice() throws {
        let cli = try PmopsCLI(initialize: false)
        let first = try cli.run(["init"])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout == "Created super_admin '\(PmopsCLI.osLogin)' in \(cli.dbPath).\n")
        let second = try cli.run(["init"])
        #expect(second.status == 5)
        #expect(second.stderr == "pmops: The store already has accounts; 'pmops init' only bootstraps an empty store. Ask an admin to add you.\n")
        #expect(second.stdout.isEmpty)
    }

    @Test("users add, then show --json carries every documented field")
    func showJSON() throws {
        let cli = try PmopsCLI()
        let added = try cli.run(["users", "add", "--yes", "jdoe", "--name", "Jane Doe", "--email", "jdoe@example.com", "--role", "ops", "--role", "security", "--team", "sre"])
        #expect(added.status == 0, "\(added)")
        #expect(added.stdout == "Created jdoe (Jane Doe) roles: ops, security, version 1; welcome email queued.\n")
        let json = try #require(try cli.json(["users", "show", "jdoe", "--json"]) as? [String: Any])
        #expect(Set(json.keys) == ["id", "login", "name", "email", "team", "status", "roles", "version", "created_at", "updated_at",
                                   "updated_by", "permissions", "open_work"])
        #expect(json["login"] as? String == "jdoe")
        #expect(json["name"] as? String == "Jane Doe")
        #expect(json["email"] as? String == "jdoe@example.com")
        #expect(json["team"] as? String == "sre")
        #expect(json["status"] as? String == "active")
        #expect(json["roles"] as? [String] == ["ops", "security"])
        #expect(json["version"] as? Int == 1)
        #expect(json["id"] as? Int == 2)
        #expect(json["updated_by"] as? String == PmopsCLI.osLogin)
        #expect((json["created_at"] as? String)?.hasSuffix("Z") == true)
        #expect(json["created_at"] as? String == json["updated_at"] as? String)
        #expect((json["permissions"] as? [String])?.contains("audit.read") == true)
        #expect((json["permissions"] as? [String])?.contains("users.manage") == false)
        #expect((json["open_work"] as? [Any])?.isEmpty == true)
    }

    @Test("users list --json: sorted by login; fields without a value are null, not missing")
    func listJSON() throws {
        let cli = try PmopsCLI()
        #expect(try cli.run(["users", "add", "--yes", "amy", "--name", "Amy", "--email", "amy@example.com", "--role", "readonly"]).status == 0)
        #expect(try cli.run(["users", "add", "--yes", "zed", "--name", "Zed", "--email", "zed@example.com", "--role", "ops"]).status == 0)
        #expect(try cli.run(["users", "deactivate", "zed", "--reason", "left"]).status == 0)
        let list = try #require(try cli.json(["users", "list", "--json"]) as? [[String: Any]])
        #expect(list.compactMap { $0["login"] as? String } == ["amy", PmopsCLI.osLogin, "zed"].sorted())
        let amy = try #require(list.first { $0["login"] as? String == "amy" })
        #expect(amy.keys.contains("team") && amy["team"] is NSNull)
        #expect(!amy.keys.contains("permissions"))
        let zed = try #require(list.first { $0["login"] as? String == "zed" })
        #expect(zed["status"] as? String == "deactivated")
        #expect(zed["name"] is NSNull && zed["email"] is NSNull)
        #expect(zed["roles"] as? [String] == [])
        let filtered = try #require(try cli.json(["users", "list", "--json", "--status", "active", "--role", "readonly"]) as? [[String: Any]])
        #expect(filtered.compactMap { $0["login"] as? String } == ["amy"])
    }

    @Test("every exit code: 0 ok, 1 failure, 2 usage, 3 not found, 4 denied, 5 conflict")
    func exitCodes() throws {
        let cli = try PmopsCLI()
        #expect(try cli.run(["users", "add", "--yes", "ro", "--name", "Read Only", "--email", "ro@example.com", "--role", "readonly"]).status == 0)
        let cases: [(args: [String], db: PmopsCLI.DB, status: Int32, stderr: String)] = [
            (["users", "list"], .store, 0, ""),
            (["users", "list"], .path(cli.dir.file("missing/s.sqlite")), 1, "pmops: The directory \(cli.dir.path)/missing does not exist; create it or choose another --db.\n"),
            (["users", "add", "--yes", "Bad", "--name", "B", "--email", "b@example.com", "--role", "ops"], .store, 2,
             "pmops: Invalid login: 'Bad' contains an upper-case letter ('B'); logins are lower case; use a-z, 0-9, '_' and '-'.\n"),
            (["users", "show", "ghost"], .store, 3, "pmops: No staff account 'ghost'.\n"),
            (["users", "add", "--yes", "x", "--name", "X", "--email", "x@example.com", "--role", "ops", "--as", "ro"], .store, 4,
             "pmops: Permission denied: 'ro' lacks users.manage (roles: readonly).\n"),
            (["users", "add", "--yes", "ro", "--name", "R", "--email", "other@example.com", "--role", "ops"], .store, 5,
             "pmops: The login 'ro' is already taken (by 'ro'; logins are unique ignoring case).\n"),
        ]
        for c in cases {
            let result = try cli.run(c.args, db: c.db)
            #expect(result.status == c.status, "\(c.args): \(result)")
            if c.status != 0 { #expect(result.stderr == c.stderr, "\(c.args)") }
        }
    }

    @Test("usage errors exit 2", arguments: [
        ["users", "list", "--bogus"], ["users", "frobnicate"], ["users", "set-roles", "jdoe"],
        ["audit", "export", "--format", "xml"], ["users", "list", "--as", "Not Valid"],
    ])
    func usageErrors(args: [String]) throws {
        let cli = try PmopsCLI()
        let result = try cli.run(args)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("several bad fields print one line each")
    func manyBadFields() throws {
        let cli = try PmopsCLI()
        let result = try cli.run(["users", "add", "--yes", "9x", "--name", "", "--email", "a@b@c.com", "--role", "wizard"])
        #expect(result.status == 2)
        #expect(result.stderrLines == [
            "pmops: Invalid login: '9x' must start with a lower-case letter or '_'.",
            "pmops: Invalid name: a display name is required.",
            "pmops: Invalid email: 'a@b@c.com' has more than one '@'.",
            "pmops: Invalid role: unknown role 'wizard'; roles are super_admin, admin, ops, devops, security, support, finance, success, auditor, readonly.",
        ])
    }

    @Test("an escape sequence in a bad value never reaches the terminal")
    func escapesQuoted() throws {
        let cli = try PmopsCLI()
        let result = try cli.run(["users", "show", "x\u{1B}]0;pwned\u{7}"])
        #expect(result.status == 3)
        #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(result.stderr == "pmops: No staff account 'x\\u{1B}]0;pwned\\u{7}'.\n")
    }

    static func seededUsers(seed: Int) throws -> [[String: String]] {
        let cli = try PmopsCLI(initialize: false)
        let seeded = try cli.run(["demo", "seed", "--seed", String(seed)])
        try #require(seeded.status == 0, "\(seeded)")
        let list = try #require(try cli.json(["users", "list", "--json"]) as? [[String: Any]])
        return list.map { user in
            var flat: [String: String] = [:]
            for (key, value) in user where key != "created_at" && key != "updated_at" { flat[key] = "\(value)" }
            return flat
        }
    }

    @Test("demo seed is deterministic: the same seed gives the same directory")
    func demoSeed() throws {
        let a = try Self.seededUsers(seed: 7)
        let b = try Self.seededUsers(seed: 7)
        #expect(a.count == 44)
        #expect(a == b)
        let other = try Self.seededUsers(seed: 8)
        #expect(other.map { $0["login"] } != a.map { $0["login"] }, "seed 8 produced the same people as seed 7")
    }

    @Test("audit list --json honours its filters")
    func auditListFilters() throws {
        let cli = try PmopsCLI()
        for login in ["amy", "bob"] {
            #expect(try cli.run(["users", "add", "--yes", login, "--name", login, "--email", "\(login)@example.com", "--role", "ops"]).status == 0)
        }
        #expect(try cli.run(["users", "update", "amy", "--team", "sre"]).status == 0)
        func ids(_ filter: [String]) throws -> [String] {
            let rows = try #require(try cli.json(["audit", "list", "--json"] + filter) as? [[String: Any]])
            return rows.map { "\($0["id"] ?? "")/\($0["action"] ?? "")/\($0["target"] ?? "")" }
        }
        #expect(try ids([]) == ["1/store.init/\(PmopsCLI.osLogin)", "2/user.create/amy", "3/user.create/bob", "4/user.update/amy"])
        #expect(try ids(["--action", "user.create"]) == ["2/user.create/amy", "3/user.create/bob"])
        #expect(try ids(["--action", "user.*", "--target", "amy"]) == ["2/user.create/amy", "4/user.update/amy"])
        #expect(try ids(["--limit", "1"]) == ["4/user.update/amy"])
        #expect(try ids(["--actor", "nobody-else"]) == [])
        #expect(try ids(["--since", "1h"]).count == 4)
        #expect(try ids(["--until", "1h"]) == [])
        let bad = try cli.run(["audit", "list", "--since", "last tuesday"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "pmops: Invalid since: 'last tuesday' is neither a time (2026-11-27T10:00Z) nor an age (7d, 12h).\n")
    }
}
