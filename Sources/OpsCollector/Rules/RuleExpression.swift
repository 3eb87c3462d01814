import Foundation

/// The left side of an `expr` that is more than a selector: `rate(m[1m])`, `increase(m[5m])`
/// and `sum|avg|max|min by (labels) (…)`, as PromQL spells them. One selector per
/// expression, so the engine still knows which series a rule watches.
public indirect enum RuleExpression: Sendable, Equatable, CustomStringConvertible {
    public enum Function: String, Sendable, CaseIterable {
        /// Per-second increase over the range.
        case rate
        /// Increase over the range (the rate times the range, as Prometheus extrapolates).
        case increase
    }

    public enum Aggregation: String, Sendable, CaseIterable {
        case sum, avg, max, min

        func apply(_ values: [Double]) -> Double {
            switch self {
            case .sum: values.reduce(0, +)
            case .avg: values.reduce(0, +) / Double(Swift.max(1, values.count))
            case .max: values.max() ?? .nan
            case .min: values.min() ?? .nan
            }
        }
    }

    case selector(MetricSelector)
    case range(Function, MetricSelector, TimeInterval)
    case aggregate(Aggregation, by: [String], RuleExpression)

    /// The one selector inside.
    public var selector: MetricSelector {
        switch self {
        case let .selector(selector), let .range(_, selector, _): selector
        case let .aggregate(_, _, inner): inner.selector
        }
    }

    /// The longest range inside, so the engine keeps that much of each series.
    public var longestRange: TimeInterval {
        switch self {
        case .selector: 0
        case let .range(_, _, range): range
        case let .aggregate(_, _, inner): inner.longestRange
        }
    }

    public var description: String {
        switch self {
        case let .selector(selector): selector.description
        case let .range(function, selector, range): "\(function.rawValue)(\(selector)[\(RuleNumberText.duration(range))])"
        case let .aggregate(op, by, inner): "\(op.rawValue) by (\(by.joined(separator: ", "))) (\(inner))"
        }
    }
}
