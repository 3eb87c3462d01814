import Foundation

/// Evaluating `rate`, `increase` and `sum|avg|max|min by` into the samples a threshold judges.
extension RuleEngine {
    /// The expression's result at `now`: one sample per series (or group), with the series'
    /// own labels (`rate`) or only the `by` labels (aggregations), stamped with the newest
    /// reading it used. Series without two readings in the range have no value, as in PromQL.
    /// `rated`: the candidates are per-second rates already (a scraped counter), not counters.
    func vector(_ expression: RuleExpression, candidates: [RuleSample], rated: Bool = false, now: Date) -> [RuleSample] {
        switch expression {
        case .selector:
            return RuleEngine.latestPerSeries(candidates)
        case let .range(function, selector, range):
            return RuleEngine.latestPerSeries(candidates).compactMap { latest in
                // No upper bound: a source stamps its readings when it took them, which in a
                // tick is after the tick's `now`; the windows hold only readings handed in.
                let points = windows.points(latest.seriesID).filter { $0.timestamp > now - range }
                guard let value = rated ? RuleRangeMath.evaluateRated(function, points: points, range: range)
                    : RuleRangeMath.evaluate(function, points: points, range: range) else { return nil }
                return RuleSample(name: selector.name, labels: latest.labels, value: value, timestamp: latest.timestamp)
            }
        case let .aggregate(op, by, inner):
            let groups = Dictionary(grouping: vector(inner, candidates: candidates, rated: rated, now: now)) { sample in
                RuleSample.seriesID(name: "", labels: sample.labels.filter { by.contains($0.key) })
            }
            return groups.values.compactMap { members in
                guard let first = members.first else { return nil }
                let newest = members.map(\.timestamp).max() ?? first.timestamp
                return RuleSample(name: expression.selector.name, labels: first.labels.filter { by.contains($0.key) },
                                  value: op.apply(members.map(\.value)), timestamp: newest)
            }
        }
    }
}

/// Counter arithmetic over one series' readings in a range, as Prometheus does it: a value
/// lower than the one before is a counter reset, and the new value is what was counted since.
public enum RuleRangeMath {
    /// `rate`: the increase per second between the first and last reading; `increase`: that
    /// rate over the whole range (extrapolated to the window, as Prometheus reports it).
    /// Nil with fewer than two readings or no time between them.
    public static func evaluate(_ function: RuleExpression.Function, points: [RuleHistoryPoint], range: TimeInterval) -> Double? {
        let sorted = points.sorted { $0.timestamp < $1.timestamp }
        guard let first = sorted.first, let last = sorted.last, last.timestamp > first.timestamp else { return nil }
        var increase = 0.0
        for (old, new) in zip(sorted, sorted.dropFirst()) {
            increase += new.value >= old.value ? new.value - old.value : new.value
        }
        let rate = increase / last.timestamp.timeIntervalSince(first.timestamp)
        return function == .rate ? rate : rate * range
    }

    /// The same over a counter stored as per-second rates (each reading the rate since the
    /// scrape before): `rate` is their mean over the range, `increase` that mean times the
    /// range. One reading is enough, since it already spans two scrapes.
    public static func evaluateRated(_ function: RuleExpression.Function, points: [RuleHistoryPoint], range: TimeInterval) -> Double? {
        let values = points.map(\.value).filter(\.isFinite)
        guard !values.isEmpty else { return nil }
        let rate = values.reduce(0, +) / Double(values.count)
        return function == .rate ? rate : rate * range
    }
}

/// The recent readings of each series a range function reads, newest last, bounded by the
/// longest range that asked for them. The collector hands the engine the latest sample per
/// series every tick; a reading is kept once, when it is newer than the last one kept.
public struct RuleRangeWindows: Sendable {
    private var series: [String: [RuleHistoryPoint]] = [:]
    private var keep: [String: TimeInterval] = [:]

    public init() {}

    public mutating func record(_ samples: [RuleSample], keep range: TimeInterval, now: Date) {
        for sample in samples {
            let id = sample.seriesID
            let horizon = max(keep[id] ?? 0, range)
            keep[id] = horizon
            var points = series[id] ?? []
            if points.last.map({ sample.timestamp > $0.timestamp }) ?? true {
                points.append(RuleHistoryPoint(timestamp: sample.timestamp, value: sample.value))
            }
            let cutoff = now - horizon
            if let firstInside = points.firstIndex(where: { $0.timestamp > cutoff }), firstInside > 0 {
                points.removeFirst(firstInside)
            }
            series[id] = points
        }
        for (id, points) in series where (points.last?.timestamp ?? .distantPast) < now - (keep[id] ?? 0) {
            series[id] = nil
            keep[id] = nil
        }
    }

    public func points(_ seriesID: String) -> [RuleHistoryPoint] { series[seriesID] ?? [] }

    /// Readings held, for status output and tests.
    public var pointCount: Int { series.values.reduce(0) { $0 + $1.count } }
}
