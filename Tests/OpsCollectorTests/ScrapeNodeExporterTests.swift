import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The Debian `prometheus-node-exporter` as a real scrape target on 127.0.0.1, started per
/// test on a free port and always stopped by PID (`LocalPeer`).
final class NodeExporter {
    static let executable = "/usr/bin/prometheus-node-exporter"
    static var isInstalled: Bool { LocalPeer.isInstalled(executable) }

    private let peer: LocalPeer

    init() throws {
        peer = try LocalPeer(Self.executable, readyWithin: 10) { port, _ in
            ["--web.listen-address=127.0.0.1:\(port)", "--no-collector.systemd"]
        }
    }

    var port: UInt16 { peer.port }
    var url: URL { peer.url("/metrics") }

    func stop() { peer.stop() }
}

@Suite("Scraping a real node exporter", .serialized)
struct ScrapeNodeExporterTests {
    @Test("two scrapes a second apart: gauges, then CPU rates that add up to one second per second per CPU")
    func twoScrapes() throws {
        try #require(NodeExporter.isInstalled,
                     "prometheus-node-exporter is missing; Scripts/ensure-deps.sh installs it (apt-get install prometheus-node-exporter)")
        let exporter = try NodeExporter()
        defer { exporter.stop() }
        let source = try ScrapeSource(name: "node", url: exporter.url, interval: 1, timeout: 5)
        let first = try source.collect(now: Date())
        #expect(first.contains { $0.name == "node_load1" && $0.labels == ["job": "node", "instance": "127.0.0.1:\(exporter.port)"] })
        #expect(!first.contains { $0.name.hasSuffix("_per_second") })
        #expect(source.lastProblems.isEmpty)
        Thread.sleep(forTimeInterval: 1.2)
        let second = try source.collect(now: Date())
        let cpu = second.filter { $0.name == "node_cpu_seconds_per_second" }
        #expect(!cpu.isEmpty)
        // Every CPU spends exactly one second per second in some mode; the scrape times we
        // stamp differ a little from the exporter's reading times, hence the tolerance.
        for (name, rates) in Dictionary(grouping: cpu, by: { $0.labels["cpu"] ?? "" }) {
            let total = rates.reduce(0) { $0 + $1.value }
            #expect((0.6...1.4).contains(total), "cpu \(name): \(total) s/s")
        }
        #expect(second.contains { $0.name == "node_network_receive_bytes_per_second" && $0.labels["device"] != nil })
        #expect(second.last?.name == "pmops_scrape_malformed_lines" && second.last?.value == 0)
    }

    @Test("through the collector: series and source status land in the store")
    func collectorIntoStore() throws {
        try #require(NodeExporter.isInstalled,
                     "prometheus-node-exporter is missing; Scripts/ensure-deps.sh installs it (apt-get install prometheus-node-exporter)")
        let exporter = try NodeExporter()
        defer { exporter.stop() }
        let db = try AppDatabase(inMemory: SystemClock())
        // A 5 s timeout: on a loaded CI machine the exporter's first answer took over 0.8 s
        // (the timeout a 1 s interval derives). Both ticks are forced, so the interval does
        // not hold the second one back.
        let config = try CollectorConfig.parse("scrape node \(exporter.url.absoluteString) interval=5s timeout=5s keep=node_cpu,node_load")
        let collector = Collector(sources: try config.makeSources(demoStart: Date()), store: db)
        let first = collector.tickOnce(force: true)
        #expect(first.sources.first?.outcome == .collected, "\(first.sources)")
        Thread.sleep(forTimeInterval: 1.1)
        let second = collector.tickOnce(force: true)
        #expect(second.sources.first?.outcome == .collected)
        let names = try db.metricNames()
        #expect(names.contains("node_cpu_seconds_per_second"))
        #expect(names.contains("node_load1"))
        #expect(!names.contains { $0.hasPrefix("node_memory") })
        #expect(try db.latest(name: "pmops_source_up", labels: ["source": "node"])?.value == 1)
        #expect(try db.sourceStatuses().first?.up == true)
    }

    @Test("a rule over the exporter's counter fires: sum(rate(node_cpu_seconds_total[1m])) is about the CPU count")
    func ruleOverScrapedCounter() throws {
        try #require(NodeExporter.isInstalled,
                     "prometheus-node-exporter is missing; Scripts/ensure-deps.sh installs it (apt-get install prometheus-node-exporter)")
        let exporter = try NodeExporter()
        defer { exporter.stop() }
        let db = try AppDatabase(inMemory: SystemClock())
        let config = try CollectorConfig.parse("scrape node \(exporter.url.absoluteString) interval=1s keep=node_cpu")
        let rules = try RulesFixture.rules("rule cpus_busy\n  expr sum(rate(node_cpu_seconds_total[1m])) > 0.5\n  severity info\n")
        let collector = Collector(sources: try config.makeSources(demoStart: Date()), store: db,
                                  alerting: RuleAlerting(rules: rules, startedAt: Date(), history: nil))
        let first = collector.tickOnce()
        #expect(first.alerts.isEmpty, "one scrape holds no rate yet: \(first.alerts)")
        Thread.sleep(forTimeInterval: 1.1)
        let second = collector.tickOnce()
        let names = try db.metricNames().filter { $0.hasPrefix("node_cpu") }
        let alert = try #require(second.alerts.first { $0.rule == "cpus_busy" }, "no alert: \(second) \(names)")
        let cpus = Double(ProcessInfo.processInfo.activeProcessorCount)
        #expect(abs(alert.value - cpus) < 0.5 * cpus, "all modes' seconds per second add up to the CPU count: \(alert.value)")
    }
}
