import Foundation
import Testing
import _OpsTestSupport

/// Tampering with a file store using the real `sqlite3` tool, then asking the real
/// `pmops` whether it noticed. Also the export formats.
@Suite("Audit tampering and export through the CLI")
struct CLIAuditTamperTests {
    /// A store with audit rows 1…5: init, three creates, one update.
    static func store() throws -> PmopsCLI {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        for login in ["amy", "bob", "cat"] {
            let r = try cli.run(["users", "add", "--yes", login, "--name", login.capitalized, "--email", "\(login)@example.com", "--role", "ops"])
            try #require(r.status == 0, "\(r)")
        }
        try #require(try cli.run(["users", "update", "bob", "--team", "sre"]).status == 0)
        let verified = try cli.run(["audit", "verify"])
        try #require(verified.status == 0, "\(verified)")
        #expect(verified.stdout.hasPrefix("Audit chain intact: 5 rows verified in "))
        return cli
    }

    static func expectBroken(_ cli: PmopsCLI, problem: String, firstBadRow: Int?) throws {
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 1, "\(verify)")
        #expect(verify.stderr == "pmops: \(problem)\n")
        let json = try cli.run(["audit", "verify", "--json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        #expect(object["problem"] as? String == problem)
        #expect(object["first_bad_row"] as? Int == firstBadRow)
        let check = try cli.run(["db", "check"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("pmops: audit: \(problem)"), "\(check)")
    }

    @Test("the triggers refuse edits even from sqlite3")
    func triggersHoldOutsidePmops() throws {
        let cli = try Self.store()
        #expect(throws: TestSupportError.self) { try SQLite3.exec(cli.dbPath, "UPDATE audit SET actor = 'mallory' WHERE id = 2;") }
        #expect(throws: TestSupportError.self) { try SQLite3.exec(cli.dbPath, "DELETE FROM audit WHERE id = 5;") }
        #expect(try cli.run(["audit", "verify"]).status == 0)
    }

    @Test("an edited row, after dropping the trigger, is named")
    func editedRow() throws {
        let cli = try Self.store()
        try SQLite3.exec(cli.dbPath, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 3;")
        try Self.expectBroken(cli, problem: "Audit row 3 was altered: its contents no longer match its hash.", firstBadRow: 3)
    }

    @Test("a deleted middle row is named")
    func deletedMiddle() throws {
        let cli = try Self.store()
        try SQLite3.exec(cli.dbPath, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3;")
        try Self.expectBroken(cli, problem: "Audit row 3 is missing (deleted); the chain breaks before row 4.", firstBadRow: 4)
    }

    @Test("a deleted last row shows as a head mismatch")
    func deletedLast() throws {
        let cli = try Self.store()
        try SQLite3.exec(cli.dbPath, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 5;")
        try Self.expectBroken(cli, problem: "The audit trail ends at row 4 but row 5 was written: rows were deleted from the end.", firstBadRow: 5)
    }

    @Test("a forged row with a bogus hash is named, even with the head moved to match")
    func forgedRow() throws {
        let cli = try Self.store()
        let bogus = String(repeating: "f", count: 64)
        try SQLite3.exec(cli.dbPath, """
            INSERT INTO audit (id, at, actor, action, target, prev_hash, hash)
                SELECT 6, '2026-11-27T00:00:00.000Z', 'mallory', 'user.set_roles', 'mallory', last_hash, '\(bogus)' FROM audit_head;
            UPDATE audit_head SET last_id = 6, last_hash = '\(bogus)';
            """)
        try Self.expectBroken(cli, problem: "Audit row 6 was altered: its contents no longer match its hash.", firstBadRow: 6)
    }

    @Test("--expect-head catches a chain rebuilt from scratch")
    func expectHead() throws {
        let cli = try Self.store()
        let json = try #require(try cli.json(["audit", "verify", "--json"]) as? [String: Any])
        let head = try #require(json["head"] as? String)
        #expect(try cli.run(["audit", "verify", "--expect-head", head]).status == 0)
        #expect(try cli.run(["users", "add", "--yes", "dan", "--name", "Dan", "--email", "dan@example.com", "--role", "ops"]).status == 0)
        let moved = try cli.run(["audit", "verify", "--expect-head", head])
        #expect(moved.status == 1)
        #expect(moved.stderr.contains("not the expected \(head)"))
    }

    @Test("export: JSON Lines and CSV hold the same rows as audit list; CSV is quoted and formula-safe")
    func exportRoundTrip() throws {
        let cli = try Self.store()
        let reason = "=HYPERLINK(\"http://evil.example\",\"click\"), said \"Bob\""
        let deactivated = try cli.run(["users", "deactivate", "bob", "--reason", reason])
        #expect(deactivated.status == 0, "\(deactivated)")
        #expect(try cli.run(["users", "deactivate", "cat", "--reason", "@SUM(1+1) and -2"]).status == 0)

        let listed = try #require(try cli.json(["audit", "list", "--json"]) as? [[String: Any]])
        let jsonl = try cli.run(["audit", "export", "--format", "jsonl"])
        #expect(jsonl.status == 0)
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == listed.count)
        let exported = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let columns = ["id", "at", "actor", "impersonator", "action", "target", "before", "after", "reason", "prev_hash", "hash"]
        func text(_ v: Any?) -> String { v.map { $0 is NSNull ? "" : "\($0)" } ?? "" }
        for (a, b) in zip(listed, exported) {
            for column in columns { #expect(text(a[column]) == text(b[column]), "\(column)") }
        }

        let csvPath = cli.dir.file("audit.csv")
        let csvRun = try cli.run(["audit", "export", "--format", "csv", "--output", csvPath])
        #expect(csvRun.status == 0)
        #expect(csvRun.stderr == "Exported \(listed.count) rows to \(csvPath).\n")
        #expect(try FileFacts.mode(csvPath) == 0o600)
        let rows = try CSV.parse(try FileFacts.text(csvPath))
        #expect(rows.first == columns)
        #expect(rows.count == listed.count + 1)
        for (row, json) in zip(rows.dropFirst(), exported) {
            #expect(row.count == columns.count)
            for (i, column) in columns.enumerated() {
                let value = text(json[column])
                let guarded = value.first.map { "=+-@".contains($0) } == true ? "'" + value : value
                #expect(row[i] == guarded, "row \(text(json["id"])) \(column)")
            }
        }
        let bobRow = try #require(rows.first { $0[4] == "user.deactivate" && $0[5] == "bob" })
        #expect(bobRow[8] == "'" + reason)
        let catRow = try #require(rows.first { $0[4] == "user.deactivate" && $0[5] == "cat" })
        #expect(catRow[8] == "'@SUM(1+1) and -2")
        // Filters apply to export as to list, prefixes included.
        let prefixed = try cli.run(["audit", "export", "--action", "user.*"])
        #expect(prefixed.stdout.split(separator: "\n").count == listed.filter { text($0["action"]).hasPrefix("user.") }.count)
    }
}
