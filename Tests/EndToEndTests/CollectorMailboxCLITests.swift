import Foundation
import Testing
import _OpsTestSupport

/// `pmops collect --once` with a `mailbox` line: the path is relative to the config's
/// folder, the turn opens the ticket and moves the file, the next turn finds nothing.
@Suite("Collector mailbox through the CLI")
struct CollectorMailboxCLITests {
    @Test("collect --once reads the Maildir named relative to the config file; a second turn reads nothing")
    func collectOnce() throws {
        let cli = try PmopsCLI()
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: cli.dir.file("conf/desk/\(sub)"), withIntermediateDirectories: true) }
        try cli.dir.write("customers.json", #"[{"id":"acme","name":"Acme","plan":"growth","status":"active","contacts":[{"name":"Jo","email":"jo@acme.example"}]}]"#)
        #expect(try cli.run(["customers", "import", cli.dir.file("customers.json")]).status == 0)
        try cli.dir.write("conf/desk/new/1.help", "From: jo@acme.example\r\nSubject: Help\r\nMessage-ID: <h1@acme.example>\r\n\r\nhi\r\n")
        let config = try cli.dir.write("conf/collector.conf", "mailbox desk maildir:desk interval=5s\n")
        let first = try cli.run(["collect", "--once", "--config", config])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("desk    up"), "\(first.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.dir.file("conf/desk/cur")) == ["1.help:2,S"])
        let tickets = try #require(try cli.json(["tickets", "list", "--json"]) as? [[String: Any]])
        #expect(tickets.map { $0["title"] as? String } == ["Help"])
        let second = try cli.run(["collect", "--once", "--config", config])
        #expect(second.status == 0, "\(second)")
        let after = try #require(try cli.json(["tickets", "list", "--json"]) as? [[String: Any]])
        #expect(after.count == 1)

        let bad = try cli.dir.write("conf/bad.conf", "\nmailbox desk desk\n")
        let refused = try cli.run(["collect", "--once", "--config", bad])
        #expect(refused.status == 2)
        #expect(refused.stderr == "pmops: \(bad):2: a mailbox is read from maildir:PATH, not \"desk\"\n")
    }
}
