import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Delivery through a real maildir and a real sendmail-compatible child process.
@Suite("Outbox delivery")
struct OutboxTests {
    static func fixture(name: String = "Jane Doe") throws -> StoreFixture {
        let f = try StoreFixture()
        _ = try f.db.createStaff(NewStaff(login: "jdoe", displayName: name, email: "jdoe@example.com", roles: ["ops"]), as: f.boss)
        return f
    }

    static func message(_ f: StoreFixture) throws -> OutboxMessage {
        try #require(try f.db.outbox(as: f.boss).first)
    }

    /// Checks the RFC 5322 shape: CRLF only, headers then a blank line then the body.
    static func checkRFC5322(_ text: String, to: String, subject: String) {
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF in the message")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"), "bare CR in the message")
        let parts = text.components(separatedBy: "\r\n\r\n")
        #expect(parts.count >= 2)
        let headers = parts[0].components(separatedBy: "\r\n")
        let names = headers.compactMap { $0.split(separator: ":", maxSplits: 1).first.map(String.init) }
        #expect(names == ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "X-Mailer"])
        #expect(headers.contains("To: \(to)"))
        #expect(headers.contains("Subject: \(subject)"))
        #expect(headers.contains("From: PenguinOps <pmops@localhost>"))
        #expect(headers.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(headers.first { $0.hasPrefix("Date: ") }?.hasSuffix(" +0000") == true)
        #expect(headers.first { $0.hasPrefix("Message-ID: <pmops.") }?.hasSuffix(">") == true)
    }

    @Test("maildir: one 0600 file in new/, RFC 5322 with CRLF; the row is marked sent and audited")
    func maildir() throws {
        let f = try Self.fixture()
        let spool = try TemporaryDirectory("pmops-maildir")
        let root = spool.file("Maildir")
        let report = try f.db.deliverOutbox(via: .maildir(root), as: f.boss)
        #expect(report.sent == 1 && report.retrying == 0 && report.failed == 0 && report.errors.isEmpty)
        let files = FileFacts.files(in: root + "/new")
        try #require(files.count == 1)
        #expect(FileFacts.files(in: root + "/tmp").isEmpty)
        let path = root + "/new/" + files[0]
        #expect(try FileFacts.mode(path) == 0o600)
        #expect(try FileFacts.mode(root + "/new") == 0o700)
        let text = try FileFacts.text(path)
        Self.checkRFC5322(text, to: "jdoe@example.com", subject: "Welcome to PenguinOps, Jane Doe")
        #expect(text.contains("\r\n\r\nHello Jane Doe,\r\n"))
        let row = try Self.message(f)
        #expect(row.status == "sent" && row.attempts == 1 && row.sentAt == Timestamp.format(f.clock.now()) && row.lastError == nil)
        let audit = try #require(try f.db.auditEntries(AuditFilter(action: "outbox.sent"), as: f.boss).last)
        #expect(audit.target == "outbox:\(row.id)")
        // Delivering again sends nothing twice.
        #expect(try f.db.deliverOutbox(via: .maildir(root), as: f.boss).sent == 0)
        #expect(FileFacts.files(in: root + "/new").count == 1)
    }

    @Test("a non-ASCII subject is RFC 2047 encoded; the body stays UTF-8")
    func encodedSubject() throws {
        let f = try Self.fixture(name: "Zoë Müller")
        let spool = try TemporaryDirectory("pmops-maildir")
        _ = try f.db.deliverOutbox(via: .maildir(spool.path), as: f.boss)
        let file = try #require(FileFacts.files(in: spool.path + "/new").first)
        let text = try FileFacts.text(spool.path + "/new/" + file)
        let encoded = "=?UTF-8?B?\(Data("Welcome to PenguinOps, Zoë Müller".utf8).base64EncodedString())?="
        Self.checkRFC5322(text, to: "jdoe@example.com", subject: encoded)
        #expect(text.contains("Hello Zoë Müller,"))
    }

    @Test("sendmail: a real child process gets the message on stdin and its arguments")
    func sendmailSuccess() throws {
        let f = try Self.fixture()
        let dir = try TemporaryDirectory("pmops-sendmail")
        let script = try dir.write("fake-sendmail", """
            #!/bin/sh
            printf '%s\\n' "$@" > '\(dir.file("args"))'
            cat > '\(dir.file("message"))'
            exit 0
            """, mode: 0o755)
        let report = try f.db.deliverOutbox(via: .sendmail([script, "-t", "-i"]), as: f.boss)
        #expect(report.sent == 1)
        #expect(try FileFacts.text(dir.file("args")) == "-t\n-i\n")
        Self.checkRFC5322(try FileFacts.text(dir.file("message")), to: "jdoe@example.com", subject: "Welcome to PenguinOps, Jane Doe")
        #expect(try Self.message(f).status == "sent")
    }

    @Test("sendmail exiting 75 leaves the message queued: attempts 1, the error kept, retried in a minute")
    func sendmailTempFail() throws {
        let f = try Self.fixture()
        let dir = try TemporaryDirectory("pmops-sendmail")
        let script = try dir.write("tempfail", "#!/bin/sh\ncat > /dev/null\necho 'mail queue full' >&2\nexit 75\n", mode: 0o755)
        let before = try f.auditCount()
        let report = try f.db.deliverOutbox(via: .sendmail([script]), as: f.boss)
        #expect(report.sent == 0 && report.retrying == 1 && report.failed == 0)
        let row = try Self.message(f)
        #expect(row.status == "queued")
        #expect(row.attempts == 1)
        #expect(row.lastError == "\(script) exited with status 75: mail queue full.")
        #expect(row.nextAttemptAt == Timestamp.format(f.clock.now().addingTimeInterval(60)))
        #expect(report.errors == ["message \(row.id) to jdoe@example.com: \(script) exited with status 75: mail queue full."])
        #expect(try f.auditCount() == before + 1)
        // Not due yet: nothing is tried again until the backoff has passed.
        let idle = try f.db.deliverOutbox(via: .sendmail([script]), as: f.boss)
        #expect(idle.sent + idle.retrying + idle.failed == 0)
        #expect(try Self.message(f).attempts == 1)
    }

    @Test("after eight failed attempts the message is marked failed and stays visible")
    func giveUp() throws {
        let f = try Self.fixture()
        let dir = try TemporaryDirectory("pmops-sendmail")
        let script = try dir.write("tempfail", "#!/bin/sh\ncat > /dev/null\nexit 75\n", mode: 0o755)
        var reports: [DeliveryReport] = []
        for _ in 1...8 {
            reports.append(try f.db.deliverOutbox(via: .sendmail([script]), as: f.boss))
            f.clock.advance(by: 3600)
        }
        #expect(reports.dropLast().allSatisfy { $0.retrying == 1 })
        let last = try #require(reports.last)
        #expect(last.failed == 1 && last.retrying == 0)
        let row = try Self.message(f)
        #expect(row.status == "failed" && row.attempts == 8 && row.nextAttemptAt == nil)
        #expect(try f.db.outbox(status: "failed", as: f.boss).count == 1)
        #expect(try f.db.outboxCounts() == ["failed": 1])
    }

    @Test("a sendmail that cannot be started is a retry, not a crash")
    func missingSendmail() throws {
        let f = try Self.fixture()
        let report = try f.db.deliverOutbox(via: .sendmail(["/nonexistent/sendmail"]), as: f.boss)
        #expect(report.retrying == 1)
        #expect(try Self.message(f).lastError?.hasPrefix("Cannot run /nonexistent/sendmail") == true)
    }

    @Test("transport specs", arguments: [
        ("maildir:/var/mail/pmops", MailTransportSpec.maildir("/var/mail/pmops")),
        ("sendmail:/usr/sbin/sendmail -t -i", .sendmail(["/usr/sbin/sendmail", "-t", "-i"])),
    ])
    func specs(text: String, spec: MailTransportSpec) throws {
        #expect(try MailTransportSpec.parse(text).get() == spec)
        #expect(spec.description == text)
    }

    @Test("the transport comes from --mail, $PMOPS_MAIL, the setting, then a maildir beside the store")
    func transportChoice() throws {
        let dir = try TemporaryDirectory("pmops-store")
        let db = try AppDatabase(path: dir.file("s.sqlite"))
        let none: [String: String] = [:]
        #expect(try db.resolveMailTransport(commandLine: nil, environment: none) == ResolvedMailTransport(.maildir(dir.path + "/maildir"), origin: .besideStore))
        _ = try db.initialize(login: "boss", displayName: "Boss", email: "boss@example.com")
        try db.setSetting(.mailTransport, to: "maildir:/var/mail/pmops", as: ActorContext(osLogin: "boss"))
        #expect(try db.resolveMailTransport(commandLine: nil, environment: none) == ResolvedMailTransport(.maildir("/var/mail/pmops"), origin: .setting))
        #expect(try db.resolveMailTransport(commandLine: nil, environment: ["PMOPS_MAIL": "sendmail:/usr/sbin/sendmail -t"])
            == ResolvedMailTransport(.sendmail(["/usr/sbin/sendmail", "-t"]), origin: .environment))
        #expect(try db.resolveMailTransport(commandLine: "maildir:/x", environment: ["PMOPS_MAIL": "maildir:/y"])
            == ResolvedMailTransport(.maildir("/x"), origin: .commandLine))
    }
}
