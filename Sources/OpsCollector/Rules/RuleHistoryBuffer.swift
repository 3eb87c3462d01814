import Foundation

/// An in-memory trailing history per series, for tests and for running anomaly rules before
/// (or without) a store. Bounded by `retention` so a long-running collector does not grow.
public struct RuleHistoryBuffer: RuleHistoryProvider, Sendable {
    /// How far back points are kept, measured from each series' newest point.
    public let retention: TimeInterval
    private var series: [String: [RuleHistoryPoint]] = [:]

    public init(retention: TimeInterval) {
        self.retention = max(0, retention)
    }

    /// Appends samples and drops points older than `retention` behind each series' newest.
    /// Points arriving out of order are inserted in place, so the window stays sorted.
    public mutating func record(_ samples: [RuleSample]) {
        for sample in samples {
            let point = RuleHistoryPoint(timestamp: sample.timestamp, value: sample.value)
            RuleHistoryBuffer.insert(point, into: &series[sample.seriesID, default: []], retention: retention)
        }
    }

    /// Mutates the stored array in place (no copy per sample).
    private static func insert(_ point: RuleHistoryPoint, into points: inout [RuleHistoryPoint],
                               retention: TimeInterval) {
        if let last = points.last, last.timestamp > point.timestamp {
            let index = points.firstIndex(where: { $0.timestamp > point.timestamp }) ?? points.endIndex
            points.insert(point, at: index)
        } else {
            points.append(point)
        }
        guard let newest = points.last?.timestamp else { return }
        let cutoff = newest - retention
        if let keep = points.firstIndex(where: { $0.timestamp >= cutoff }), keep > 0 {
            points.removeFirst(keep)
        }
    }

    /// How many points are held in total, for tests and a status line.
    public var pointCount: Int { series.values.reduce(0) { $0 + $1.count } }

    public func points(name: String, labels: [String: String], from: Date, to: Date) -> [RuleHistoryPoint] {
        let key = RuleSample.seriesID(name: name, labels: labels)
        return (series[key] ?? []).filter { $0.timestamp >= from && $0.timestamp < to }
    }
}
