import Foundation
import OpsCollector
import Testing

@Suite("Exposition parser on real exporter output")
struct ExpositionFixtureTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("node_exporter 1.5.0: every family and sample, no errors")
    func nodeExporter() throws {
        let result = try ExpositionParser.parse(Fixtures.text("node_exporter-1.5.0.prom"), format: .text, now: now)
        #expect(result.errors == [])
        #expect(result.families.count == 285)
        #expect(result.samples.count == 509)
        let byType = Dictionary(grouping: result.families, by: \.type).mapValues(\.count)
        #expect(byType == [.counter: 60, .gauge: 177, .summary: 1, .unknown: 47])
        // Every sample belongs to exactly one family, in order.
        let indices = result.families.flatMap(\.sampleIndices).sorted()
        #expect(indices == Array(0..<509))
        #expect(result.samples.allSatisfy { $0.timestamp == now })
    }

    @Test("node_exporter: node_cpu_seconds_total is a counter with 2 CPUs x 8 modes")
    func nodeCPU() throws {
        let result = try ExpositionParser.parse(Fixtures.text("node_exporter-1.5.0.prom"), format: .text, now: now)
        let family = try #require(result.family(named: "node_cpu_seconds_total"))
        #expect(family.type == .counter)
        #expect(family.help == "Seconds the CPUs spent in each mode.")
        let cpu = result.samples(ofFamily: "node_cpu_seconds_total")
        #expect(cpu.count == 16)
        #expect(Set(cpu.compactMap { $0.labels["cpu"] }) == ["0", "1"])
        #expect(Set(cpu.compactMap { $0.labels["mode"] }).count == 8)
        let idle = try #require(cpu.first { $0.labels == ["cpu": "0", "mode": "idle"] })
        #expect(idle.value == 168.16)
        #expect(idle.seriesKey.rawValue == #"node_cpu_seconds_total{cpu="0",mode="idle"}"#)
    }

    @Test("node_exporter: HELP keeps its text, summaries keep quantiles, exponents parse")
    func nodeDetails() throws {
        let result = try ExpositionParser.parse(Fixtures.text("node_exporter-1.5.0.prom"), format: .text, now: now)
        #expect(result.family(named: "node_disk_info")?.help == "Info of /sys/block/<block_device>.")
        let gc = result.samples(ofFamily: "go_gc_duration_seconds")
        #expect(gc.count == 7)
        #expect(gc.filter { $0.labels["quantile"] != nil }.count == 5)
        #expect(result.samples.first { $0.name == "go_memstats_alloc_bytes" }?.value == 1_764_592)
    }

    @Test("promtool test input: summary, histogram, counter and gauge families")
    func promtool() throws {
        let result = try ExpositionParser.parse(Fixtures.text("promtool-metrics-test.prom"), format: .text, now: now)
        #expect(result.errors == [])
        #expect(result.families.map(\.name) == ["go_gc_duration_seconds", "prometheus_tsdb_compaction_chunk_size_bytes",
                                                "net_conntrack_dialer_conn_attempted_total", "go_info"])
        #expect(result.families.map(\.type) == [.summary, .histogram, .counter, .gauge])
        #expect(result.families.map(\.sampleIndices.count) == [7, 15, 4, 1])
        #expect(result.samples.count == 27)
        let gc = result.samples(ofFamily: "go_gc_duration_seconds")
        #expect(gc.first { $0.labels["quantile"] == "0.5" }?.value == 0.000118953)
        #expect(gc.last?.name == "go_gc_duration_seconds_count")
        #expect(gc.last?.value == 232)
    }

    @Test("promtool histogram: median estimated inside the 243..364.5 bucket")
    func promtoolHistogram() throws {
        let result = try ExpositionParser.parse(Fixtures.text("promtool-metrics-test.prom"), format: .text, now: now)
        let family = "prometheus_tsdb_compaction_chunk_size_bytes"
        let series = HistogramQuantile.bucketsBySeries(result.samples(ofFamily: family), family: family)
        let buckets = try #require(series[SeriesKey(name: family, labels: [:])])
        #expect(buckets.count == 13)
        let median = try #require(HistogramQuantile.estimate(q: 0.5, buckets: buckets))
        #expect(abs(median - (243 + 121.5 * (13867 * 0.5 - 5721) / (10493 - 5721))) < 1e-9)
        // 99th percentile: rank 13728.33 falls in 1230.1875..1845.28125.
        let p99 = try #require(HistogramQuantile.estimate(q: 0.99, buckets: buckets))
        #expect(p99 > 1230.1875 && p99 < 1845.28125)
    }

    @Test("OpenMetrics alltypes: 5 families, _total/_created, exemplars dropped, # EOF")
    func openMetrics() throws {
        let result = try ExpositionParser.parse(Fixtures.text("alltypes.5mfs.om.txt"), format: .openMetrics, now: now)
        #expect(result.errors == [])
        #expect(result.families.map(\.name) == ["go_build_info", "promhttp_metric_handler_errors",
                                                "rpc_durations_histogram_seconds", "rpc_durations_seconds", "rpc_requests"])
        #expect(result.families.map(\.type) == [.gauge, .counter, .histogram, .summary, .counter])
        #expect(result.families.map(\.sampleIndices.count) == [1, 4, 24, 18, 6])
        #expect(result.samples.count == 53)
        // Empty labels are the same as no labels.
        #expect(result.samples[0].seriesKey.rawValue == "go_build_info")
        let errors = result.samples(ofFamily: "promhttp_metric_handler_errors")
        #expect(errors.map(\.name) == ["promhttp_metric_handler_errors_total", "promhttp_metric_handler_errors_created",
                                       "promhttp_metric_handler_errors_total", "promhttp_metric_handler_errors_created"])
        #expect(errors[1].value == 1.726839813016397e+09)
        let requests = result.samples(ofFamily: "rpc_requests").filter { $0.name == "rpc_requests_total" }
        #expect(requests.map(\.value) == [22, 15, 11])
    }

    @Test("OpenMetrics histogram with negative bounds: quantiles from the scrape")
    func openMetricsHistogram() throws {
        let result = try ExpositionParser.parse(Fixtures.text("alltypes.5mfs.om.txt"), format: .openMetrics, now: now)
        let family = "rpc_durations_histogram_seconds"
        let buckets = try #require(HistogramQuantile.bucketsBySeries(result.samples, family: family)[SeriesKey(name: family, labels: [:])])
        #expect(buckets.count == 21)
        // 15 observations; the median (rank 7.5) lies in -8.99e-05..1.0e-05 (counts 5 -> 8).
        let median = try #require(HistogramQuantile.estimate(q: 0.5, buckets: buckets))
        let lower = -8.999999999999979e-05, upper = 1.0000000000000216e-05
        #expect(abs(median - (lower + (upper - lower) * 2.5 / 3)) < 1e-12)
    }
}
