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

    /// The largest rules file read: the shipped file is ~10 KB, and the cap bounds what one
    /// `rules check` or reload may cost (every rule is evaluated on every tick).
    public static let maxBytes = 1_048_576

    /// Parses rules text. `source` names the text in diagnostics (usually the path).
    public static func parse(text: String, source: String) -> RuleParseResult {
        let size = text.utf8.count
        guard size <= maxBytes else {
            let message = "the file is \(size) bytes, over the \(maxBytes)-byte limit for a rules file"
            return RuleParseResult(ruleSet: nil, errors: [RuleDiagnostic(level: .error, source: source, line: 0, message: message)], warnings: [])
        }
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
