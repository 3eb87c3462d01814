import Foundation

/// A comparison against a fixed number, with optional hysteresis. `clear` exists because
/// deliverability metrics hover around their limits: without it a bounce rate wobbling
/// between 4.9 and 5.1 % pages someone every minute.
public struct RuleThreshold: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="
        case equal = "=="
        case notEqual = "!="

        public func holds(_ value: Double, _ threshold: Double) -> Bool {
            switch self {
            case .greater: value > threshold
            case .greaterOrEqual: value >= threshold
            case .less: value < threshold
            case .lessOrEqual: value <= threshold
            case .equal: value == threshold
            case .notEqual: value != threshold
            }
        }

        /// True for `>`/`>=`, false for `<`/`<=`, nil where hysteresis has no direction.
        var firesUpward: Bool? {
            switch self {
            case .greater, .greaterOrEqual: true
            case .less, .lessOrEqual: false
            case .equal, .notEqual: nil
            }
        }
    }

    public let comparison: Comparison
    public let value: Double
    /// Where a firing alert resolves: strictly below it for `>`/`>=`, strictly above it for
    /// `<`/`<=`. Nil means the alert resolves as soon as the comparison fails.
    public let clear: Double?

    public init(comparison: Comparison, value: Double, clear: Double? = nil) {
        self.comparison = comparison
        self.value = value
        self.clear = clear
    }

    /// Whether the alert condition holds. Non-finite values give nil ("no reading"): NaN
    /// compares false with everything, and +Inf from a division by zero is a broken source,
    /// not a bounce rate, so neither may page anyone.
    public func isActive(_ reading: Double, firing: Bool) -> Bool? {
        guard reading.isFinite else { return nil }
        guard firing, let clear, let upward = comparison.firesUpward else {
            return comparison.holds(reading, value)
        }
        return upward ? reading >= clear : reading <= clear
    }

    /// Why this threshold cannot work as written, or nil. Used by the parser.
    var impossibility: String? {
        guard let clear else { return nil }
        guard let upward = comparison.firesUpward else {
            return "clear needs an ordering comparison (> >= < <=), not '\(comparison.rawValue)'"
        }
        if upward && clear > value {
            return "clear \(RuleNumberText.plain(clear)) is above the threshold \(RuleNumberText.plain(value)): "
                + "a '\(comparison.rawValue)' alert must clear at or below its threshold"
        }
        if !upward && clear < value {
            return "clear \(RuleNumberText.plain(clear)) is below the threshold \(RuleNumberText.plain(value)): "
                + "a '\(comparison.rawValue)' alert must clear at or above its threshold"
        }
        return nil
    }

    public var description: String {
        "\(comparison.rawValue) \(RuleNumberText.plain(value))"
    }
}
