import Foundation
import Testing
import _OpsTestSupport

/// Every subcommand × every role × with and without `--as`, through the built binary. The
/// table (`CLICommandMatrix`) must cover the binary's whole command tree; each role's
/// sweep runs on a store of its own.
@Suite("Every command × every role × --as")
struct CLICommandMatrixTests {
    static let roles = ["super_admin", "admin", "ops", "security", "support", "finance", "success", "auditor", "readonly"]

    /// Leaf commands of the binary, as "noun verb", with whether each takes `--as`.
    static func commandTree(_ cli: PmopsCLI) throws -> [String: Bool] {
        let dump = try cli.run(["--experimental-dump-help"], db: .omitted)
        try #require(dump.status == 0, "\(dump)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var leaves: [String: Bool] = [:]
        func walk(_ command: [String: Any], _ path: [String]) {
            let name = command["commandName"] as? String ?? ""
            let here = name == "pmops" ? path : path + [name]
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if subcommands.isEmpty {
                let arguments = command["arguments"] as? [[String: Any]] ?? []
                let takesAs = arguments.contains { argument in
                    (argument["names"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "as" }
                }
                leaves[here.joined(separator: " ")] = takesAs
            }
            for sub in subcommands { walk(sub, here) }
        }
        walk(try #require(root["command"] as? [String: Any]), [])
        return leaves
    }

    /// The permissions a role holds, as `pmops roles show ROLE --json` publishes them.
    static func permissions(of role: String, cli: PmopsCLI) throws -> Set<String> {
        let json = try #require(try cli.json(["roles", "show", role, "--json"], db: .omitted) as? [String: Any])
        return Set(try #require(json["permissions"] as? [String]))
    }

    @Test("the table names every subcommand, and exactly the store commands take --as")
    func tableIsComplete() throws {
        let cli = try PmopsCLI(initialize: false)
        let tree = try Self.commandTree(cli)
        let table = Dictionary(uniqueKeysWithValues: CLICommandMatrix.entries.map { ($0.path, $0) })
        #expect(Set(tree.keys) == Set(table.keys), "commands without a row: \(Set(tree.keys).subtracting(table.keys).sorted()); rows without a command: \(Set(table.keys).subtracting(tree.keys).sorted())")
        for (path, takesAs) in tree {
            guard let entry = table[path] else { continue }
            if case .noStore = entry.access {
                #expect(!takesAs, "\(path) takes --as but the table says it opens no store")
            } else {
                #expect(takesAs, "\(path) opens the store but has no --as")
            }
        }
    }

    @Test("each command acting as an account of one role: allowed exactly when the role holds what it needs", arguments: roles)
    func sweep(role: String) throws {
        let login = "as_" + role
        let cli = try CLICommandMatrix.store(actors: [(login, role)])
        let granted = try Self.permissions(of: role, cli: cli)
        for entry in CLICommandMatrix.entries where entry.sweep {
            let allowed: Bool
            switch entry.access {
            case .noStore: continue
            case let .needs(needed): allowed = needed.isSubset(of: granted)
            case .superAdmin: allowed = role == "super_admin"
            }
            let result = try cli.run(try CLICommandMatrix.arguments(entry, cli: cli) + ["--as", login], timeout: 30)
            let what = "\(role) → \(entry.path)"
            if entry.path == "init" {
                #expect(result.status == 2 && result.stderr.contains("--as"), "\(what): init must refuse --as: \(result)")
            } else if allowed {
                #expect(result.status == entry.allowedStatus, "\(what) should be allowed: \(result)")
                #expect(!result.stderr.contains("Permission denied"), "\(what): \(result.stderr)")
            } else {
                #expect(result.status == 4, "\(what) should be refused: \(result)")
                #expect(result.stderr.hasPrefix("pmops: Permission denied: "), "\(what): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(what): a refused command printed \(result.stdout)")
            }
        }
        // What the allowed commands did is recorded as the role's account, impersonated.
        let rows = try #require(try cli.json(["audit", "list", "--json", "--actor", login]) as? [[String: Any]])
        for row in rows {
            #expect(row["impersonator"] as? String == PmopsCLI.osLogin, "\(row)")
        }
        if granted.contains("settings.manage") {
            #expect(rows.contains { $0["action"] as? String == "setting.set" }, "\(role)'s settings set is not audited as \(login)")
        }
    }

    @Test("without --as the OS login's own account acts: its super_admin runs every store command")
    func ownAccount() throws {
        let cli = try CLICommandMatrix.store(actors: [])
        for entry in CLICommandMatrix.entries where entry.sweep {
            if case .noStore = entry.access { continue }
            let result = try cli.run(try CLICommandMatrix.arguments(entry, cli: cli), timeout: 30)
            #expect(result.status == entry.allowedStatus, "\(entry.path): \(result)")
        }
    }

    @Test("--as an unknown login is refused by every command that takes it; nothing runs and nothing is written")
    func unknownLogin() throws {
        let cli = try CLICommandMatrix.store(actors: [])
        // Rows, not bytes: opening a WAL store rewrites its header even for a read.
        func contents() throws -> [String?] {
            [try SQLite3.exec(cli.dbPath, ".dump"), FileManager.default.contents(atPath: cli.dbPath + ".anchors").map { String(decoding: $0, as: UTF8.self) }]
        }
        let before = try contents()
        for entry in CLICommandMatrix.entries {
            if case .noStore = entry.access { continue }
            let result = try cli.run(try CLICommandMatrix.arguments(entry, cli: cli) + ["--as", "ghost"], timeout: 30)
            if entry.path == "init" {
                #expect(result.status == 2, "init: \(result)")
            } else {
                #expect(result.status == 3, "\(entry.path) --as ghost: \(result)")
                #expect(result.stderr == "pmops: No staff account 'ghost' to act as.\n", "\(entry.path): \(result.stderr)")
            }
            #expect(result.stdout.isEmpty, "\(entry.path) --as ghost printed \(result.stdout)")
        }
        #expect(try contents() == before, "a refused --as changed the store")
    }

    @Test("a deactivated OS login can run no store command, not even through --as")
    func deactivatedOwner() throws {
        let cli = try CLICommandMatrix.store(actors: [("boss", "super_admin")])
        let off = try cli.run(["users", "deactivate", PmopsCLI.osLogin, "--reason", "left", "--reassign-to", "boss", "--as", "boss"])
        try #require(off.status == 0, "\(off)")
        for entry in CLICommandMatrix.entries where entry.path != "init" {
            if case .noStore = entry.access { continue }
            for extra in [[], ["--as", "boss"]] {
                let result = try cli.run(try CLICommandMatrix.arguments(entry, cli: cli) + extra, timeout: 30)
                #expect(result.status == 4, "\(entry.path) \(extra): \(result)")
                #expect(result.stderr.contains("is deactivated"), "\(entry.path): \(result.stderr)")
            }
        }
    }

    @Test("Docs/ROLES.md lists every command with exactly what the table says it needs")
    func documented() throws {
        let doc = try RepoFiles.text("Docs/ROLES.md")
        for entry in CLICommandMatrix.entries {
            let needs: String
            switch entry.access {
            case .noStore: needs = "— (no store)"
            case .superAdmin: needs = entry.path == "init" ? "an empty store (you become its first `super_admin`; `--as` refused)" : "the `super_admin` role"
            case let .needs(set): needs = set.sorted().map { "`\($0)`" }.joined(separator: ", ")
            }
            let row = "| `pmops \(entry.path)` | \(needs) |"
            #expect(doc.contains(row + "\n"), "Docs/ROLES.md lacks the row \(row) (Scripts/gen-docs.sh)")
        }
    }
}
