import Foundation
import Testing
import _OpsTestSupport

/// Attacks that rebuild a consistent chain inside the file: only the anchor file beside
/// the store, or the store's own activity, can show them (issue #11, section 8).
@Suite("Audit anchors through the CLI")
struct CLIAuditAnchorTests {
    static func anchors(_ cli: PmopsCLI) -> String { cli.dbPath + ".anchors" }

    static func anchorLines(_ cli: PmopsCLI) throws -> [[String: Any]] {
        try FileFacts.text(anchors(cli)).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func expectFailure(_ cli: PmopsCLI, containing text: String) throws {
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 1, "\(verify)")
        #expect(verify.stderr.hasPrefix("pmops: ") && verify.stderr.contains(text), "\(verify)")
        #expect(Sentences.isOneSentence(String(verify.stderr.dropFirst(7).dropLast())), "\(verify.stderr)")
        let check = try cli.run(["db", "check"])
        #expect(check.status == 1, "\(check)")
        #expect(check.stderr.contains(text), "\(check)")
    }

    /// Deletes the tail from row `from` on and points the head at the row before it,
    /// so the chain and its head agree.
    static func rollBack(_ cli: PmopsCLI, from id: Int) throws {
        try SQLite3.exec(cli.dbPath, """
            DROP TRIGGER audit_no_delete;
            DELETE FROM audit WHERE id >= \(id);
            UPDATE audit_head SET last_id = \(id - 1), last_hash = (SELECT hash FROM audit WHERE id = \(id - 1));
            """)
    }

    @Test("every audited command appends one private line; reads append none; verify names the anchor")
    func anchorFile() throws {
        let cli = try CLIAuditTamperTests.store()
        #expect(try FileFacts.mode(Self.anchors(cli)) == 0o600)
        let lines = try Self.anchorLines(cli)
        #expect(lines.map { $0["audit_id"] as? Int } == [1, 2, 3, 4, 5])
        let audit = try #require(try cli.json(["audit", "list", "--json"]) as? [[String: Any]])
        #expect(lines.map { $0["hash"] as? String } == audit.map { $0["hash"] as? String })
        #expect(try cli.run(["users", "list"]).status == 0)
        #expect(try cli.run(["audit", "verify"]).stdout.contains("; matches the anchor of row 5 ("))
        #expect(try Self.anchorLines(cli).count == 5)
        let json = try #require(try cli.json(["audit", "verify", "--json"]) as? [String: Any])
        #expect(json["anchored_row"] as? Int == 5)
    }

    @Test("a deleted tail with the head rolled back is caught by the anchor")
    func rolledBackTail() throws {
        let cli = try CLIAuditTamperTests.store()
        try Self.rollBack(cli, from: 5)
        try Self.expectFailure(cli, containing: "The audit trail ends at row 4 but row 5 was anchored at ")
    }

    @Test("without the anchor file, a rolled-back tail still shows: an account changed after the last row")
    func rolledBackTailWithoutAnchors() throws {
        let cli = try CLIAuditTamperTests.store()
        try Self.rollBack(cli, from: 5)
        try FileManager.default.removeItem(atPath: Self.anchors(cli))
        try Self.expectFailure(cli, containing: "The store shows an account change at ")
        try Self.expectFailure(cli, containing: "after the last audit row (4, at ")
    }

    @Test("a chain rebuilt with valid hashes (rewritten, forged and rehashed) fails against the anchor")
    func rehashedChain() throws {
        let cli = try CLIAuditTamperTests.store()
        // The forger's chain: valid from genesis, one row longer, every hash correct.
        let forger = try CLIAuditTamperTests.store()
        #expect(try forger.run(["users", "add", "--yes", "mallory", "--name", "M", "--email", "m@example.com", "--role", "ops"]).status == 0)
        try SQLite3.exec(cli.dbPath, """
            ATTACH '\(forger.dbPath)' AS forged;
            DROP TRIGGER audit_no_delete;
            DELETE FROM audit;
            INSERT INTO audit SELECT * FROM forged.audit;
            UPDATE audit_head SET last_id = (SELECT last_id FROM forged.audit_head), last_hash = (SELECT last_hash FROM forged.audit_head);
            """)
        try Self.expectFailure(cli, containing: "Audit row 5 no longer has the hash anchored at ")
    }

    @Test("an emptied trail fails: against the anchor, and without it because accounts exist")
    func emptiedTrail() throws {
        let cli = try CLIAuditTamperTests.store()
        try SQLite3.exec(cli.dbPath, "DROP TRIGGER audit_no_delete; DELETE FROM audit; DELETE FROM audit_head;")
        try Self.expectFailure(cli, containing: "The audit trail ends at row 0 but row 5 was anchored at ")
        try FileManager.default.removeItem(atPath: Self.anchors(cli))
        try Self.expectFailure(cli, containing: "The audit trail is empty but the store holds 4 account(s): the audit rows were deleted.")
    }

    @Test("a new empty store has no anchor (and nobody to check it); init writes the first row and its anchor")
    func emptyStore() throws {
        let cli = try PmopsCLI(initialize: false)
        #expect(try cli.run(["db", "migrate"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: Self.anchors(cli)))
        let anonymous = try cli.run(["db", "check"])
        #expect(anonymous.status == 4, "\(anonymous)")
        #expect(try cli.run(["init"]).status == 0)
        let check = try cli.run(["db", "check"])
        #expect(check.status == 0, "\(check)")
        #expect(FileManager.default.fileExists(atPath: Self.anchors(cli)))
    }
}
