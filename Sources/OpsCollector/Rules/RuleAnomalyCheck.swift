import Foundation

/// The anomaly test: is a reading more than `k` standard deviations from the mean of its
/// own trailing window? Kept apart from the engine so the statistics are tested alone.
enum RuleAnomalyCheck {
    /// True when anomalous, false when not, nil when it cannot tell: a non-finite reading,
    /// no history provider, or fewer than `minPoints` finite points in the window. The
    /// window is `[timestamp - window, timestamp)`: the reading itself never counts towards
    /// its own baseline, even when the history store already holds it.
    static func verdict(_ sample: RuleSample, k: Double, window: TimeInterval, minPoints: Int,
                        history: (any RuleHistoryProvider)?) -> Bool? {
        guard sample.value.isFinite, let history else { return nil }
        let from = sample.timestamp - window
        let values = history.points(name: sample.name, labels: sample.labels, from: from, to: sample.timestamp)
            .filter { $0.timestamp >= from && $0.timestamp < sample.timestamp && $0.value.isFinite }
            .map(\.value)
        guard values.count >= max(2, minPoints) else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        let deviation = abs(sample.value - mean)
        // A flat window has no spread; rounding noise must not count as one. Any real
        // change from a perfectly flat series is infinitely many deviations away.
        let tolerance = 1e-9 * max(1, abs(mean))
        let spread = variance.squareRoot()
        guard spread > tolerance else { return deviation > tolerance }
        return deviation > k * spread
    }
}
