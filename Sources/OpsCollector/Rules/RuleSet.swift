import Foundation

/// The rules of one file, in file order (the order alerts are evaluated and reported in).
public struct RuleSet: Sendable, Equatable {
    public let rules: [AlertRule]

    /// Rules built in code. Names should be unique; the parser guarantees it for files.
    public init(rules: [AlertRule]) {
        self.rules = rules
    }

    public subscript(name: String) -> AlertRule? {
        rules.first { $0.name == name }
    }

    /// The longest anomaly window, so the integrator knows how much history to keep.
    public var longestAnomalyWindow: TimeInterval {
        rules.reduce(0) { longest, rule in
            if case let .anomaly(_, _, window, _) = rule.condition { return max(longest, window) }
            return longest
        }
    }

    /// Parses rules text. `source` names the text in diagnostics (usually the path).
    public static func parse(text: String, source: String) -> RuleParseResult {
        var parser = RuleFileParser(source: source)
        return parser.parse(text)
    }

    /// Reads and parses a file: the only I/O of the rules.
    public static func load(path: String) throws(RuleLoadError) -> RuleParseResult {
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a regular file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "it is not UTF-8 text")
        }
        return parse(text: text, source: path)
    }
}
