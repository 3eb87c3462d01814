import Foundation
import OpsCore

/// Parsing of each key's value. Every failure is one sentence about that value; the parser
/// adds the position.
extension RuleDraft {
    mutating func apply(key: String, value: Substring) throws(RuleSyntaxError) {
        switch key {
        case "expr": condition = try RuleDraft.threshold(value)
        case "absent": condition = try RuleDraft.absent(value)
        case "anomaly": condition = try RuleDraft.anomaly(value)
        case "for": holdFor = try RuleDraft.duration(RuleDraft.single(value, what: "the duration"), for: "for")
        case "clear": clear = try RuleDraft.number(RuleDraft.single(value, what: "the clear value"), what: "clear")
        case "severity":
            let word = try RuleDraft.single(value, what: "the severity")
            guard let level = AlertSeverity(rawValue: word.lowercased()) else {
                throw RuleSyntaxError("unknown severity \(Printable.excerpt(word)); use info, warning or critical")
            }
            severity = level
        case "summary": summary = try RuleDraft.summary(value)
        case "runbook": runbook = try RuleDraft.runbook(value)
        case "labels": labels = try RuleDraft.labels(value)
        default: throw RuleSyntaxError("unknown key \(Printable.excerpt(key))")
        }
    }

    // MARK: - Conditions

    private static func threshold(_ value: Substring) throws(RuleSyntaxError) -> AlertRule.Condition {
        let (expression, afterExpression) = try RuleExpressionParser.parse(value)
        var rest = afterExpression.drop(while: \.isWhitespace)
        let longestFirst = RuleThreshold.Comparison.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
        guard let comparison = longestFirst.first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw RuleSyntaxError("expected a comparison (> >= < <= == !=) after '\(expression)'")
        }
        rest = rest.dropFirst(comparison.rawValue.count)
        let token = try single(rest, what: "the threshold")
        let limit = try number(token, what: "threshold")
        let threshold = RuleThreshold(comparison: comparison, value: limit)
        if case let .selector(selector) = expression { return .threshold(selector, threshold) }
        return .expression(expression, threshold)
    }

    private static func absent(_ value: Substring) throws(RuleSyntaxError) -> AlertRule.Condition {
        let (selector, rest) = try RuleSelectorParser.parse(value)
        guard !rest.allSatisfy(\.isWhitespace) else {
            throw RuleSyntaxError("absent needs a duration after the selector, as in 'absent \(selector.name) 120s'")
        }
        let wait = try duration(single(rest, what: "the duration"), for: "absent")
        guard wait > 0 else { throw RuleSyntaxError("the absent duration must be more than 0s") }
        return .absent(selector, after: wait)
    }

    private static func anomaly(_ value: Substring) throws(RuleSyntaxError) -> AlertRule.Condition {
        let (selector, rest) = try RuleSelectorParser.parse(value)
        var options: [String: String] = [:]
        for token in rest.split(whereSeparator: \.isWhitespace) {
            let parts = token.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, ["k", "window", "min"].contains(String(parts[0])) else {
                throw RuleSyntaxError("unknown anomaly option \(Printable.excerpt(token)); use k=NUMBER, window=DURATION and min=COUNT")
            }
            guard options[String(parts[0])] == nil else {
                throw RuleSyntaxError("anomaly option \(Printable.excerpt(parts[0])) given twice")
            }
            options[String(parts[0])] = String(parts[1])
        }
        guard let kText = options["k"], let windowText = options["window"] else {
            throw RuleSyntaxError("anomaly needs k= and window=, as in 'anomaly \(selector.name) k=3 window=1h'")
        }
        let k = try number(kText, what: "k")
        guard k > 0 else { throw RuleSyntaxError("k must be above 0 (standard deviations from the mean)") }
        let window = try duration(windowText, for: "window")
        guard window > 0 else { throw RuleSyntaxError("the anomaly window must be more than 0s") }
        var minPoints = 10
        if let minText = options["min"] {
            guard let count = Int(minText), count >= 3 else {
                throw RuleSyntaxError("min must be a whole number of at least 3, got \(Printable.excerpt(minText))")
            }
            minPoints = count
        }
        return .anomaly(selector, k: k, window: window, minPoints: minPoints)
    }

    // MARK: - Other values

    private static func summary(_ value: Substring) throws(RuleSyntaxError) -> SummaryTemplate {
        var text = String(value)
        if value.first == "\"" {
            var rest = value
            text = try RuleQuoted.read(&rest)
            guard rest.allSatisfy(\.isWhitespace) else {
                throw RuleSyntaxError("unexpected \(Printable.excerpt(rest.trimmingCharacters(in: .whitespaces))) after the summary's closing quote")
            }
        }
        return try SummaryTemplate(parsing: text)
    }

    private static func runbook(_ value: Substring) throws(RuleSyntaxError) -> String {
        let text = try single(value, what: "the runbook URL")
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              let host = url.host, !host.isEmpty else {
            throw RuleSyntaxError("runbook must be an http:// or https:// URL, got \(Printable.excerpt(text))")
        }
        return text
    }

    private static func labels(_ value: Substring) throws(RuleSyntaxError) -> [String: String] {
        var result: [String: String] = [:]
        var rest = value.drop(while: \.isWhitespace)
        while !rest.isEmpty {
            let name = rest.prefix(while: { !$0.isWhitespace && $0 != "=" })
            rest = rest.dropFirst(name.count)
            guard RuleNames.isLabelName(name) else {
                throw RuleSyntaxError("invalid label name \(Printable.excerpt(name)): use letters, digits and underscores")
            }
            guard rest.first == "=" else { throw RuleSyntaxError("label \(Printable.excerpt(name)) needs a value: write \(name)=value") }
            rest.removeFirst()
            let text: String
            if rest.first == "\"" {
                text = try RuleQuoted.read(&rest)
            } else {
                let bare = rest.prefix(while: { !$0.isWhitespace })
                rest = rest.dropFirst(bare.count)
                text = String(bare)
            }
            guard !text.isEmpty else { throw RuleSyntaxError("label \(Printable.excerpt(name)) has an empty value; leave it out instead") }
            guard result[String(name)] == nil else { throw RuleSyntaxError("label \(Printable.excerpt(name)) given twice") }
            result[String(name)] = text
            rest = rest.drop(while: \.isWhitespace)
        }
        return result
    }

    // MARK: - Tokens

    /// The one word of `value`; anything after it is an error rather than silently ignored.
    private static func single(_ value: Substring, what: String) throws(RuleSyntaxError) -> String {
        let words = value.split(whereSeparator: \.isWhitespace)
        guard let first = words.first else { throw RuleSyntaxError("expected \(what)") }
        guard words.count == 1 else { throw RuleSyntaxError("unexpected \(Printable.excerpt(words[1])) after \(what)") }
        return String(first)
    }

    /// Decimal numbers only (`5`, `0.1`, `1e4`, `10_000`): `Double("nan")` or hex floats
    /// parse in Swift but make no sense as a threshold.
    private static func number(_ text: String, what: String) throws(RuleSyntaxError) -> Double {
        let allowed = Set("0123456789.eE+-_")
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard text.allSatisfy(allowed.contains), let value = Double(digits), value.isFinite else {
            throw RuleSyntaxError("\(what) \(Printable.excerpt(text)) is not a finite number")
        }
        return value
    }

    private static func duration(_ text: String, for key: String) throws(RuleSyntaxError) -> TimeInterval {
        guard let seconds = OpsCore.Duration.parse(text) else {
            throw RuleSyntaxError("bad duration \(Printable.excerpt(text)) for \(key): use a number with s, m, h, d or w (as in 90s or 5m)")
        }
        return seconds
    }
}
