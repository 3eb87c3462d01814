import Foundation

/// Turns one parsed scrape into the series we store, keeping what the dashboard and rules can
/// use and dropping what they cannot:
///
/// | family type | stored as |
/// |---|---|
/// | gauge, unknown/untyped, stateset, info | as is |
/// | counter `x_total` (or `x`) | `x_per_second`: the rate since the previous scrape (`_created` dropped) |
/// | summary | quantile samples as is; `x_sum`/`x_count` → `x_sum_per_second`/`x_count_per_second` |
/// | histogram | `x_p95`: the 95th percentile of the observations made between the two scrapes, plus `x_sum_per_second`/`x_count_per_second` |
/// | gaugehistogram | `x_p95` of the current buckets; `_gsum`/`_gcount` as is |
///
/// A raw counter is not stored: its value only says how long the target has run, and it
/// drops to zero on every restart; the rate is what people graph and alert on. Rates and
/// histogram percentiles need two scrapes, so the first scrape of a target yields gauges only.
/// Every sample gets `job` (the source name) and `instance` (host:port) unless the target
/// already set them, so two targets exporting the same names stay apart.
public struct ScrapeTransform: Sendable {
    /// The quantile estimated for histograms, and the suffix of its series.
    public static let quantile = 0.95
    public static let quantileSuffix = "_p95"

    public let targetLabels: [String: String]
    /// Family-name prefixes to keep; empty keeps everything.
    public let keep: [String]
    private var rates = RateCalculator()
    /// Cumulative bucket counts of the previous scrape by histogram series (labels without
    /// `le`), to estimate percentiles of the observations made since.
    private var previousBuckets: [SeriesKey: [Double: Double]] = [:]

    public init(targetLabels: [String: String] = [:], keep: [String] = []) {
        self.targetLabels = targetLabels
        self.keep = keep
    }

    /// The stored samples of one scrape.
    public mutating func apply(_ result: ExpositionParseResult) -> [MetricSample] {
        var out: [MetricSample] = []
        out.reserveCapacity(result.samples.count)
        var seenHistograms: Set<SeriesKey> = []
        for family in result.families where kept(family.name) {
            let samples = family.sampleIndices.compactMap { result.samples.indices.contains($0) ? labelled(result.samples[$0]) : nil }
            switch family.type {
            case .gauge, .unknown, .stateSet, .info:
                out += samples
            case .counter:
                for sample in samples where !sample.name.hasSuffix("_created") {
                    let base = sample.name.hasSuffix("_total") ? String(sample.name.dropLast(6)) : sample.name
                    rate(sample, as: base + "_per_second", into: &out)
                }
            case .summary:
                for sample in samples {
                    if sample.name == family.name {
                        out.append(sample)
                    } else if sample.name == family.name + "_sum" || sample.name == family.name + "_count" {
                        rate(sample, as: sample.name + "_per_second", into: &out)
                    }
                }
            case .histogram:
                for sample in samples where sample.name == family.name + "_sum" || sample.name == family.name + "_count" {
                    rate(sample, as: sample.name + "_per_second", into: &out)
                }
                out += percentiles(family: family.name, samples: samples, sinceLastScrape: true, seen: &seenHistograms)
            case .gaugeHistogram:
                out += samples.filter { !$0.name.hasSuffix("_bucket") }
                out += percentiles(family: family.name, samples: samples, sinceLastScrape: false, seen: &seenHistograms)
            }
        }
        // A scrape is the target's whole state: series it no longer exports are gone.
        previousBuckets = previousBuckets.filter { seenHistograms.contains($0.key) }
        return out
    }

    /// Forgets counter baselines not refreshed since `cutoff`.
    public mutating func forget(before cutoff: Date) {
        rates.forget(before: cutoff)
    }

    // MARK: - Helpers

    private func kept(_ family: String) -> Bool {
        keep.isEmpty || keep.contains { family.hasPrefix($0) }
    }

    private func labelled(_ sample: MetricSample) -> MetricSample {
        guard targetLabels.contains(where: { sample.labels[$0.key] == nil }) else { return sample }
        let labels = sample.labels.merging(targetLabels) { own, _ in own }
        return MetricSample(name: sample.name, labels: labels, value: sample.value, timestamp: sample.timestamp)
    }

    private mutating func rate(_ sample: MetricSample, as name: String, into out: inout [MetricSample]) {
        guard let perSecond = rates.rate(sample.seriesKey, value: sample.value, at: sample.timestamp) else { return }
        out.append(MetricSample(name: name, labels: sample.labels, value: perSecond, timestamp: sample.timestamp))
    }

    /// `family_p95` per histogram series. With `sinceLastScrape`, from the bucket increases
    /// since the previous scrape (Prometheus' `histogram_quantile(0.95, rate(…))`): the
    /// cumulative buckets would describe everything since the target started, a line that
    /// hardly moves. A bucket that went down means the target restarted, and the current
    /// counts are then the increase, as for counters.
    private mutating func percentiles(family: String, samples: [MetricSample], sinceLastScrape: Bool,
                                      seen: inout Set<SeriesKey>) -> [MetricSample] {
        let bySeries = HistogramQuantile.bucketsBySeries(samples, family: family)
        // The labels (without `le`) and time of each series, for the estimate's sample.
        var series: [SeriesKey: (labels: [String: String], time: Date)] = [:]
        for sample in samples where sample.name == family + "_bucket" {
            var rest = sample.labels
            rest["le"] = nil
            let key = SeriesKey(name: family, labels: rest)
            if series[key] == nil { series[key] = (rest, sample.timestamp) }
        }
        var out: [MetricSample] = []
        for (key, buckets) in bySeries.sorted(by: { $0.key < $1.key }) {
            seen.insert(key)
            var window = buckets
            if sinceLastScrape {
                let current = Dictionary(buckets.map { ($0.upperBound, $0.count) }, uniquingKeysWith: { _, last in last })
                let previous = previousBuckets[key]
                previousBuckets[key] = current
                guard let previous else { continue }
                let reset = buckets.contains { bucket in previous[bucket.upperBound].map { bucket.count < $0 } ?? true }
                if !reset {
                    window = buckets.map { HistogramBucket(upperBound: $0.upperBound, count: $0.count - (previous[$0.upperBound] ?? 0)) }
                }
            }
            guard let estimate = HistogramQuantile.estimate(q: Self.quantile, buckets: window), estimate.isFinite,
                  let found = series[key] else { continue }
            out.append(MetricSample(name: family + Self.quantileSuffix, labels: found.labels, value: estimate, timestamp: found.time))
        }
        return out
    }
}
