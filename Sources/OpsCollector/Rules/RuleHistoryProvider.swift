import Foundation

/// One past value of a series, as anomaly rules read it.
public struct RuleHistoryPoint: Sendable, Equatable {
    public let timestamp: Date
    public let value: Double

    public init(timestamp: Date, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }
}

/// Where anomaly rules find a series' trailing window. A protocol so the engine stays free of
/// storage: the integrator answers from the store, tests and small setups from
/// `RuleHistoryBuffer`.
public protocol RuleHistoryProvider {
    /// Points of the series `name{labels}` with `from <= timestamp < to`, in any order.
    /// Returning a little more is harmless: the engine filters the window again.
    func points(name: String, labels: [String: String], from: Date, to: Date) -> [RuleHistoryPoint]
}
