import Foundation
import Testing
import _OpsTestSupport

/// Pages leave the building: the running collector delivers due outbox mail on its tick
/// through the transport its invoker configured, and the alert's history says whom it paged
/// and whether the delivery worked.
@Suite("Collector delivers pages on its tick")
struct CollectorDeliveryTests {
    /// A store with routing paging alice and the operator, and one firing alert paged.
    static func pagedStore() throws -> (PmopsCLI, Int) {
        let cli = try CLIAlertsTests.setUp()
        let ingest = try cli.run(["alerts", "ingest", "-"], stdin: CLIAlertsTests.webhook(["mx1"]))
        try #require(ingest.status == 0, "\(ingest)")
        let list = try #require(try cli.json(["alerts", "list", "--json"]) as? [String: Any])
        let id = try #require((list["alerts"] as? [[String: Any]])?.first?["id"] as? Int)
        return (cli, id)
    }

    static func history(_ cli: PmopsCLI, _ id: Int) throws -> [[String: Any]] {
        let show = try #require(try cli.json(["alerts", "show", String(id), "--json"]) as? [String: Any])
        return try #require(show["history"] as? [[String: Any]])
    }

    @Test("collect --once --mail maildir:DIR delivers the page and writes it into the alert's history")
    func deliversToMaildir() throws {
        let (cli, id) = try Self.pagedStore()
        let config = try cli.dir.write("collector.conf", "source demo interval=1s\n")
        let maildir = cli.dir.file("pages")
        let result = try cli.run(["collect", "--once", "--config", config, "--mail", "maildir:\(maildir)"])
        #expect(result.status == 0, "\(result)")
        #expect(FileFacts.files(in: maildir + "/new").count == 4, "a page each for alice and the operator, and two welcome mails")
        let delivered = try Self.history(cli, id).filter { $0["kind"] as? String == "delivered" }.compactMap { $0["note"] as? String }
        #expect(delivered.sorted() == ["email to alice@example.com via maildir", "email to \(PmopsCLI.osLogin)@localhost.localdomain via maildir"],
                "\(delivered)")
        let paged = try Self.history(cli, id).first { $0["kind"] as? String == "paged" }
        #expect((paged?["note"] as? String)?.contains("alice (alice@example.com)") == true, "\(String(describing: paged))")
        let queued = try #require(try cli.json(["outbox", "list", "--status", "queued", "--json"]) as? [[String: Any]])
        #expect(queued.isEmpty)
    }

    @Test("without a configured transport the page waits for 'outbox deliver', and the log says so")
    func waitsWithoutTransport() throws {
        let (cli, _) = try Self.pagedStore()
        let config = try cli.dir.write("collector.conf", "source demo interval=1s\n")
        let result = try cli.run(["collect", "--once", "--config", config])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("no mail transport configured: pages wait for 'pmops outbox deliver'"), "\(result.stderr)")
        let queued = try #require(try cli.json(["outbox", "list", "--status", "queued", "--json"]) as? [[String: Any]])
        #expect(queued.count == 4, "two pages and two welcome mails")
    }

    @Test("$PMOPS_MAIL is a configured transport too")
    func environmentTransport() throws {
        let (cli, _) = try Self.pagedStore()
        let config = try cli.dir.write("collector.conf", "source demo interval=1s\n")
        let maildir = cli.dir.file("env-pages")
        let result = try cli.run(["collect", "--once", "--config", config], env: ["PMOPS_MAIL": "maildir:\(maildir)"])
        #expect(result.status == 0, "\(result)")
        #expect(FileFacts.files(in: maildir + "/new").count == 4)
    }
}
