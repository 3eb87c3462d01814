import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// The API v2 source against a real Alertmanager on loopback and a store in a temp file.
@Suite("Alertmanager API source", .serialized)
struct AlertmanagerSourceTests {
    /// Three alerts as `postableAlerts`, ending at `endsAt` when given (a time in the past
    /// resolves them in Alertmanager).
    static func alerts(startsAt: Date, endsAt: Date? = nil) -> String {
        let ends = endsAt.map { #","endsAt":"\#(AlertmanagerProcess.rfc3339($0))""# } ?? ""
        let start = AlertmanagerProcess.rfc3339(startsAt)
        return """
        [{"labels":{"alertname":"SMTPQueueBacklog","service":"mta","instance":"mx1:9100","severity":"critical"},
          "annotations":{"summary":"Outbound queue above 5000 on mx1","runbook_url":"https://wiki.example/runbooks/smtp-queue"},
          "generatorURL":"http://127.0.0.1:9090/graph","startsAt":"\(start)"\(ends)},
         {"labels":{"alertname":"HostDiskFull","service":"storage","instance":"db2:9100","severity":"page"},
          "annotations":{"description":"Disk / on db2 is 96% full"},"startsAt":"\(start)"\(ends)},
         {"labels":{"alertname":"DeployFailed","service":"api","instance":"api1","severity":"info"},
          "annotations":{},"startsAt":"\(start)"\(ends)}]
        """
    }

    @Test("posted alerts show up through the collector, silenced ones marked; posted again ended, they resolve here")
    func roundTrip() throws {
        try #require(AlertmanagerProcess.isInstalled, Comment(rawValue: AlertmanagerProcess.missing))
        let am = try AlertmanagerProcess()
        defer { am.stop() }
        let dir = try ScratchDirectory("pmops-am-store")
        let db = try AppDatabase(path: dir.path + "/store.sqlite")
        let config = try CollectorConfig.parse("alertmanager am \(am.url.absoluteString) interval=1s timeout=1s\n")
        let collector = try CollectorSetup.make(config: config, store: db).collector
        let source = try #require(collector.runners.first?.source as? AlertmanagerSource)
        #expect(source.storeSource == "alertmanager:127.0.0.1:\(am.port)")

        let start = Date() - 60
        try am.post(alerts: Self.alerts(startsAt: start))
        let silence = try am.silence(matching: "instance", "db2:9100", comment: "disk cleanup")
        let first = collector.tickOnce()
        #expect(first.sources.first?.outcome == .collected, "\(first.sources)")
        #expect(source.lastReport == AlertIngestReport(created: 3))

        let open = try db.openAlerts()
        #expect(open.count == 3)
        #expect(Set(open.map(\.source)) == ["alertmanager:127.0.0.1:\(am.port)"])
        #expect(open.allSatisfy { $0.fingerprint.hasPrefix("am:") && $0.fingerprint.count == 19 && $0.status == .firing })
        let byRule = Dictionary(open.map { ($0.rule, $0) }, uniquingKeysWith: { a, _ in a })
        let smtp = try #require(byRule["SMTPQueueBacklog"])
        #expect(smtp.severity == .critical)
        #expect(smtp.summary == "Outbound queue above 5000 on mx1")
        #expect(smtp.runbookURL == "https://wiki.example/runbooks/smtp-queue")
        #expect(abs(smtp.startsAt.timeIntervalSince(start)) < 0.01)
        let disk = try #require(byRule["HostDiskFull"])
        #expect(disk.severity == .critical, "page is critical")
        #expect(disk.summary == "Disk / on db2 is 96% full")
        #expect(disk.annotations["alertmanager_state"] == "suppressed")
        #expect(disk.annotations["alertmanager_silenced_by"] == silence)
        let deploy = try #require(byRule["DeployFailed"])
        #expect(deploy.severity == .info)
        #expect(deploy.summary == "DeployFailed")
        #expect(deploy.annotations.isEmpty)
        // Alertmanager's own fingerprints, behind the prefix.
        let theirs = try source.poll(now: Date()).map { "am:" + $0.fingerprint }
        #expect(Set(theirs) == Set(open.map(\.fingerprint)))
        #expect(try db.latest(name: "pmops_alertmanager_alerts", labels: ["source": "am", "state": "active"])?.value == 2)
        #expect(try db.latest(name: "pmops_alertmanager_alerts", labels: ["source": "am", "state": "suppressed"])?.value == 1)

        let second = collector.tickOnce(now: Date() + 1.5)
        #expect(second.sources.first?.outcome == .collected)
        #expect(source.lastReport == AlertIngestReport(unchanged: 3))

        try am.post(alerts: Self.alerts(startsAt: start, endsAt: Date() - 1))
        let third = collector.tickOnce(now: Date() + 3)
        #expect(third.sources.first?.outcome == .collected, "\(third.sources)")
        #expect(source.lastReport == AlertIngestReport(resolved: 3))
        #expect(try db.openAlerts().isEmpty)
        #expect(try db.alerts(status: .resolved).count == 3)
        #expect(try db.sourceStatuses().first { $0.source == "am" }?.up == true)
    }

    @Test("a dead Alertmanager is a failed source with its reason, and its alerts stay open")
    func deadPeer() throws {
        try #require(AlertmanagerProcess.isInstalled, Comment(rawValue: AlertmanagerProcess.missing))
        let am = try AlertmanagerProcess()
        defer { am.stop() }
        let db = try AppDatabase(inMemory: SystemClock())
        let source = try AlertmanagerSource(name: "am", url: am.url, store: db, interval: 1, timeout: 1)
        let collector = Collector(sources: [source], store: db)
        try am.post(alerts: Self.alerts(startsAt: Date() - 10))
        #expect(collector.tickOnce().sources.first?.outcome == .collected)
        #expect(try db.openAlerts().count == 3)

        am.stop()
        let failed = collector.tickOnce(now: Date() + 2)
        let tick = try #require(failed.sources.first)
        #expect(tick.outcome == .failed)
        #expect(tick.error == "Cannot read \(source.alertsURL.absoluteString): connection refused.")
        #expect(try db.openAlerts().count == 3, "an unreachable Alertmanager resolves nothing")
        let status = try #require(try db.sourceStatuses().first { $0.source == "am" })
        #expect(status.up == false)
        #expect(status.lastError == tick.error)
        #expect(status.consecutiveFailures == 1)
    }

    @Test("a malformed or oversized answer fails the poll and writes nothing")
    func badAnswers() throws {
        let db = try AppDatabase(inMemory: SystemClock())
        let body = try String(decoding: AlertmanagerSamples.data("api-v2-alerts.json"), as: UTF8.self)
        let truncated = try CannedHTTPServer(contentType: "application/json", body: String(body.prefix(500)), contentLength: true)
        defer { truncated.stop() }
        let url = try #require(URL(string: "http://127.0.0.1:\(truncated.port)"))
        let source = try AlertmanagerSource(name: "am", url: url, store: db, interval: 1, timeout: 2)
        let refused = try #require(failure { try source.collect(now: Date()) })
        #expect(refused.hasPrefix("The answer of \(source.alertsURL.absoluteString) is malformed: the payload ends at byte 500 inside "))
        #expect(try db.openAlerts().isEmpty)

        let whole = try CannedHTTPServer(contentType: "application/json", body: body, contentLength: false)
        defer { whole.stop() }
        let small = try AlertmanagerSource(url: try #require(URL(string: "http://127.0.0.1:\(whole.port)/")), store: db, interval: 1,
                                           timeout: 2, limits: AlertmanagerLimits(maxBytes: 1000))
        #expect(small.name == "alertmanager")
        #expect(failure { try small.collect(now: Date()) }?.contains("over the 1000-byte limit") == true)
        #expect(try db.openAlerts().isEmpty)

        let roomy = try AlertmanagerSource(url: try #require(URL(string: "http://127.0.0.1:\(whole.port)/")), store: db, interval: 1,
                                           timeout: 2)
        let during = Date(timeIntervalSince1970: 1_795_791_600)
        let samples = try roomy.collect(now: during)
        #expect(samples.map(\.value) == [3, 2, 0])
        #expect(try db.openAlerts().count == 5)
    }

    @Test("config: the alertmanager line, its defaults and its errors")
    func config() throws {
        let config = try CollectorConfig.parse("alertmanager am http://127.0.0.1:9093 interval=10s max-bytes=1MiB\n")
        let spec = try #require(config.sources.first)
        #expect(spec.kind == .alertmanager(url: try #require(URL(string: "http://127.0.0.1:9093")), maxBytes: 1_048_576))
        #expect(spec.keyword == "alertmanager")
        #expect(spec.effectiveTimeout == 5)
        #expect(try CollectorConfig.parse("alertmanager am http://h:9093").sources.first?.interval == 30)
        let noStore = configError { () throws(CollectorConfigError) in try config.makeSources(demoStart: Date()) }
        #expect(noStore == "collector.conf:1: An Alertmanager source writes alerts and needs a store to write them to.")
        let bad = configError { () throws(CollectorConfigError) in try CollectorConfig.parse("alertmanager http://h:9093\nalertmanager am ftp://h\n") }
        #expect(bad == """
        collector.conf:1: expected "alertmanager NAME URL" (the base URL, like http://127.0.0.1:9093)
        collector.conf:2: expected an http:// or https:// URL with a host, not "ftp://h"
        """)
        let db = try AppDatabase(inMemory: SystemClock())
        let withQuery = configError { () throws(CollectorConfigError) in
            try CollectorConfig.parse("alertmanager am http://h:9093/api/v2/alerts?silenced").makeSources(demoStart: Date(), store: db)
        }
        #expect(withQuery == #"collector.conf:1: An Alertmanager source takes the base URL (like http://127.0.0.1:9093), not "http://h:9093/api/v2/alerts?silenced"."#)
    }

    private func failure(_ body: () throws -> some Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func configError(_ body: () throws(CollectorConfigError) -> some Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.description
        }
    }
}
