import Foundation

/// One `label op "value"` condition of a selector, with Prometheus semantics: a missing label
/// reads as the empty string, and regexes are anchored at both ends, so `pool=~"warm"`
/// matches only "warm", never "warmup".
public struct LabelMatcher: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case matches = "=~"
        case notMatches = "!~"
    }

    public let label: String
    public let op: Operator
    public let value: String
    /// Compiled once at parse time: an invalid pattern is a parse error, never a runtime one.
    private let regex: NSRegularExpression?

    /// Nil when `op` is a regex operator and `value` is not a valid pattern.
    public init?(label: String, op: Operator, value: String) {
        self.label = label
        self.op = op
        self.value = value
        switch op {
        case .equal, .notEqual:
            regex = nil
        case .matches, .notMatches:
            guard let compiled = try? NSRegularExpression(pattern: "^(?:" + value + ")$") else { return nil }
            regex = compiled
        }
    }

    public func matches(_ labels: [String: String]) -> Bool {
        let actual = labels[label] ?? ""
        switch op {
        case .equal: return actual == value
        case .notEqual: return actual != value
        case .matches: return fullMatch(actual)
        case .notMatches: return !fullMatch(actual)
        }
    }

    private func fullMatch(_ text: String) -> Bool {
        guard let regex else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    public var description: String {
        var quoted = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return "\(label)\(op.rawValue)\"\(quoted)\""
    }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.label == rhs.label && lhs.op == rhs.op && lhs.value == rhs.value
    }
}
