import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Webhook pages against a real HTTP receiver on 127.0.0.1 (Scripts/webhook-receiver.py):
/// the page is an outbox item, POSTed as JSON by the courier's client, retried with the
/// outbox's backoff (driven by the store's clock, not by sleeping), and written into the
/// alert's history.
@Suite("Webhook paging channel")
struct WebhookPagingTests {
    /// A store whose mta team pages alice by email and `channel` by webhook at level 1, and
    /// one firing alert that paged them.
    static func paged(channel: String) throws -> (StoreFixture, AlertRecord) {
        let f = try StoreFixture()
        try f.add("alice", [.ops])
        try f.db.loadAlertRouting("route mta service=\"mta\"\nescalate mta 1 alice,webhook:\(channel) 10m\n", file: "r.conf", as: f.boss)
        let alert = try f.db.upsertAlert(AlertSignal(fingerprint: "q1", rule: "QueueBacklog",
                                                     labels: ["alertname": "QueueBacklog", "service": "mta", "instance": "mx1"],
                                                     severity: .critical, status: .firing, summary: "queue backed up", at: f.clock.now())).alert
        return (f, alert)
    }

    static func notes(_ f: StoreFixture, _ id: Int64, kind: String) throws -> [String] {
        try f.db.alertDetail(id: id, as: f.boss).history.filter { $0.kind == kind }.compactMap(\.note)
    }

    static func channel(_ name: String, _ receiver: WebhookReceiver, _ format: String) throws -> [String: WebhookChannel] {
        [name: try WebhookChannel.parse(name: name, value: "http://127.0.0.1:\(receiver.port)/hook format=\(format)", field: "test")]
    }

    @Test("a page to a webhook is one JSON POST with the generic body, and the history says HTTP 200")
    func genericBody() throws {
        let receiver = try WebhookReceiver()
        let (f, alert) = try Self.paged(channel: "ops-bot")
        #expect(try Self.notes(f, alert.id, kind: "paged") == ["level 1: alice (alice@example.com) by email, webhook ops-bot; delivery follows"])
        let queued = try f.db.outbox(as: f.boss).filter { $0.kind == "webhook" }
        #expect(queued.map(\.to) == ["webhook:ops-bot"])
        #expect(queued.allSatisfy { !$0.body.contains("127.0.0.1") }, "the store never holds the URL")

        let poster = HTTPWebhookPoster(channels: try Self.channel("ops-bot", receiver, "json"), timeout: 5)
        let maildir = try TemporaryDirectory("pmops-webhook-mail")
        let report = try f.db.deliverOutbox(via: ResolvedMailTransport(.maildir(maildir.path), origin: .commandLine), webhooks: poster, as: f.boss)
        #expect(report.sent == 3, "alice's page, the webhook, and alice's welcome mail: \(report)")
        let bodies = try receiver.bodies()
        try #require(bodies.count == 1)
        let body = bodies[0]
        #expect(body["alert_id"] as? Int == Int(alert.id))
        #expect(body["name"] as? String == "QueueBacklog")
        #expect(body["severity"] as? String == "critical")
        #expect(body["summary"] as? String == "queue backed up")
        #expect(body["paged_level"] as? Int == 1)
        #expect(body["recipient"] as? String == "webhook:ops-bot")
        #expect((body["labels"] as? [String: String])?["instance"] == "mx1")
        #expect(body["annotations"] is [String: Any] && body["status"] is String)
        #expect(try receiver.contentTypes() == ["application/json"])
        #expect(try Self.notes(f, alert.id, kind: "delivered").contains("webhook ops-bot (HTTP 200)"))
    }

    @Test("a receiver answering 500 twice is retried with the outbox's backoff; the third try delivers a Slack body")
    func retriesThenSlack() throws {
        let receiver = try WebhookReceiver(failFirst: 2)
        let (f, alert) = try Self.paged(channel: "oncall-slack")
        let poster = HTTPWebhookPoster(channels: try Self.channel("oncall-slack", receiver, "slack"), timeout: 5)
        let mail = ResolvedMailTransport(.maildir(try TemporaryDirectory("pmops-webhook-mail").path), origin: .commandLine)
        func deliver() throws -> DeliveryReport { try f.db.deliverOutbox(via: mail, webhooks: poster, mail: false, as: f.boss) }

        #expect(try deliver().retrying == 1)
        #expect(try deliver().retrying == 0, "not due again before the backoff's minute")
        f.clock.advance(by: 61)
        #expect(try deliver().retrying == 1)
        f.clock.advance(by: 121)
        #expect(try deliver().sent == 1)
        #expect(receiver.statuses() == ["500", "500", "200"])
        let retries = try Self.notes(f, alert.id, kind: "delivery_retry")
        #expect(retries.count == 2)
        #expect(retries.first?.hasPrefix("webhook oncall-slack failed (attempt 1 of 8; next try in 1m): HTTP 500") == true, "\(retries)")
        #expect(try Self.notes(f, alert.id, kind: "delivered") == ["webhook oncall-slack (HTTP 200)"])
        let text = try #require(try receiver.bodies().first?["text"] as? String)
        #expect(text.hasPrefix("[CRITICAL] alert \(alert.id) QueueBacklog: queue backed up"), "\(text)")
        #expect(try f.db.outbox(status: "queued", as: f.boss).allSatisfy { $0.kind != "webhook" }, "mail: false left the emails queued")
    }

    @Test("nothing listening: a connection failure is a retry, not a crash")
    func connectionRefused() throws {
        let (f, alert) = try Self.paged(channel: "ops-bot")
        let dead = [ "ops-bot": try WebhookChannel.parse(name: "ops-bot", value: "http://127.0.0.1:9/hook", field: "test")]
        let mail = ResolvedMailTransport(.maildir(try TemporaryDirectory("pmops-webhook-mail").path), origin: .commandLine)
        let report = try f.db.deliverOutbox(via: mail, webhooks: HTTPWebhookPoster(channels: dead, timeout: 3), mail: false, as: f.boss)
        #expect(report.retrying == 1)
        #expect(try Self.notes(f, alert.id, kind: "delivery_retry").first?.hasPrefix("webhook ops-bot failed (attempt 1 of 8") == true)
    }

    @Test("channel configuration: only http and https URLs, clear sentences, a file with the env overriding")
    func configuration() throws {
        let ftp = opsError { () throws(OpsError) in try WebhookChannel.parse(name: "x", value: "ftp://example.com/hook", field: "$PMOPS_WEBHOOK_X") }
        #expect(ftp?.description == "Invalid $PMOPS_WEBHOOK_X: webhook x needs an http:// or https:// URL with a host; 'ftp://example.com/hook' is not one.")
        #expect(ftp?.exitCode == 2)
        let format = opsError { () throws(OpsError) in try WebhookChannel.parse(name: "x", value: "https://h/ format=xml", field: "f") }
        #expect(format?.description.contains("format=json or format=slack") == true)
        let dir = try TemporaryDirectory("pmops-webhook-conf")
        let file = dir.file("webhooks")
        try "# channels\noncall-slack https://hooks.slack.com/services/T/B/X format=slack\nops-bot http://127.0.0.1:9099/hook\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let channels = try WebhookChannelResolver.resolve(environment: ["PMOPS_WEBHOOK_OPS_BOT": "https://bot.example/h format=slack"], file: file)
        #expect(channels["oncall-slack"]?.format == .slack)
        #expect(channels["ops-bot"]?.url.absoluteString == "https://bot.example/h")
        try "bad file:///etc/passwd\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        #expect(opsError { () throws(OpsError) in try WebhookChannelResolver.resolve(environment: [:], file: file) }?.description.contains("\(file):1") == true)
        chmod(file, 0o622)
        #expect(opsError { () throws(OpsError) in try WebhookChannelResolver.resolve(environment: [:], file: file) }?.exitCode == 4)
    }

    @Test("routing check flags a webhook channel nobody configured")
    func unknownChannel() throws {
        let (f, _) = try Self.paged(channel: "ops-bot")
        let text = "route mta *\nescalate mta 1 alice,webhook:nowhere 10m\n"
        let (_, problems) = try f.db.checkAlertRouting(text, file: "r.conf", channels: ["ops-bot"])
        #expect(problems.map(\.field) == ["r.conf:2"])
        #expect(problems.first?.message.contains("webhook nowhere (team mta level 1) is not configured") == true)
        #expect(try f.db.checkAlertRouting(text, file: "r.conf", channels: ["nowhere"]).problems.isEmpty)
        let bad = opsError { () throws(OpsError) in try AlertRouting.parse("escalate mta 1 webhook:Bad! 10m\n", file: "r") }
        #expect(bad?.exitCode == 2)
    }
}
