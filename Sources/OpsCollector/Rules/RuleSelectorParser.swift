import Foundation
import OpsCore

/// Reads PromQL-style selectors (`name{label="v",other=~"re.*"}`) off the front of a rule
/// line, so `expr`, `absent` and `anomaly` share one spelling and one set of messages.
enum RuleSelectorParser {
    /// Parses a selector at the start of `text` and returns it with the unread remainder.
    static func parse(_ text: Substring) throws(RuleSyntaxError) -> (MetricSelector, Substring) {
        var rest = text.drop(while: \.isWhitespace)
        let name = rest.prefix(while: isNameCharacter)
        guard !name.isEmpty, RuleNames.isMetricName(name) else {
            let found = rest.prefix(while: { !$0.isWhitespace })
            throw RuleSyntaxError(found.isEmpty ? "expected a metric name" : "expected a metric name, got \(Printable.excerpt(found))")
        }
        rest = rest.dropFirst(name.count)
        let afterSpace = rest.drop(while: \.isWhitespace)
        guard afterSpace.first == "{" else { return (MetricSelector(name: String(name)), rest) }
        rest = afterSpace.dropFirst()
        var matchers: [LabelMatcher] = []
        while true {
            rest = rest.drop(while: \.isWhitespace)
            guard let next = rest.first else {
                throw RuleSyntaxError("selector '\(name){' is missing its closing '}'")
            }
            if next == "}" {
                rest.removeFirst()
                return (MetricSelector(name: String(name), matchers: matchers), rest)
            }
            matchers.append(try matcher(&rest, metric: name))
            rest = rest.drop(while: \.isWhitespace)
            if rest.first == "," {
                rest.removeFirst()
            } else if let other = rest.first, other != "}" {
                throw RuleSyntaxError("expected ',' or '}' after '\(matchers.last?.description ?? "")', got \(Printable.excerpt(String(other)))")
            }
        }
    }

    /// One `label op "value"`.
    private static func matcher(_ rest: inout Substring, metric: Substring) throws(RuleSyntaxError) -> LabelMatcher {
        let label = rest.prefix(while: isNameCharacter)
        guard RuleNames.isLabelName(label) else {
            let found = rest.prefix(while: { !$0.isWhitespace && $0 != "}" && $0 != "," })
            throw RuleSyntaxError("expected a label name inside \(metric){…}, got \(Printable.excerpt(found))")
        }
        rest = rest.dropFirst(label.count).drop(while: \.isWhitespace)
        let op: LabelMatcher.Op
        if rest.hasPrefix("=~") {
            op = .regex
        } else if rest.hasPrefix("!~") {
            op = .notRegex
        } else if rest.hasPrefix("!=") {
            op = .notEqual
        } else if rest.hasPrefix("=") {
            op = .equal
        } else {
            throw RuleSyntaxError("expected = != =~ or !~ after label \(Printable.excerpt(label))")
        }
        rest = rest.dropFirst(op.rawValue.count).drop(while: \.isWhitespace)
        guard rest.first == "\"" else {
            throw RuleSyntaxError("the value of label \(Printable.excerpt(label)) must be double-quoted, as in \(label)=\"value\"")
        }
        let value: String
        do {
            value = try RuleQuoted.read(&rest)
        } catch {
            throw RuleSyntaxError("the value of label \(Printable.excerpt(label)) has no closing \"")
        }
        guard let matcher = LabelMatcher(selectorLabel: String(label), op: op, value: value) else {
            throw RuleSyntaxError("invalid regex \"\(value)\" for label \(Printable.excerpt(label))")
        }
        return matcher
    }

    private static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == ":")
    }
}
