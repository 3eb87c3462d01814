import Foundation
import OpsCollector
import Testing

@Suite("Alertmanager parse rate")
struct AlertmanagerParseRateTests {
    /// A webhook at the alert cap: 10,000 alerts shaped like the captured ones (about 4 MB).
    static func largePayload() -> Data {
        var alerts: [String] = []
        alerts.reserveCapacity(10_000)
        for i in 0..<10_000 {
            let fingerprint = String(format: "%016llx", UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            alerts.append("""
            {"status":"firing","labels":{"alertname":"HostDiskFull","instance":"db\(i):9100","service":"storage","severity":"\(["critical", "warning", "info"][i % 3])","mount":"/var/lib/\(i)"},\
            "annotations":{"summary":"Disk / on db\(i) is 97% full","runbook_url":"https://wiki.example/runbooks/disk"},\
            "startsAt":"2026-11-27T14:59:57.099311811Z","endsAt":"0001-01-01T00:00:00Z",\
            "generatorURL":"http://127.0.0.1:9090/graph?g0.expr=disk_used","fingerprint":"\(fingerprint)"}
            """)
        }
        return AlertmanagerSamples.payload(alerts: alerts.joined(separator: ","))
    }

    /// How fast is a figure of `pmops bench alert-ingest` (alerts.parse.cap), not a test:
    /// a time budget asserted here would fail on a loaded machine and prove nothing on a
    /// fast one.
    @Test("a payload at the 10,000-alert cap parses and maps every alert")
    func largePayload() throws {
        let payload = Self.largePayload()
        let hook = try AlertmanagerWebhook.parse(payload)
        let signals = hook.signals
        #expect(signals.count == 10_000)
        #expect(Set(signals.map(\.fingerprint)).count == 10_000)
    }
}
