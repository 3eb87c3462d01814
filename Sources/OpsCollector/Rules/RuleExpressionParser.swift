import Foundation
import OpsCore

/// Reads `rate(sel[1m])`, `increase(sel[5m])` and `sum|avg|max|min [by (l, …)] (expr)` off the
/// front of an `expr` value; a plain selector is left to `RuleSelectorParser`. Errors are one
/// sentence about the expression; the file parser adds `file:line`.
enum RuleExpressionParser {
    /// Whether `text` starts with a function or aggregation rather than a metric name: a
    /// name followed by `(` or by ` by (` (a metric may be called `sum_total`, never `sum(`).
    static func startsExpression(_ text: Substring) -> Bool {
        let rest = text.drop(while: \.isWhitespace)
        let word = rest.prefix(while: { $0.isASCII && ($0.isLetter || $0 == "_") })
        let after = rest.dropFirst(word.count).drop(while: \.isWhitespace)
        if RuleExpression.Function(rawValue: String(word)) != nil { return after.first == "(" }
        guard RuleExpression.Aggregation(rawValue: String(word)) != nil else { return false }
        return after.first == "(" || after.hasPrefix("by ") || after.hasPrefix("by(")
    }

    /// Parses an expression at the start of `text` and returns it with the unread remainder.
    static func parse(_ text: Substring) throws(RuleSyntaxError) -> (RuleExpression, Substring) {
        guard startsExpression(text) else {
            let (selector, rest) = try RuleSelectorParser.parse(text)
            return (.selector(selector), rest)
        }
        var rest = text.drop(while: \.isWhitespace)
        let word = String(rest.prefix(while: { $0.isASCII && ($0.isLetter || $0 == "_") }))
        rest = rest.dropFirst(word.count).drop(while: \.isWhitespace)
        if let function = RuleExpression.Function(rawValue: word) {
            try expect("(", in: &rest, after: word)
            let (selector, afterSelector) = try RuleSelectorParser.parse(rest)
            rest = afterSelector.drop(while: \.isWhitespace)
            guard rest.first == "[" else {
                throw RuleSyntaxError("\(word)() needs a range after the selector, as in \(word)(\(selector.name)[5m])")
            }
            rest.removeFirst()
            let text = rest.prefix(while: { $0 != "]" })
            guard rest.dropFirst(text.count).first == "]" else { throw RuleSyntaxError("the range of \(word)(\(selector)[…]) has no closing ']'") }
            guard let range = OpsCore.Duration.parse(String(text).trimmingCharacters(in: .whitespaces)), range > 0 else {
                throw RuleSyntaxError("bad range \(Printable.excerpt(text)) in \(word)(): use a duration above 0 such as 1m or 5m")
            }
            rest = rest.dropFirst(text.count + 1).drop(while: \.isWhitespace)
            try expect(")", in: &rest, after: "\(word)(\(selector)[\(text)]")
            return (.range(function, selector, range), rest)
        }
        guard let op = RuleExpression.Aggregation(rawValue: word) else { throw RuleSyntaxError("unknown function \(Printable.excerpt(word))") }
        var by: [String] = []
        if rest.hasPrefix("by") {
            rest = rest.dropFirst(2).drop(while: \.isWhitespace)
            try expect("(", in: &rest, after: "\(word) by")
            let list = rest.prefix(while: { $0 != ")" })
            guard rest.dropFirst(list.count).first == ")" else { throw RuleSyntaxError("'\(word) by (' is missing its closing ')'") }
            for label in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard RuleNames.isLabelName(label[...]) else {
                    throw RuleSyntaxError("invalid label name \(Printable.excerpt(label)) in '\(word) by (…)'")
                }
                by.append(label)
            }
            rest = rest.dropFirst(list.count + 1).drop(while: \.isWhitespace)
        }
        try expect("(", in: &rest, after: by.isEmpty ? word : "\(word) by (\(by.joined(separator: ", ")))")
        let (inner, afterInner) = try parse(rest)
        rest = afterInner.drop(while: \.isWhitespace)
        try expect(")", in: &rest, after: "\(word) (\(inner)")
        return (.aggregate(op, by: by, inner), rest)
    }

    private static func expect(_ c: Character, in rest: inout Substring, after what: String) throws(RuleSyntaxError) {
        guard rest.first == c else {
            let found = rest.prefix(while: { !$0.isWhitespace })
            throw RuleSyntaxError("expected '\(c)' after '\(what)'" + (found.isEmpty ? "" : ", got \(Printable.excerpt(found))"))
        }
        rest.removeFirst()
        rest = rest.drop(while: \.isWhitespace)
    }
}
