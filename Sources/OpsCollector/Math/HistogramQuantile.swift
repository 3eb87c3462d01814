import Foundation

/// Estimates a quantile from cumulative buckets the way Prometheus' `histogram_quantile`
/// does, so a number on our dashboard matches the one an operator gets from PromQL:
/// find the bucket holding the rank, then interpolate linearly inside it.
public enum HistogramQuantile {
    /// The `q`-quantile (0…1) of the observations in `buckets`, or nil when there is no
    /// answer: q outside 0…1 or NaN, no `+Inf` bucket, no observations, or a NaN bound.
    ///
    /// - Buckets may come in any order; they are sorted by bound.
    /// - Counts that decrease with the bound (a scrape racing an update) are raised to be
    ///   monotonic, as Prometheus does, instead of yielding a nonsense estimate.
    /// - A rank in the `+Inf` bucket returns the highest finite bound: the estimate can
    ///   say "at least this", not more.
    /// - In the first bucket the lower edge is 0, unless the bound is ≤ 0, which is
    ///   then returned as is.
    public static func estimate(q: Double, buckets: [HistogramBucket]) -> Double? {
        guard q >= 0, q <= 1, !buckets.isEmpty, !buckets.contains(where: { $0.upperBound.isNaN || $0.count.isNaN }) else {
            return nil
        }
        var sorted = buckets.sorted { $0.upperBound < $1.upperBound }
        guard let last = sorted.last, last.upperBound == .infinity else { return nil }
        var running = 0.0
        for i in sorted.indices {
            running = max(running, sorted[i].count)
            sorted[i] = HistogramBucket(upperBound: sorted[i].upperBound, count: running)
        }
        let total = running
        guard total > 0, sorted.count >= 2 else { return nil }

        var rank = q * total
        // `count > 0` makes q = 0 land in the first bucket that holds anything.
        guard let b = sorted.firstIndex(where: { $0.count >= rank && $0.count > 0 }) else { return nil }
        if b == sorted.count - 1 { return sorted[sorted.count - 2].upperBound }
        if b == 0, sorted[0].upperBound <= 0 { return sorted[0].upperBound }

        var lower = 0.0
        var count = sorted[b].count
        if b > 0 {
            lower = sorted[b - 1].upperBound
            count -= sorted[b - 1].count
            rank -= sorted[b - 1].count
        }
        let upper = sorted[b].upperBound
        guard count > 0 else { return upper }
        return lower + (upper - lower) * (rank / count)
    }
}
