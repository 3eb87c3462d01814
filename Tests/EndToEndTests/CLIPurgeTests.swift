import Foundation
import Testing
import _OpsTestSupport

/// After `users purge-archived` no byte of the store holds the person's name or email,
/// and their audit fingerprints can no longer be linked to them (issue #11, section 6).
@Suite("Purging personal data through the CLI")
struct CLIPurgeTests {
    static let email = "zelda.purge@example.com"
    static let name = "Zelda Quux-Purge"

    /// Every file of the store (database, WAL) as bytes.
    static func storeBytes(_ cli: PmopsCLI) throws -> [Data] {
        try [cli.dbPath, cli.dbPath + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }.map(FileFacts.bytes)
    }

    static func holds(_ files: [Data], _ text: String) -> Bool { occurrences(files, text) > 0 }

    static func occurrences(_ files: [Data], _ text: String) -> Int {
        let needle = Data(text.utf8)
        var count = 0
        for file in files {
            var start = file.startIndex
            while let found = file.range(of: needle, in: start..<file.endIndex) {
                count += 1
                start = found.upperBound
            }
        }
        return count
    }

    @Test("purge erases outbox mail, silence comments, archive and fingerprint key; the chain still verifies")
    func purgeLeavesNoCopy() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        let added = try cli.run(["users", "add", "--yes", "zelda", "--name", Self.name, "--email", Self.email, "--role", "ops"])
        try #require(added.status == 0, "\(added)")
        #expect(try cli.run(["users", "add", "--yes", "yann", "--name", "Yann Keep", "--email", "yann.keep@example.com", "--role", "ops"]).status == 0)
        let silenced = try cli.run(["silences", "add", "service=mta", "--for", "2h", "--comment", "ask \(Self.name) first"])
        #expect(silenced.status == 0, "\(silenced)")
        let deactivated = try cli.run(["users", "deactivate", "zelda", "--reason", "left the company"])
        #expect(deactivated.status == 0, "\(deactivated)")
        let staffID = try SQLite3.exec(cli.dbPath, "SELECT id FROM staff WHERE login = 'zelda';").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try SQLite3.exec(cli.dbPath, "SELECT count(*) FROM personal_key WHERE staff_id = \(staffID);") == "1\n")
        #expect(Self.holds(try Self.storeBytes(cli), Self.email), "the test store should hold the email before purge")
        // The retention date is moved into the past (the CLI has no clock to advance).
        try SQLite3.exec(cli.dbPath, "UPDATE staff_archive SET purge_after = '2000-01-01T00:00:00.000Z';")

        let purged = try cli.run(["users", "purge-archived"])
        #expect(purged.status == 0, "\(purged)")
        #expect(purged.stdout == "Purged archived data of 1 account(s): zelda.\n")

        let files = try Self.storeBytes(cli)
        for secret in [Self.email, "zelda.purge"] {
            #expect(!Self.holds(files, secret), "\(secret) survives in the store's bytes")
        }
        // Text people typed into a comment is also in that change's audit row, which the
        // chain protects (README, Data): that one copy stays, no other.
        #expect(Self.occurrences(files, Self.name) == 1)
        #expect(try SQLite3.exec(cli.dbPath, "SELECT action FROM audit WHERE instr(after, '\(Self.name)') > 0;") == "silence.add\n")
        #expect(Self.holds(files, "yann.keep@example.com"), "someone else's data was erased")
        #expect(try SQLite3.exec(cli.dbPath, "SELECT count(*) FROM personal_key WHERE staff_id = \(staffID);") == "0\n")
        #expect(try SQLite3.exec(cli.dbPath, "SELECT count(*) FROM outbox WHERE to_addr = 'yann.keep@example.com';") == "1\n")
        #expect(try SQLite3.exec(cli.dbPath, "SELECT comment FROM silence;") == "ask [purged] first\n")

        let rows = try #require(try cli.json(["audit", "list", "--json", "--target", "zelda"]) as? [[String: Any]])
        let snapshots = rows.map { "\($0["before"] ?? "") \($0["after"] ?? "")" }.joined()
        #expect(snapshots.contains("\"email\":\"hmac:"))
        #expect(!snapshots.contains("sha256:"))
        let purgeRow = try #require(try cli.json(["audit", "list", "--json", "--action", "user.purge_archived"]) as? [[String: Any]]).last
        let after = try #require(purgeRow?["after"] as? String)
        #expect(after.contains("\"keys_destroyed\":1"))
        #expect(after.contains("\"outbox\":1"))
        let verified = try cli.run(["audit", "verify"])
        #expect(verified.status == 0, "\(verified)")
    }

    @Test("reactivating a purged account makes a new key: old fingerprints do not match the new ones")
    func reactivationGetsNewKey() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        #expect(try cli.run(["users", "add", "--yes", "zelda", "--name", Self.name, "--email", Self.email, "--role", "ops"]).status == 0)
        #expect(try cli.run(["users", "deactivate", "zelda", "--reason", "left"]).status == 0)
        try SQLite3.exec(cli.dbPath, "UPDATE staff_archive SET purge_after = '2000-01-01T00:00:00.000Z';")
        #expect(try cli.run(["users", "purge-archived"]).status == 0)
        let back = try cli.run(["users", "reactivate", "zelda", "--name", Self.name, "--email", Self.email])
        #expect(back.status == 0, "\(back)")
        let rows = try #require(try cli.json(["audit", "list", "--json", "--target", "zelda"]) as? [[String: Any]])
        func email(_ json: Any?) throws -> String? {
            guard let text = json as? String else { return nil }
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])["email"] as? String
        }
        let created = try #require(try email(rows.first { $0["action"] as? String == "user.create" }?["after"]))
        let reactivated = try #require(try email(rows.first { $0["action"] as? String == "user.reactivate" }?["after"]))
        #expect(created.hasPrefix("hmac:") && reactivated.hasPrefix("hmac:"))
        #expect(created != reactivated, "the same address must not be linkable across the purge")
    }
}
