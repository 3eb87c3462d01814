import Foundation
import OpsCore
import OpsCollector
import OpsStore
import Testing

/// Reads a fixture of `Fixtures/alertmanager`.
enum AlertmanagerSamples {
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("alertmanager/" + name)))
    }

    static func webhook(_ name: String) throws -> AlertmanagerWebhook {
        try AlertmanagerWebhook.parse(try data("webhook-v4/" + name))
    }

    /// `2026-11-27T14:59:57.099311811Z`, the start of every captured alert.
    static let capturedStart = Date(timeIntervalSince1970: 1_795_791_597.099311811)

    /// A webhook document with `alerts` as given (JSON text) and the other fields valid.
    static func payload(alerts: String, extra: String = "") -> Data {
        Data("""
        {"receiver":"r","status":"firing","alerts":[\(alerts)],"groupLabels":{},"commonLabels":{},"commonAnnotations":{},
         "externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}:{}","truncatedAlerts":0\(extra)}
        """.utf8)
    }

    /// One valid alert object as JSON text; each argument is the member's JSON value, nil
    /// leaves the member out.
    static func alert(fingerprint: String? = #""0123456789abcdef""#, labels: String? = #"{"alertname":"A","severity":"critical"}"#,
                      annotations: String? = #"{"summary":"S"}"#, startsAt: String? = #""2026-11-27T14:59:57.099311811Z""#,
                      endsAt: String? = #""0001-01-01T00:00:00Z""#, status: String? = #""firing""#) -> String {
        let members: [(String, String?)] = [("status", status), ("labels", labels), ("annotations", annotations),
                                            ("startsAt", startsAt), ("endsAt", endsAt), ("generatorURL", #""""#),
                                            ("fingerprint", fingerprint)]
        return "{" + members.compactMap { key, value in value.map { "\"\(key)\":\($0)" } }.joined(separator: ",") + "}"
    }
}

/// Runs `body` and returns the payload error it threw, nil when it succeeded.
func payloadError<T>(_ body: () throws(AlertmanagerPayloadError) -> T) -> AlertmanagerPayloadError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite("Alertmanager webhook samples")
struct AlertmanagerWebhookSampleTests {
    @Test("01 firing critical: every field, and the store signal it becomes")
    func firingCritical() throws {
        let hook = try AlertmanagerSamples.webhook("01_firing_critical_pager.json")
        #expect(hook.firing)
        #expect(hook.receiver == "ops-console-pager")
        #expect(hook.groupKey == #"{}/{severity="critical"}:{alertname="SMTPQueueBacklog", service="mta"}"#)
        #expect(hook.groupLabels == ["alertname": "SMTPQueueBacklog", "service": "mta"])
        #expect(hook.externalURL == "http://127.0.0.1:9093")
        #expect(hook.truncatedAlerts == 0)
        let alert = try #require(hook.alerts.first)
        #expect(hook.alerts.count == 1)
        #expect(alert.fingerprint == "894a70d6319a0ee0")
        #expect(alert.endsAt == nil, "Go's zero time means no end yet")
        #expect(abs(alert.startsAt.timeIntervalSince(AlertmanagerSamples.capturedStart)) < 1e-6)
        #expect(alert.generatorURL == "http://127.0.0.1:9090/graph?g0.expr=penguinmails_queue_depth+%3E+5000")
        let signal = try #require(hook.signals.first)
        #expect(signal == AlertSignal(
            fingerprint: "am:894a70d6319a0ee0", rule: "SMTPQueueBacklog", source: "alertmanager",
            labels: ["alertname": "SMTPQueueBacklog", "instance": "mx1:9100", "service": "mta", "severity": "critical"],
            annotations: ["summary": "Outbound queue above 5000 on mx1"], severity: .critical, firing: true,
            summary: "Outbound queue above 5000 on mx1", runbookURL: nil, startsAt: alert.startsAt, endsAt: nil, value: nil))
    }

    @Test("02 firing info: severity info, an empty generatorURL is none")
    func firingInfo() throws {
        let hook = try AlertmanagerSamples.webhook("02_firing_info_default.json")
        let alert = try #require(hook.alerts.first)
        #expect(alert.severity == .info)
        #expect(alert.generatorURL == nil)
        #expect(alert.summary == "Deploy v2.3.1 failed health check")
        #expect(hook.receiver == "ops-console")
    }

    @Test("03 truncated by max_alerts: 1 the alert sent, truncatedAlerts reported")
    func truncated() throws {
        let hook = try AlertmanagerSamples.webhook("03_firing_truncated_max_alerts1.json")
        #expect(hook.alerts.count == 1)
        #expect(hook.truncatedAlerts == 1)
        #expect(hook.signals.map(\.fingerprint) == ["am:54b8e867884ac51e"])
    }

    @Test("04 warning after its inhibition lifted: warning, with the runbook")
    func warningAfterInhibition() throws {
        let hook = try AlertmanagerSamples.webhook("04_firing_warning_after_inhibition_lifted.json")
        let signal = try #require(hook.signals.first)
        #expect(signal.severity == .warning)
        #expect(signal.firing)
        #expect(signal.runbookURL == "https://wiki.example/runbooks/smtp-queue")
        #expect(signal.fingerprint == "am:480a2eef1b746d23")
    }

    @Test("05 resolved: not firing, with its end time; the same fingerprint as 01")
    func resolved() throws {
        let hook = try AlertmanagerSamples.webhook("05_resolved_critical.json")
        #expect(!hook.firing)
        let signal = try #require(hook.signals.first)
        #expect(!signal.firing)
        #expect(signal.endsAt == Date(timeIntervalSince1970: 1_795_791_611))
        #expect(signal.fingerprint == (try AlertmanagerSamples.webhook("01_firing_critical_pager.json")).signals.first?.fingerprint)
    }

    @Test("API v2 alerts: state, silencedBy and inhibitedBy; firing until endsAt")
    func apiAlerts() throws {
        let data = try AlertmanagerSamples.data("api-v2-alerts.json")
        let during = Date(timeIntervalSince1970: 1_795_791_600)  // 15:00:00Z
        let alerts = try AlertmanagerAPIAlerts.parse(data, now: during)
        #expect(alerts.count == 5)
        #expect(alerts.allSatisfy { $0.firing })
        #expect(alerts.map(\.state) == [.suppressed, .active, .active, .active, .suppressed])
        let inhibited = alerts[0]
        #expect(inhibited.inhibitedBy == ["894a70d6319a0ee0"])
        #expect(inhibited.signal(source: "x").annotations == [
            "runbook_url": "https://wiki.example/runbooks/smtp-queue", "summary": "Outbound queue above 1000 on mx1",
            "alertmanager_state": "suppressed", "alertmanager_inhibited_by": "894a70d6319a0ee0",
        ])
        let silenced = alerts[4]
        #expect(silenced.silencedBy == ["a475361d-65af-499e-bf47-74a9f44ef306"])
        #expect(silenced.signal(source: "x").annotations["alertmanager_silenced_by"] == "a475361d-65af-499e-bf47-74a9f44ef306")
        #expect(alerts[1].signal(source: "x").annotations == ["summary": "Disk / on db1 is 97% full"], "an active alert gets no extra annotations")
        #expect(abs((alerts[1].endsAt?.timeIntervalSince1970 ?? 0) - 1_795_791_897.099) < 1e-6)

        let after = Date(timeIntervalSince1970: 1_795_791_897.1)  // just past endsAt 15:04:57.099Z
        #expect(try AlertmanagerAPIAlerts.parse(data, now: after).allSatisfy { !$0.firing })
    }
}

@Suite("Alertmanager mapping rules")
struct AlertmanagerMappingTests {
    @Test("severity from the label, with aliases; unknown or missing is warning", arguments: [
        ("critical", OpsCore.AlertSeverity.critical), ("CRITICAL", .critical), (" page ", .critical), ("P1", .critical), ("emerg", .critical),
        ("warning", .warning), ("warn", .warning), ("error", .warning), ("major", .warning), ("P3", .warning),
        ("info", .info), ("none", .info), ("notice", .info), ("low", .info), ("P5", .info),
        ("bogus", .warning), ("", .warning),
    ])
    func severity(label: String, expected: OpsCore.AlertSeverity) throws {
        let labels = #"{"alertname":"A","severity":"\#(label)"}"#
        let hook = try AlertmanagerWebhook.parse(AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(labels: labels)))
        #expect(hook.alerts.first?.severity == expected)
    }

    @Test("no severity label is warning; no alertname is a named placeholder")
    func missingLabels() throws {
        let hook = try AlertmanagerWebhook.parse(AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(labels: #"{"job":"x"}"#,
                                                                                                              annotations: "{}")))
        let alert = try #require(hook.alerts.first)
        #expect(alert.severity == .warning)
        #expect(alert.rule == "(no alertname)")
        #expect(alert.summary == "(no alertname)")
    }

    @Test("summary: summary, else description, else alertname; blank ones skipped")
    func summary() throws {
        func summary(_ annotations: String) throws -> String? {
            try AlertmanagerWebhook.parse(AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(annotations: annotations)))
                .alerts.first?.summary
        }
        #expect(try summary(#"{"summary":"S","description":"D"}"#) == "S")
        #expect(try summary(#"{"summary":"  ","description":"D"}"#) == "D")
        #expect(try summary(#"{"runbook_url":"http://r"}"#) == "A")
    }

    @Test("times: offsets, fractions up to nanoseconds, Go's zero time")
    func times() throws {
        func start(_ text: String) throws -> Date? {
            try AlertmanagerWebhook.parse(AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(startsAt: "\"\(text)\"")))
                .alerts.first?.startsAt
        }
        let reference = Date(timeIntervalSince1970: 1_795_791_597)
        #expect(try start("2026-11-27T14:59:57Z") == reference)
        #expect(try start("2026-11-27T15:59:57+01:00") == reference)
        #expect(try start("2026-11-27T13:29:57-01:30") == reference)
        #expect(try start("2026-11-27t14:59:57z") == reference)
        #expect(try start("2026-11-27T14:59:57.5Z") == reference + 0.5)
        #expect(try start("2024-02-29T00:00:00Z") == Date(timeIntervalSince1970: 1_709_164_800))
        let ends = try AlertmanagerWebhook.parse(AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(
            endsAt: #""2026-11-27T15:00:11.5Z""#, status: #""resolved""#)))
        #expect(ends.alerts.first?.endsAt == Date(timeIntervalSince1970: 1_795_791_611.5))
        #expect(ends.alerts.first?.firing == false)
    }

    @Test("labels and annotations with escape sequences are kept byte for byte")
    func escapeSequences() throws {
        let labels = #"{"alertname":"\u001b[31mRed\u001b[0m","severity":"critical","bidi":"\u202eevil"}"#
        let annotations = #"{"summary":"\u001b]0;pwned\u0007 line\nbreak"}"#
        let hook = try AlertmanagerWebhook.parse(AlertmanagerSamples.payload(alerts: AlertmanagerSamples.alert(labels: labels,
                                                                                                              annotations: annotations)))
        let signal = try #require(hook.signals.first)
        #expect(signal.rule == "\u{1B}[31mRed\u{1B}[0m")
        #expect(signal.labels["bidi"] == "\u{202E}evil")
        #expect(signal.summary == "\u{1B}]0;pwned\u{7} line\nbreak")
    }

    @Test("unknown fields of newer Alertmanagers are ignored")
    func newerFields() throws {
        let hook = try AlertmanagerWebhook.parse(AlertmanagerSamples.payload(
            alerts: AlertmanagerSamples.alert(), extra: #","notification_reason":"repeat","routeLabels":{"a":"b"}"#))
        #expect(hook.alerts.count == 1)
    }
}
