import Foundation
import OpsCollector
import Testing

@Suite("Scrape transform: gauges as is, counters as rates, histograms as p95")
struct ScrapeTransformTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    let target = ["job": "node", "instance": "127.0.0.1:9100"]

    func parse(_ text: String, _ format: ExpositionFormat = .text, at time: Date) throws -> ExpositionParseResult {
        try ExpositionParser.parse(text, format: format, now: time)
    }

    func value(_ samples: [MetricSample], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    @Test("a real node exporter scrape: gauges first, then counter rates; every sample labelled with job and instance")
    func nodeExporter() throws {
        let text = try Fixtures.text("node_exporter-1.5.0.prom")
        var transform = ScrapeTransform(targetLabels: target)
        let first = transform.apply(try parse(text, at: t0))
        #expect(first.allSatisfy { $0.labels["job"] == "node" && $0.labels["instance"] == "127.0.0.1:9100" })
        #expect(!first.contains { $0.name.hasSuffix("_per_second") || $0.name.hasSuffix("_total") })
        #expect(value(first, "node_load1") != nil)
        #expect(value(first, "go_gc_duration_seconds", ["quantile": "0.5"]) != nil)
        let again = transform.apply(try parse(text, at: t0 + 15))
        let cpu = again.filter { $0.name == "node_cpu_seconds_per_second" }
        #expect(!cpu.isEmpty)
        #expect(cpu.allSatisfy { $0.value == 0 && $0.timestamp == t0 + 15 })
        #expect(!again.contains { $0.name.hasSuffix("_total") || $0.name.hasSuffix("_created") })
        #expect(value(again, "go_gc_duration_seconds_count_per_second") == 0)
    }

    @Test("counters become per-second rates; a drop is a restart and counts from zero")
    func counterRates() throws {
        var transform = ScrapeTransform()
        func scrape(_ value: Int, at time: Date) throws -> Double? {
            let text = "# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} \(value)\n"
            return self.value(transform.apply(try parse(text, at: time)), "http_requests_per_second", ["code": "200"])
        }
        #expect(try scrape(100, at: t0) == nil)
        #expect(try scrape(160, at: t0 + 30) == 2)
        #expect(try scrape(10, at: t0 + 40) == 1)
    }

    @Test("OpenMetrics: _created dropped, info and gauges kept, summary quantiles kept and counts rated")
    func openMetrics() throws {
        let text = try Fixtures.text("alltypes.5mfs.om.txt")
        var transform = ScrapeTransform()
        let first = transform.apply(try parse(text, .openMetrics, at: t0))
        #expect(value(first, "go_build_info") == 1)
        #expect(value(first, "rpc_durations_seconds", ["service": "uniform", "quantile": "0.9"]) == 0.00017801230208182325)
        #expect(!first.contains { $0.name.hasSuffix("_created") || $0.name.hasSuffix("_bucket") })
        let bumped = text.replacingOccurrences(of: "rpc_requests_total{service=\"normal\"} 15.0",
                                               with: "rpc_requests_total{service=\"normal\"} 45.0")
        let second = transform.apply(try parse(bumped, .openMetrics, at: t0 + 10))
        #expect(value(second, "rpc_requests_per_second", ["service": "normal"]) == 3)
        #expect(value(second, "rpc_requests_per_second", ["service": "uniform"]) == 0)
        #expect(value(second, "rpc_durations_seconds_count_per_second", ["service": "normal"]) == 0)
    }

    @Test("histograms: p95 of the observations between two scrapes, not since the target started")
    func histogramP95() throws {
        var transform = ScrapeTransform(targetLabels: ["job": "api"])
        func text(_ fast: Int, _ slow: Int, _ all: Int) -> String {
            """
            # TYPE latency_seconds histogram
            latency_seconds_bucket{route="/",le="0.1"} \(fast)
            latency_seconds_bucket{route="/",le="1"} \(slow)
            latency_seconds_bucket{route="/",le="+Inf"} \(all)
            latency_seconds_sum{route="/"} 10
            latency_seconds_count{route="/"} \(all)

            """
        }
        let first = transform.apply(try parse(text(1000, 1000, 1000), at: t0))
        #expect(value(first, "latency_seconds_p95") == nil)
        // 100 new observations, all between 0.1 and 1 s: the p95 is in that bucket
        // (0.1 + 0.9 × 95/100), though 90 % of all observations ever were fast.
        let second = transform.apply(try parse(text(1000, 1100, 1100), at: t0 + 10))
        let p95 = try #require(value(second, "latency_seconds_p95", ["route": "/", "job": "api"]))
        #expect(abs(p95 - 0.955) < 1e-9)
        #expect(value(second, "latency_seconds_count_per_second", ["route": "/"]) == 10)
        // A restart (counts went down) uses the new counts as they are.
        let third = transform.apply(try parse(text(50, 50, 50), at: t0 + 20))
        #expect(abs((value(third, "latency_seconds_p95") ?? 0) - 0.095) < 1e-9)
        // No observations in between: no estimate rather than a made-up one.
        let fourth = transform.apply(try parse(text(50, 50, 50), at: t0 + 30))
        #expect(value(fourth, "latency_seconds_p95") == nil)
    }

    @Test("keep= stores only families with one of the prefixes")
    func keepPrefixes() throws {
        let text = try Fixtures.text("node_exporter-1.5.0.prom")
        var transform = ScrapeTransform(keep: ["node_load", "node_memory_Mem"])
        let samples = transform.apply(try parse(text, at: t0))
        #expect(Set(samples.map(\.name)) == ["node_load1", "node_load5", "node_load15", "node_memory_MemAvailable_bytes",
                                             "node_memory_MemFree_bytes", "node_memory_MemTotal_bytes"])
    }

    @Test("a target's own job or instance label wins over the source's")
    func ownLabelsWin() throws {
        var transform = ScrapeTransform(targetLabels: target)
        let samples = transform.apply(try parse("up{job=\"pushed\"} 1\n", at: t0))
        #expect(samples.first?.labels == ["job": "pushed", "instance": "127.0.0.1:9100"])
    }
}
