import Foundation
import Testing
import _OpsTestSupport

/// Incidents through the built binary: evidence tampering (editing the file, and rewriting
/// the stored hash with the real sqlite3), the Markdown export's escaping, and what a
/// non-security account sees of a security incident.
@Suite("Incidents through the CLI")
struct CLIIncidentsTests {
    static func securityIncident(_ cli: PmopsCLI) throws {
        let me = PmopsCLI.osLogin
        let declared = try cli.run(["incidents", "declare", "--title", "Leaked key", "--category", "security", "--severity", "SEV-2",
                                    "--class", "credential-compromise", "--commander", me, "--security-lead", me])
        try #require(declared.status == 0, "\(declared)")
    }

    @Test("evidence: copied at mode 0600, verified; an edited file or a rewritten hash fails verify naming the item (exit 1)")
    func evidenceTamper() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        try Self.securityIncident(cli)
        let source = try cli.dir.write("auth.log", "Dec  7 10:00:01 sshd[1]: Accepted publickey for deploy from 203.0.113.9\n")
        let added = try cli.run(["incidents", "evidence", "add", "INC-1", "--file", source, "--note", "from mx1"])
        #expect(added.status == 0, "\(added)")
        #expect(try cli.run(["incidents", "evidence", "add", "INC-1", "--text", "cold copy in s3://evidence/inc-1"]).status == 0)
        let folder = cli.dbPath + ".evidence"
        #expect(try FileFacts.mode(folder) == 0o700)
        let stored = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
        let copy = folder + "/" + stored
        #expect(try FileFacts.mode(copy) == 0o600)
        let clean = try cli.run(["incidents", "evidence", "verify", "INC-1"])
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stdout.hasSuffix("2 evidence items of INC-1 verified.\n"), "\(clean)")

        // 1. Edit the copied file.
        try Data("Dec  7 10:00:01 sshd[1]: nothing to see here\n".utf8).write(to: URL(fileURLWithPath: copy))
        let edited = try cli.run(["incidents", "evidence", "verify", "INC-1"])
        #expect(edited.status == 1, "\(edited)")
        #expect(edited.stdout.contains("MISMATCH E1 auth.log: SHA-256 is "), "\(edited)")
        #expect(edited.stderr == "pmops: Evidence of INC-1 does not verify: E1.\n", "\(edited)")

        // 2. Rewrite the stored hash to match the edited file, with sqlite3 (dropping the trigger first).
        let newHash = try #require(ChildProcess.run("/usr/bin/sha256sum", [copy], timeout: 10).stdout.split(separator: " ").first.map(String.init))
        #expect(throws: (any Error).self) { try SQLite3.exec(cli.dbPath, "UPDATE incident_evidence SET sha256 = '\(newHash)' WHERE id = 1;") }
        try SQLite3.exec(cli.dbPath, "DROP TRIGGER incident_evidence_fixed; UPDATE incident_evidence SET sha256 = '\(newHash)' WHERE id = 1;")
        let rewritten = try cli.run(["incidents", "evidence", "verify", "INC-1", "--json"])
        #expect(rewritten.status == 1, "\(rewritten)")
        #expect(rewritten.stdout.contains("differs from the audited one"), "\(rewritten)")
        #expect(rewritten.stderr == "pmops: Evidence of INC-1 does not verify: E1.\n")

        // 3. A deleted copy is named too.
        try FileManager.default.removeItem(atPath: copy)
        let missing = try cli.run(["incidents", "evidence", "verify", "INC-1"])
        #expect(missing.status == 1 && missing.stdout.contains("E1 auth.log: the file is missing"), "\(missing)")
    }

    @Test("db backup carries the evidence folder (0700, files 0600): restored into a new store, verify passes; a tampered restored file fails it")
    func evidenceSurvivesBackupAndRestore() throws {
        let cli = try PmopsCLI()
        try Self.securityIncident(cli)
        let source = try cli.dir.write("auth.log", "Dec  7 10:00:01 sshd[1]: Accepted publickey for deploy from 203.0.113.9\n")
        #expect(try cli.run(["incidents", "evidence", "add", "INC-1", "--file", source]).status == 0)
        #expect(try cli.run(["incidents", "evidence", "add", "INC-1", "--text", "cold copy in s3://evidence/inc-1"]).status == 0)
        let backup = cli.dir.file("backup.sqlite")
        let made = try cli.run(["db", "backup", backup])
        #expect(made.status == 0 && made.stdout.contains("with \(backup).evidence"), "\(made)")
        #expect(try FileFacts.mode(backup + ".evidence") == 0o700)
        let copied = try FileManager.default.contentsOfDirectory(atPath: backup + ".evidence")
        #expect(copied.count == 1, "\(copied)")
        #expect(try FileFacts.mode(backup + ".evidence/" + (copied.first ?? "")) == 0o600)

        // A new store elsewhere, then the backup restored into it.
        let other = try PmopsCLI()
        #expect(try other.run(["incidents", "evidence", "verify", "INC-1"]).status == 3, "no INC-1 before the restore")
        let restored = try other.run(["db", "restore", backup])
        #expect(restored.status == 0, "\(restored)")
        let folder = other.dbPath + ".evidence"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files == copied)
        #expect(try FileFacts.mode(folder) == 0o700)
        #expect(try FileFacts.mode(folder + "/" + (files.first ?? "")) == 0o600)
        let clean = try other.run(["incidents", "evidence", "verify", "INC-1"])
        #expect(clean.status == 0 && clean.stdout.hasSuffix("2 evidence items of INC-1 verified.\n"), "\(clean)")

        try Data("Dec  7 10:00:01 sshd[1]: nothing to see here\n".utf8).write(to: URL(fileURLWithPath: folder + "/" + (files.first ?? "")))
        let tampered = try other.run(["incidents", "evidence", "verify", "INC-1"])
        #expect(tampered.status == 1 && tampered.stdout.contains("MISMATCH E1 auth.log"), "\(tampered)")
        // The backup itself is untouched, and a second backup over it (--force) replaces its folder whole.
        #expect(try cli.run(["incidents", "evidence", "verify", "INC-1"]).status == 0)
        #expect(try cli.run(["db", "backup", backup, "--force"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: backup + ".evidence") == copied)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.dir.path).filter { $0.contains(".replaced-") || $0.contains(".partial-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("a change recorded from CI for an affected service lands on the open incident's timeline, with its audit row; another service's does not")
    func changeReachesTheTimeline() throws {
        let cli = try PmopsCLI()
        let me = PmopsCLI.osLogin
        #expect(try cli.run(["incidents", "declare", "--title", "API 502s", "--category", "outage", "--severity", "SEV-2",
                             "--commander", me, "--services", "api,auth"]).status == 0)
        let recorded = try cli.run(["changes", "record", "--kind", "rollback", "--service", "api", "--version", "2026.12.3",
                                    "--by", "ci-bot", "--link", "https://ci.example/run/88"])
        #expect(recorded.status == 0, "\(recorded)")
        #expect(try cli.run(["changes", "record", "--kind", "config", "--service", "billing"]).status == 0)
        let shown = try #require(try cli.json(["incidents", "show", "INC-1", "--json"]) as? [String: Any])
        let entries = try #require(shown["timeline"] as? [[String: Any]], "\(shown)")
        let changes = entries.filter { $0["kind"] as? String == "change" }
        #expect(changes.count == 1, "\(entries)")
        let body = changes.first?["body"] as? String ?? ""
        #expect(body.hasPrefix("change 1 rollback api 2026.12.3 succeeded by ci-bot at "), "\(body)")
        #expect(changes.first?["author"] as? String == "system")
        let audit = try cli.run(["audit", "list", "--action", "incident.entry.auto"])
        #expect(audit.status == 0 && audit.stdout.contains("INC-1"), "\(audit)")
    }

    @Test("an unreadable or oversized evidence file is refused and nothing is recorded")
    func evidenceRefused() throws {
        let cli = try PmopsCLI()
        try Self.securityIncident(cli)
        let big = cli.dir.file("huge.bin")
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 64 * 1_048_576 + 1)
        try handle.close()
        let tooBig = try cli.run(["incidents", "evidence", "add", "INC-1", "--file", big])
        #expect(tooBig.status == 2, "\(tooBig)")
        #expect(tooBig.stderr.contains("evidence files are at most 64 MiB"), "\(tooBig)")
        let missing = try cli.run(["incidents", "evidence", "add", "INC-1", "--file", cli.dir.file("nope.log")])
        #expect(missing.status == 3, "\(missing)")
        let folder = try? FileManager.default.contentsOfDirectory(atPath: cli.dbPath + ".evidence")
        #expect((folder ?? []).isEmpty)
        let show = try #require(try cli.json(["incidents", "show", "INC-1", "--json"]) as? [String: Any])
        #expect((show["evidence"] as? [Any])?.isEmpty == true)
    }

    @Test("the Markdown export escapes hostile notes: no injected heading or link")
    func exportEscapes() throws {
        let cli = try PmopsCLI()
        let me = PmopsCLI.osLogin
        #expect(try cli.run(["incidents", "declare", "--title", "Queue [stuck](http://evil.example)", "--category", "outage", "--severity", "SEV-1",
                             "--commander", me]).status == 0)
        #expect(try cli.run(["incidents", "note", "INC-1", "--body", "# Root cause: me\n[click](http://evil.example)\n<img src=x>"]).status == 0)
        #expect(try cli.run(["incidents", "pin", "INC-1", "4"]).status == 0)
        #expect(try cli.run(["incidents", "status", "INC-1", "resolved"]).status == 0)
        #expect(try cli.run(["incidents", "postmortem", "INC-1", "--summary", "## fake section", "--root-cause", "Disk full."]).status == 0)
        let out = cli.dir.file("inc-1.md")
        let exported = try cli.run(["incidents", "export", "INC-1", "--format", "md", "--output", out])
        #expect(exported.status == 0, "\(exported)")
        #expect(try FileFacts.mode(out) == 0o600)
        let md = try String(contentsOfFile: out, encoding: .utf8)
        let headings = md.split(separator: "\n").filter { $0.drop { $0 == " " }.hasPrefix("#") }.map(String.init)
        #expect(headings.count == 10 && headings.allSatisfy { $0.hasPrefix("# INC-1: ") || $0.hasPrefix("## ") && !$0.contains("fake") }, "\(headings)")
        #expect(!md.contains("](http") && !md.contains("<img"), "\(md)")
        #expect(md.contains("\\# Root cause\\: me"))
        #expect(md.contains("## Key moments\n\n- **"), "the pinned note is a key moment")
    }

    @Test("a security incident reads as 'restricted incident INC-n' to ops; its responders and security see it")
    func restricted() throws {
        let cli = try PmopsCLI()
        for (login, role) in [("opsy", "ops"), ("secu", "security")] {
            #expect(try cli.run(["users", "add", "--yes", login, "--name", login, "--email", "\(login)@example.com", "--role", role]).status == 0)
        }
        try Self.securityIncident(cli)
        let list = try cli.run(["incidents", "list", "--as", "opsy"])
        #expect(list.status == 0 && list.stdout.contains("restricted incident INC-1") && !list.stdout.contains("Leaked"), "\(list)")
        let show = try cli.run(["incidents", "show", "INC-1", "--as", "opsy"])
        #expect(show.status == 0 && show.stdout == "restricted incident INC-1\n", "\(show)")
        let json = try cli.run(["incidents", "show", "INC-1", "--json", "--as", "opsy"])
        #expect(json.stdout.contains("\"restricted\" : true") && !json.stdout.contains("Leaked"), "\(json)")
        let export = try cli.run(["incidents", "export", "INC-1", "--as", "opsy"])
        #expect(export.status == 4 && export.stdout.isEmpty && export.stderr.contains("restricted incident INC-1"), "\(export)")
        #expect(try cli.run(["incidents", "show", "INC-1", "--as", "secu"]).stdout.contains("Leaked key"))
        #expect(try cli.run(["incidents", "role", "INC-1", "scribe", "--to", "opsy"]).status == 0)
        #expect(try cli.run(["incidents", "show", "INC-1", "--as", "opsy"]).stdout.contains("Leaked key"), "a named responder sees it")
    }
}
