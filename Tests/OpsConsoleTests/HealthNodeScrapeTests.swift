import Foundation
import OpsCollector
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// A real node exporter scrape (node exporter 1.5.0, the fixture the scrape tests use) taken
/// through the parser and the scraper's transform into the store, then the dashboard: what a
/// user sees after `scrape node http://…/metrics`, with CPU and Network read from the rates
/// the scraper stores.
@MainActor
@Suite("Health dashboard over a scraped node exporter")
struct HealthNodeScrapeTests {
    static let fixture = "Tests/OpsCollectorTests/Fixtures/node_exporter-1.5.0.prom"

    /// The fixture `seconds` later: each CPU 60 % idle, 10 % iowait, 30 % user, and eth0
    /// receiving 4,000 and sending 1,000 bytes/s; every other counter stands still.
    static func advanced(_ text: String, by seconds: Double) -> String {
        let cpuShare = ["idle": 0.6, "iowait": 0.1, "user": 0.3]
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { return String(line) }
            let series = line[..<space]
            var added = 0.0
            if series.hasPrefix("node_cpu_seconds_total{") {
                added = cpuShare.first { series.contains("mode=\"\($0.key)\"") }.map { $0.value * seconds } ?? 0
            } else if series == #"node_network_receive_bytes_total{device="eth0"}"# {
                added = 4000 * seconds
            } else if series == #"node_network_transmit_bytes_total{device="eth0"}"# {
                added = 1000 * seconds
            }
            return added == 0 ? String(line) : "\(series) \(value + added)"
        }.joined(separator: "\n")
    }

    /// Two scrapes 15 s apart, the second at the harness clock, stored as the collector does.
    static func scraped(size: Size) throws -> ConsoleHarness {
        let h = try ConsoleHarness(size: size, startPane: "health")
        let text = try RepoFiles.text(fixture)
        var transform = ScrapeTransform(targetLabels: ["job": "node", "instance": "127.0.0.1:9100"])
        let now = h.clock.now()
        for (t, body) in [(now.addingTimeInterval(-15), text), (now, advanced(text, by: 15))] {
            let samples = transform.apply(try ExpositionParser.parse(body, format: .text, now: t))
            _ = try h.store.recordSamples(samples.map { SampleInput(name: $0.name, labels: $0.labels, time: t, value: $0.value) }, now: t)
        }
        _ = h.app.refresh(force: true)
        return h
    }

    @Test("CPU and Network tiles show the scraped rates, not \"no data\"")
    func cpuAndNetworkFromAScrape() throws {
        let h = try Self.scraped(size: Size(width: 120, height: 40))
        #expect(try h.store.metricNames().contains("node_cpu_seconds_per_second"))
        #expect(try !h.store.metricNames().contains("node_cpu_seconds_total"), "the scraper stores rates, not counters")
        let gauges = Dictionary(uniqueKeysWithValues: h.health.snapshot.gauges.map { ($0.id, $0) })
        #expect(abs((gauges["cpu"]?.value ?? -1) - 30) < 0.01, "\(String(describing: gauges["cpu"]?.value))")
        #expect(abs((gauges["network"]?.value ?? -1) - 5) < 0.01, "\(String(describing: gauges["network"]?.value))")
        #expect(gauges["memory"]?.value != nil)
        #expect(gauges["load"]?.value != nil)
        let host = h.text.split(separator: "\n").filter { $0.contains("CPU") || $0.contains("Network") }
        #expect(host.count >= 2)
        #expect(host.allSatisfy { !$0.contains("no data") }, "\(host)")
        #expect(h.text.contains("30.0 %"))
        #expect(h.text.contains("5.00 kB/s"))
    }
}
