import Foundation
import OpsCollector
import Testing

@Suite("Counter to rate")
struct RateCalculatorTests {
    let key = SeriesKey(name: "requests_total", labels: ["code": "200"])
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("first value is a baseline; then Δv/Δt")
    func basic() {
        var rates = RateCalculator()
        #expect(rates.rate(key, value: 100, at: t0) == nil)
        #expect(rates.rate(key, value: 150, at: t0 + 10) == 5)
        #expect(rates.rate(key, value: 150, at: t0 + 20) == 0)
        #expect(rates.trackedSeries == 1)
    }

    @Test("a counter reset counts the new value as the increase since the restart")
    func reset() {
        var rates = RateCalculator()
        _ = rates.rate(key, value: 1000, at: t0)
        #expect(rates.rate(key, value: 30, at: t0 + 10) == 3)
        #expect(rates.rate(key, value: 50, at: t0 + 20) == 2)
    }

    @Test("clock going backwards or standing still: no rate, and a new baseline")
    func clockJumps() {
        var rates = RateCalculator()
        _ = rates.rate(key, value: 100, at: t0)
        #expect(rates.rate(key, value: 110, at: t0 - 3600) == nil)
        // Re-baselined at (t0 - 3600, 110): the next rate is measured from there.
        #expect(rates.rate(key, value: 130, at: t0 - 3590) == 2)
        #expect(rates.rate(key, value: 140, at: t0 - 3590) == nil)
        #expect(rates.rate(key, value: 150, at: t0 - 3580) == 1)
    }

    @Test("NaN and infinities give no rate and keep the last good baseline")
    func nonFinite() {
        var rates = RateCalculator()
        #expect(rates.rate(key, value: .nan, at: t0) == nil)
        #expect(rates.trackedSeries == 0)
        _ = rates.rate(key, value: 10, at: t0)
        #expect(rates.rate(key, value: .nan, at: t0 + 5) == nil)
        #expect(rates.rate(key, value: .infinity, at: t0 + 6) == nil)
        #expect(rates.rate(key, value: 30, at: t0 + 10) == 2)
    }

    @Test("a gap longer than maxGap restarts the series instead of averaging over it")
    func maxGap() {
        var rates = RateCalculator(maxGap: 60)
        _ = rates.rate(key, value: 0, at: t0)
        #expect(rates.rate(key, value: 3600, at: t0 + 3600) == nil)
        #expect(rates.rate(key, value: 3660, at: t0 + 3630) == 2)
    }

    @Test("series are independent, batch rates rename, old series are forgotten")
    func batchAndForget() {
        var rates = RateCalculator()
        let first = [MetricSample(name: "rx", labels: ["device": "eth0"], value: 0, timestamp: t0),
                     MetricSample(name: "rx", labels: ["device": "eth1"], value: 100, timestamp: t0)]
        #expect(rates.rates(first).isEmpty)
        let second = [MetricSample(name: "rx", labels: ["device": "eth0"], value: 50, timestamp: t0 + 5),
                      MetricSample(name: "rx", labels: ["device": "eth1"], value: 100, timestamp: t0 + 5)]
        let out = rates.rates(second)
        #expect(out.map(\.seriesKey.rawValue) == [#"rx_per_second{device="eth0"}"#, #"rx_per_second{device="eth1"}"#])
        #expect(out.map(\.value) == [10, 0])
        rates.forget(before: t0 + 5)
        #expect(rates.trackedSeries == 2)
        rates.forget(before: t0 + 6)
        #expect(rates.trackedSeries == 0)
        _ = rates.rate(key, value: 1, at: t0)
        rates.forget(key)
        #expect(rates.rate(key, value: 2, at: t0 + 1) == nil)
    }
}

@Suite("Histogram quantile estimate (Prometheus histogram_quantile)")
struct HistogramQuantileTests {
    // 100 observations: 10 ≤ 0.1, 50 ≤ 0.5, 90 ≤ 1, 100 ≤ +Inf.
    let buckets = [HistogramBucket(upperBound: 0.1, count: 10), HistogramBucket(upperBound: 0.5, count: 50),
                   HistogramBucket(upperBound: 1, count: 90), HistogramBucket(upperBound: .infinity, count: 100)]

    @Test("linear interpolation inside the bucket holding the rank", arguments: [
        (0.05, 0.05), (0.1, 0.1), (0.3, 0.3), (0.5, 0.5), (0.7, 0.75), (0.9, 1.0),
    ])
    func interpolation(q: Double, expected: Double) throws {
        let value = try #require(HistogramQuantile.estimate(q: q, buckets: buckets))
        #expect(abs(value - expected) < 1e-12)
    }

    @Test("a rank in the +Inf bucket returns the highest finite bound")
    func infBucket() {
        #expect(HistogramQuantile.estimate(q: 0.95, buckets: buckets) == 1)
        #expect(HistogramQuantile.estimate(q: 1, buckets: buckets) == 1)
    }

    @Test("order of buckets does not matter; non-monotonic counts are made monotonic")
    func sortingAndMonotonic() {
        #expect(HistogramQuantile.estimate(q: 0.3, buckets: buckets.reversed()) == HistogramQuantile.estimate(q: 0.3, buckets: buckets))
        let racy = [HistogramBucket(upperBound: 1, count: 10), HistogramBucket(upperBound: 2, count: 8),
                    HistogramBucket(upperBound: .infinity, count: 10)]
        // Treated as 10, 10, 10: everything in the first bucket.
        #expect(HistogramQuantile.estimate(q: 0.5, buckets: racy) == 0.5)
    }

    @Test("first bucket: lower edge 0, or the bound itself when it is ≤ 0")
    func firstBucket() {
        let negative = [HistogramBucket(upperBound: -1, count: 5), HistogramBucket(upperBound: .infinity, count: 10)]
        #expect(HistogramQuantile.estimate(q: 0.2, buckets: negative) == -1)
        let empty = [HistogramBucket(upperBound: 1, count: 0), HistogramBucket(upperBound: 2, count: 4),
                     HistogramBucket(upperBound: .infinity, count: 4)]
        // q = 0 lands at the lower edge of the first bucket that holds anything.
        #expect(HistogramQuantile.estimate(q: 0, buckets: empty) == 1)
    }

    @Test("no answer without +Inf, without observations, for q outside 0…1 or NaN")
    func noAnswer() {
        #expect(HistogramQuantile.estimate(q: 0.5, buckets: Array(buckets.dropLast())) == nil)
        #expect(HistogramQuantile.estimate(q: 0.5, buckets: buckets.map { HistogramBucket(upperBound: $0.upperBound, count: 0) }) == nil)
        #expect(HistogramQuantile.estimate(q: 1.5, buckets: buckets) == nil)
        #expect(HistogramQuantile.estimate(q: -0.1, buckets: buckets) == nil)
        #expect(HistogramQuantile.estimate(q: .nan, buckets: buckets) == nil)
        #expect(HistogramQuantile.estimate(q: 0.5, buckets: []) == nil)
        #expect(HistogramQuantile.estimate(q: 0.5, buckets: [HistogramBucket(upperBound: .infinity, count: 3)]) == nil)
        #expect(HistogramQuantile.estimate(q: 0.5, buckets: buckets + [HistogramBucket(upperBound: .nan, count: 1)]) == nil)
    }

    @Test("bucket grouping keys series by their labels without le")
    func grouping() {
        let t = Date(timeIntervalSince1970: 0)
        let samples = [
            MetricSample(name: "lat_bucket", labels: ["le": "1", "path": "/a"], value: 1, timestamp: t),
            MetricSample(name: "lat_bucket", labels: ["le": "+Inf", "path": "/a"], value: 2, timestamp: t),
            MetricSample(name: "lat_bucket", labels: ["le": "+Inf", "path": "/b"], value: 7, timestamp: t),
            MetricSample(name: "lat_bucket", labels: ["le": "x", "path": "/b"], value: 7, timestamp: t),
            MetricSample(name: "lat_count", labels: ["path": "/a"], value: 2, timestamp: t),
        ]
        let grouped = HistogramQuantile.bucketsBySeries(samples, family: "lat")
        #expect(grouped.keys.map(\.rawValue).sorted() == [#"lat{path="/a"}"#, #"lat{path="/b"}"#])
        #expect(grouped[SeriesKey(name: "lat", labels: ["path": "/a"])]?.count == 2)
        #expect(grouped[SeriesKey(name: "lat", labels: ["path": "/b"])]?.count == 1)
    }
}
