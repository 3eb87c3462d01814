import Foundation
import Testing
import _OpsTestSupport

/// `pmops outbox deliver` with a real maildir and real sendmail-compatible scripts.
@Suite("Outbox through the CLI")
struct CLIOutboxTests {
    static func storeWithMail() throws -> PmopsCLI {
        let cli = try PmopsCLI()
        let added = try cli.run(["users", "add", "--yes", "jdoe", "--name", "Jane Doe", "--email", "jdoe@example.com", "--role", "ops"])
        try #require(added.status == 0, "\(added)")
        return cli
    }

    static func outbox(_ cli: PmopsCLI) throws -> [[String: Any]] {
        try #require(try cli.json(["outbox", "list", "--json"]) as? [[String: Any]])
    }

    @Test("maildir: the default sits beside the store; the file is 0600 with CRLF line ends")
    func defaultMaildir() throws {
        let cli = try Self.storeWithMail()
        let result = try cli.run(["outbox", "deliver"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "Delivered 1 via maildir:\(cli.dir.path)/maildir; 0 will be retried; 0 failed for good.\n")
        let newDir = cli.dir.file("maildir/new")
        let files = FileFacts.files(in: newDir)
        try #require(files.count == 1)
        let path = newDir + "/" + files[0]
        #expect(try FileFacts.mode(path) == 0o600)
        let text = try FileFacts.text(path)
        #expect(text.hasPrefix("Date: "))
        #expect(text.contains("\r\nTo: jdoe@example.com\r\nSubject: Welcome to PenguinOps, Jane Doe\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(try Self.outbox(cli).first?["status"] as? String == "sent")
    }

    @Test("sendmail from the invoker's own ~/.config/pmops/mail: a real child gets the message")
    func sendmailFromOwnConfig() throws {
        let cli = try Self.storeWithMail()
        let script = try cli.dir.write("fake-sendmail", "#!/bin/sh\ncat > '\(cli.dir.file("got.eml"))'\nexit 0\n", mode: 0o755)
        try FileManager.default.createDirectory(atPath: cli.dir.file(".config/pmops"), withIntermediateDirectories: true)
        try cli.dir.write(".config/pmops/mail", "# my transport\nsendmail:\(script) -t -i\n", mode: 0o600)
        let result = try cli.run(["outbox", "deliver", "--json"])
        #expect(result.status == 0, "\(result)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["sent"] as? Int == 1)
        let mail = try FileFacts.text(cli.dir.file("got.eml"))
        #expect(mail.contains("\r\nTo: jdoe@example.com\r\n"))
        #expect(mail.contains("\r\n\r\nHello Jane Doe,\r\n"))
        // A config file others can write is refused, not used.
        #expect(chmod(cli.dir.file(".config/pmops/mail"), 0o666) == 0)
        let refused = try cli.run(["outbox", "deliver"])
        #expect(refused.status == 4, "\(refused)")
        #expect(refused.stderr.contains("a mail config file must be a regular file you own that nobody else can write"), "\(refused.stderr)")
    }

    @Test("sendmail exiting 75: exit 1, the message stays queued with attempts 1, the error and a later retry time")
    func sendmailTempFail() throws {
        let cli = try Self.storeWithMail()
        let script = try cli.dir.write("tempfail", "#!/bin/sh\nexit 75\n", mode: 0o755)
        let started = Date()
        let result = try cli.run(["outbox", "deliver", "--mail", "sendmail:\(script)"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout == "Delivered 0 via sendmail:\(script); 1 will be retried; 0 failed for good.\n")
        #expect(result.stderr == "pmops: message 1 to jdoe@example.com: \(script) exited with status 75.\n")
        let row = try #require(try Self.outbox(cli).first)
        #expect(row["status"] as? String == "queued")
        #expect(row["attempts"] as? Int == 1)
        #expect(row["last_error"] as? String == "\(script) exited with status 75.")
        let next = try #require((row["next_attempt_at"] as? String).flatMap(Self.parse))
        #expect(next > started.addingTimeInterval(30))
        let audit = try #require(try cli.json(["audit", "list", "--json", "--action", "outbox.retry"]) as? [[String: Any]])
        #expect(audit.count == 1)
    }

    @Test("a sendmail that exits without reading a large message does not kill pmops (SIGPIPE)", arguments: [
        (75, "exited with status 75."), (0, "exited before reading the whole message; it was not sent."),
    ])
    func sendmailIgnoresStdin(exitCode: Int, error: String) throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        try SQLite3.exec(cli.dbPath, """
            INSERT INTO outbox (created_at, kind, to_addr, subject, body, status, attempts, next_attempt_at)
            VALUES ('2026-01-01T00:00:00.000Z', 'report', 'ops@example.com', 'Big', printf('%.*c', 400000, 'x'), 'queued', 0, '2026-01-01T00:00:00.000Z');
            """)
        let script = try cli.dir.write("refuse", "#!/bin/sh\nexec 0<&-\nexit \(exitCode)\n", mode: 0o755)
        let result = try cli.run(["outbox", "deliver", "--mail", "sendmail:\(script)"])
        #expect(result.status == 1, "pmops must report the failure, not die: \(result)")
        #expect(result.stderr == "pmops: message 1 to ops@example.com: \(script) \(error)\n")
        let row = try #require(try Self.outbox(cli).first)
        #expect(row["status"] as? String == "queued")
        #expect(row["attempts"] as? Int == 1)
        #expect(row["last_error"] as? String == "\(script) \(error)")
    }

    @Test("PMOPS_MAIL overrides the setting; a bad spec is a usage error")
    func mailEnvironment() throws {
        let cli = try Self.storeWithMail()
        let spool = cli.dir.file("spool")
        let result = try cli.run(["outbox", "deliver"], env: ["PMOPS_MAIL": "maildir:\(spool)"])
        #expect(result.status == 0, "\(result)")
        #expect(FileFacts.files(in: spool + "/new").count == 1)
        let bad = try cli.run(["outbox", "deliver", "--mail", "smtp://mail"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "pmops: Invalid mail: 'smtp://mail' is not a mail transport; use maildir:PATH or sendmail:COMMAND.\n")
    }

    static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)
    }
}
