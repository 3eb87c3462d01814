import Foundation
import Testing
import _OpsTestSupport

/// Paging leaves the building from the console too: the console's in-process collector
/// delivers a page on its tick to a real webhook receiver on 127.0.0.1 (channel URL from
/// the invoker's environment), and the alert's detail in the console says so.
@Suite("Console e2e: webhook paging")
struct ConsoleWebhookPagingTests {
    @Test("the console's collector POSTs the page to the receiver; the alert detail shows 'webhook ops-bot (HTTP 200)'")
    func consoleDeliversToWebhook() throws {
        let receiver = try WebhookReceiver()
        let (cli, id) = try CLIWebhookPagingTests.pagedStore()
        let config = try cli.dir.write("host-only.conf", "source host interval=1s\n")
        #expect(try receiver.bodies().isEmpty, "nothing is delivered before a collector runs")

        let console = try ConsoleSession(cli: cli, arguments: ["console"], width: 200, height: 50, environment: [
            "PMOPS_WEBHOOK_OPS_BOT": "http://127.0.0.1:\(receiver.port)/hook format=slack",
            "PMOPS_COLLECTOR_CONFIG": config,
        ])
        defer { console.close() }
        let tmux = console.tmux
        try tmux.waitFor("1 Health", "2 Alerts", timeout: 30)
        #expect(pollUntil(timeout: 45) { ((try? receiver.bodies()) ?? []).isEmpty == false },
                "the receiver got nothing; statuses \(receiver.statuses())")
        let text = try #require(try receiver.bodies().first?["text"] as? String)
        #expect(text.contains("QueueBacklog"), "\(text)")

        // The history is written after the POST: wait for it through the CLI, then open
        // the alert's detail in the console.
        #expect(pollUntil(timeout: 20) {
            ((try? CollectorDeliveryTests.history(cli, id)) ?? []).contains { $0["note"] as? String == "webhook ops-bot (HTTP 200)" }
        }, "no delivered line in alert \(id)'s history")
        try tmux.press("2")
        try tmux.waitFor("SUMMARY", "queue backed up on mx1", timeout: 15)
        try tmux.press("Enter")
        let detail = try tmux.waitFor("History (", "delivered by root: webhook ops-bot (HTTP 200)", timeout: 15)
        #expect(detail.contains("by email, webhook ops-bot"), "the paged line names both channels: \(detail)")
        #expect(!console.hasExited)
    }
}
