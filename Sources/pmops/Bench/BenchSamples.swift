import Foundation

/// Monotonic nanoseconds for timing one call: the vDSO clock costs ~25 ns, small next to
/// what is measured, and is not moved by NTP.
enum BenchClock {
    static func nanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Seconds taken by `body`, with its result.
    static func time<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (seconds: Double, value: T) {
        let start = nanos()
        let value = try body()
        return (Double(nanos() - start) / 1e9, value)
    }
}

/// Measured values of one figure (in the figure's unit) and their order statistics.
/// Percentiles are nearest-rank, so every reported value was actually observed.
struct BenchSamples {
    private(set) var values: [Double]

    init(_ values: [Double] = []) { self.values = values }

    mutating func append(_ value: Double) { values.append(value) }

    var count: Int { values.count }

    /// The nearest-rank `p`-th percentile (0 < p ≤ 100); nil when empty.
    func percentile(_ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    /// The middle value (mean of the two middle ones for an even count).
    var median: Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    var smallest: Double? { values.min() }
    var largest: Double? { values.max() }
}
