import Foundation

/// Turns counters into per-second rates between consecutive observations of each series.
/// Counters only ever grow, so a drop means the process restarted: the new value is then
/// the increase since the restart (Prometheus `rate()` semantics). A clock that went
/// backwards gives no rate and starts over, because a negative or tiny Δt would produce
/// a huge spurious spike on the dashboard and fire rate alerts.
public struct RateCalculator: Sendable {
    private struct Baseline: Sendable {
        var value: Double
        var time: Date
    }

    private var baselines: [SeriesKey: Baseline] = [:]
    /// A gap longer than this restarts the series instead of averaging over it (a laptop
    /// that slept for an hour has no meaningful "rate over the last hour" spike); nil
    /// keeps every gap.
    public let maxGap: TimeInterval?

    public init(maxGap: TimeInterval? = nil) {
        self.maxGap = maxGap
    }

    /// Number of series with a baseline.
    public var trackedSeries: Int { baselines.count }

    /// Records `value` at `time` and returns the rate since the previous observation, or nil
    /// when there is none yet or no honest rate can be given:
    /// - first observation, or the first after a gap over `maxGap`: baseline only;
    /// - `time` not after the previous one: re-baseline at the new point;
    /// - NaN or ±Inf value: ignored, the previous baseline is kept so the next finite value
    ///   still yields a rate across the gap.
    public mutating func rate(_ key: SeriesKey, value: Double, at time: Date) -> Double? {
        guard value.isFinite else { return nil }
        guard let previous = baselines[key] else {
            baselines[key] = Baseline(value: value, time: time)
            return nil
        }
        baselines[key] = Baseline(value: value, time: time)
        let elapsed = time.timeIntervalSince(previous.time)
        guard elapsed > 0 else { return nil }
        if let maxGap, elapsed > maxGap { return nil }
        let increase = value >= previous.value ? value - previous.value : value
        let rate = increase / elapsed
        return rate.isFinite ? rate : nil
    }

    /// Rates for a batch of counter samples, as samples named `name + suffix` with the
    /// same labels and the sample's timestamp. Series without a rate yet are left out.
    public mutating func rates(_ samples: [MetricSample], renamingWith suffix: String = "_per_second") -> [MetricSample] {
        var out: [MetricSample] = []
        out.reserveCapacity(samples.count)
        for sample in samples {
            if let rate = rate(sample.seriesKey, value: sample.value, at: sample.timestamp) {
                out.append(MetricSample(name: sample.name + suffix, labels: sample.labels, value: rate, timestamp: sample.timestamp))
            }
        }
        return out
    }

    /// Forgets series last seen before `cutoff`, so devices and targets that went away do
    /// not keep memory forever (and a device that comes back starts with a fresh baseline).
    public mutating func forget(before cutoff: Date) {
        baselines = baselines.filter { $0.value.time >= cutoff }
    }

    /// Forgets one series.
    public mutating func forget(_ key: SeriesKey) {
        baselines[key] = nil
    }
}
