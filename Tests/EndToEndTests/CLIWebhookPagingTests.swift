import Foundation
import Testing
import _OpsTestSupport

/// The webhook channel through the binary: a routing level names `webhook:NAME`, the
/// channel's URL comes from the invoker's environment, and the running collector POSTs the
/// page to a real receiver on 127.0.0.1.
@Suite("Webhook paging through the CLI")
struct CLIWebhookPagingTests {
    /// A store whose mta team pages alice and `webhook:ops-bot`, with one alert paged.
    static func pagedStore() throws -> (PmopsCLI, Int) {
        let cli = try CLIAlertsTests.setUp()
        let routing = try cli.dir.write("webhook-routing.conf", "route mta service=\"mta\"\nescalate mta 1 alice,webhook:ops-bot 10m\n")
        let loaded = try cli.run(["routing", "load", routing])
        try #require(loaded.status == 0, "\(loaded)")
        let ingest = try cli.run(["alerts", "ingest", "-"], stdin: CLIAlertsTests.webhook(["mx1"]))
        try #require(ingest.status == 0, "\(ingest)")
        let list = try #require(try cli.json(["alerts", "list", "--json"]) as? [String: Any])
        let id = try #require((list["alerts"] as? [[String: Any]])?.first?["id"] as? Int)
        return (cli, id)
    }

    @Test("collect --once with $PMOPS_WEBHOOK_OPS_BOT POSTs the page; history says delivered: webhook ops-bot (HTTP 200)")
    func collectorPosts() throws {
        let receiver = try WebhookReceiver()
        let (cli, id) = try Self.pagedStore()
        let config = try cli.dir.write("collector.conf", "source demo interval=1s\n")
        let env = ["PMOPS_WEBHOOK_OPS_BOT": "http://127.0.0.1:\(receiver.port)/hook format=slack"]
        let result = try cli.run(["collect", "--once", "--config", config], env: env)
        #expect(result.status == 0, "\(result)")
        let text = try #require(try receiver.bodies().first?["text"] as? String)
        #expect(text.contains("QueueBacklog"), "\(text)")
        let history = try CollectorDeliveryTests.history(cli, id)
        let delivered = history.filter { $0["kind"] as? String == "delivered" }.compactMap { $0["note"] as? String }
        #expect(delivered == ["webhook ops-bot (HTTP 200)"], "mail waits (no transport configured): \(delivered)")
        let paged = history.first { $0["kind"] as? String == "paged" }?["note"] as? String
        #expect(paged?.contains("webhook ops-bot") == true, "\(String(describing: paged))")
    }

    @Test("outbox deliver POSTs webhook pages too, and its line names the webhook channels beside the mail transport")
    func outboxDeliverNamesWebhooks() throws {
        let receiver = try WebhookReceiver()
        let (cli, _) = try Self.pagedStore()
        let maildir = cli.dir.file("pages")
        let env = ["PMOPS_WEBHOOK_OPS_BOT": "http://127.0.0.1:\(receiver.port)/hook"]
        let result = try cli.run(["outbox", "deliver", "--mail", "maildir:\(maildir)"], env: env)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Delivered "), "\(result.stdout)")
        #expect(result.stdout.contains("via maildir:\(maildir) (webhook pages to ops-bot);"), "\(result.stdout)")
        #expect(try receiver.bodies().count == 1)
    }

    @Test("routing check names a webhook channel the invoker has not configured (exit 2); a bad URL is refused")
    func checkUnknownChannel() throws {
        let cli = try CLIAlertsTests.setUp()
        let routing = try cli.dir.write("r.conf", "route mta *\nescalate mta 1 alice,webhook:nowhere 10m\n")
        let check = try cli.run(["routing", "check", routing])
        #expect(check.status == 2, "\(check)")
        #expect(check.stderr.contains("webhook nowhere (team mta level 1) is not configured"), "\(check.stderr)")
        let ok = try cli.run(["routing", "check", routing], env: ["PMOPS_WEBHOOK_NOWHERE": "https://example.com/hook"])
        #expect(ok.status == 0, "\(ok)")
        let bad = try cli.run(["routing", "check", routing], env: ["PMOPS_WEBHOOK_NOWHERE": "file:///etc/passwd"])
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.stderr.contains("needs an http:// or https:// URL"), "\(bad.stderr)")
    }
}
