import Foundation
import OpsStore

/// Turns collector samples into store inputs, keeping each series' store key.
///
/// The store keys a series by canonical label JSON, which costs more to build than the
/// INSERT it feeds; the collector sees the same few hundred series every tick, so each key
/// is built once and found again by the sample's `SeriesKey` (one string hash).
public struct SampleInputAdapter: Sendable {
    /// Beyond this many cached keys the cache starts over, so a target that invents a new
    /// label value every scrape (a request id, a timestamp) cannot grow it without bound.
    public let limit: Int
    private var keys: [SeriesKey: MetricSeriesKey] = [:]

    public init(limit: Int = 100_000) {
        self.limit = max(limit, 1)
    }

    /// Keys currently cached.
    public var cachedKeys: Int { keys.count }

    public mutating func input(_ sample: MetricSample) -> SampleInput {
        SampleInput(series: key(for: sample), time: sample.timestamp, value: sample.value)
    }

    public mutating func inputs(_ samples: [MetricSample]) -> [SampleInput] {
        var out: [SampleInput] = []
        out.reserveCapacity(samples.count)
        for sample in samples { out.append(input(sample)) }
        return out
    }

    private mutating func key(for sample: MetricSample) -> MetricSeriesKey {
        if let known = keys[sample.seriesKey] { return known }
        if keys.count >= limit { keys.removeAll(keepingCapacity: true) }
        let made = MetricSeriesKey(name: sample.name, labels: sample.labels)
        keys[sample.seriesKey] = made
        return made
    }
}
