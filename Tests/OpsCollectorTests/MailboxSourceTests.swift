import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// The collector's `mailbox` source: its config line, and polls on the collector's timers
/// stepped through a `ManualScheduler`, over a real Maildir on disk.
@Suite("Collector mailbox source")
struct MailboxSourceTests {
    typealias Spec = CollectorConfig.SourceSpec
    let t0 = Date(timeIntervalSince1970: 1_796_634_000)  // 2026-12-07 09:00 UTC, business hours

    @Test("mailbox lines parse to a Maildir path (relative to the config's folder), 30 s and 10 s by default", arguments: [
        ("mailbox desk maildir:/var/mail/desk", Spec(name: "desk", kind: .mailbox(path: "/var/mail/desk"), interval: 30, line: 1), 10.0),
        ("mailbox desk maildir:spool/desk interval=1m timeout=20s",
         Spec(name: "desk", kind: .mailbox(path: "/etc/pmops/spool/desk"), interval: 60, timeout: 20, line: 1), 20),
        ("mailbox fast maildir:/m interval=2s", Spec(name: "fast", kind: .mailbox(path: "/m"), interval: 2, line: 1), 1.6),
    ])
    func parses(line: String, expected: Spec, timeout: TimeInterval) throws {
        let config = try CollectorConfig.parse(line, source: "c.conf", baseDirectory: "/etc/pmops")
        #expect(config.sources == [expected])
        #expect(config.sources.first?.effectiveTimeout == timeout)
        #expect(config.sources.first?.keyword == "mailbox")
    }

    @Test("bad mailbox lines are refused at file:line", arguments: [
        ("mailbox desk", "c.conf:1: expected \"mailbox NAME maildir:PATH\""),
        ("mailbox desk /var/mail/desk", "c.conf:1: a mailbox is read from maildir:PATH, not \"/var/mail/desk\""),
        ("mailbox desk maildir:", "c.conf:1: a mailbox is read from maildir:PATH, not \"maildir:\""),
        ("mailbox desk imap://mail.example", "c.conf:1: a mailbox is read from maildir:PATH, not \"imap://mail.example\""),
        ("mailbox desk maildir:/m keep=new", "c.conf:1: unknown option \"keep\" for mailbox"),
        ("mailbox desk maildir:/m interval=5s timeout=10s",
         "c.conf:1: timeout 10s is longer than the interval 5s; the source would run into its own next turn"),
        ("mailbox d/sk maildir:/m", "c.conf:1: a source name uses letters, digits, '-', '_' and '.', not \"d/sk\""),
        ("# desk\nmailbox desk maildir:/a\nmailbox desk maildir:/b", "c.conf:3: a source named \"desk\" is already defined on line 2"),
    ])
    func refused(text: String, expected: String) {
        do {
            _ = try CollectorConfig.parse(text, source: "c.conf", baseDirectory: "/etc/pmops")
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test("a relative Maildir (no config folder) or a missing store/account is refused when the source is built, at its line")
    func buildErrors() throws {
        let relative = try CollectorConfig.parse("\nmailbox desk maildir:spool/desk", source: "c.conf")
        let f = try StoreFixture()
        #expect(Self.buildError(relative, store: f.db, actor: f.boss)
            == "c.conf:2: A mailbox source needs an absolute Maildir path, not \"spool/desk\".")
        let absolute = try CollectorConfig.parse("mailbox desk maildir:/m", source: "c.conf")
        #expect(Self.buildError(absolute, store: nil, actor: nil)
            == "c.conf:1: A mailbox source writes tickets and needs a store and the collector's account.")
    }

    @Test("each turn on the collector's timer reads new mail: opened, quarantined, appended; cur/ with :2,S; idempotent")
    func pollsOnTimer() throws {
        let (f, box) = try Self.desk()
        try f.add("sam", [.support])
        let scheduler = ManualScheduler(t0)
        let source = try MailboxSource(name: "desk", inbox: MaildirInbox(root: box.path), store: f.db, actor: f.actor("sam"), interval: 30)
        let collector = Collector(sources: [source], store: f.db, scheduler: scheduler)
        try box.write("new/1.first", Self.mail(from: "jo@acme.example", subject: "DKIM fails", id: "<m1@acme.example>"))
        try box.write("new/2.spam", Self.mail(from: "spam@evil.example", subject: "win", id: "<m2@evil.example>"))
        collector.start()
        scheduler.advance(by: 0.01)
        #expect(source.lastBatch?.results.map(\.outcome) == [.opened, .quarantined])
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.file("cur")).sorted() == ["1.first:2,S", "2.spam:2,S"])
        let number = try #require(source.lastBatch?.results.first?.ticket)

        try box.write("new/3.reply", Self.mail(from: "jo@acme.example", subject: "Re: [\(number)] DKIM fails", id: "<m3@acme.example>"))
        try box.write("new/4.again", Self.mail(from: "jo@acme.example", subject: "DKIM fails", id: "<m1@acme.example>"))
        scheduler.advance(by: 29)
        #expect(source.lastBatch?.results.count == 2, "nothing runs before the interval")
        scheduler.advance(by: 1.01)
        #expect(source.lastBatch?.results.map(\.outcome) == [.appended, .duplicate])
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.file("new")).isEmpty)
        #expect(try f.db.ticket(number, as: f.boss).entries.filter { $0.kind == .messageIn }.count == 2)
        #expect(try f.db.latest(name: "pmops_mailbox_messages", labels: ["source": "desk", "outcome": "appended"])?.value == 1)
        scheduler.advance(by: 30)
        #expect(source.lastBatch?.results.isEmpty == true)
        collector.stop()
    }

    @Test("a turn reads at most perTurn messages, oldest first; the rest wait for the next turn")
    func perTurnCap() throws {
        let (f, box) = try Self.desk()
        let source = try MailboxSource(name: "desk", inbox: MaildirInbox(root: box.path), store: f.db, actor: f.boss, perTurn: 2)
        for n in 1...5 { try box.write("new/\(n).m", Self.mail(from: "jo@acme.example", subject: "S\(n)", id: "<c\(n)@acme.example>")) }
        _ = try source.collect(now: t0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.file("new")).sorted() == ["3.m", "4.m", "5.m"])
        _ = try source.collect(now: t0)
        _ = try source.collect(now: t0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.file("new")).isEmpty)
        #expect(source.lastBatch?.results.count == 1)
    }

    @Test("without tickets.manage a turn fails with the sentence and leaves every message in new/")
    func needsPermission() throws {
        let (f, box) = try Self.desk()
        try f.add("ro", [.readonly])
        let source = try MailboxSource(name: "desk", inbox: MaildirInbox(root: box.path), store: f.db, actor: f.actor("ro"))
        try box.write("new/1.first", Self.mail(from: "jo@acme.example", subject: "DKIM fails", id: "<m1@acme.example>"))
        #expect(throws: OpsError.self) { _ = try source.collect(now: t0) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.file("new")) == ["1.first"])
        let missing = try MailboxSource(name: "gone", inbox: MaildirInbox(root: box.file("missing")), store: f.db, actor: f.boss)
        #expect(throws: OpsError.notFound("No Maildir at '\(box.file("missing"))' (it needs new/ and cur/).")) { _ = try missing.collect(now: t0) }
    }

    // MARK: - Helpers

    static func desk() throws -> (StoreFixture, TemporaryDirectory) {
        let f = try StoreFixture()
        f.clock.set(Date(timeIntervalSince1970: 1_796_634_000))
        _ = try f.db.importCustomers([Customer(id: "acme", name: "Acme", plan: .growth, status: .active, successManager: nil,
                                               contacts: [CustomerContact(name: "Jo", email: "jo@acme.example")],
                                               created: Date(timeIntervalSince1970: 1_790_000_000))], as: f.boss)
        let box = try TemporaryDirectory("pmops-mailbox")
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: box.file(sub), withIntermediateDirectories: true) }
        return (f, box)
    }

    static func mail(from: String, subject: String, id: String) -> String {
        "From: \(from)\r\nTo: support@desk.test\r\nSubject: \(subject)\r\nMessage-ID: \(id)\r\n\r\nHello.\r\n"
    }

    static func buildError(_ config: CollectorConfig, store: AppDatabase?, actor: ActorContext?) -> String {
        do {
            _ = try config.makeSources(demoStart: Date(), store: store, actor: actor, source: "c.conf")
            return "no error"
        } catch {
            return error.description
        }
    }
}
