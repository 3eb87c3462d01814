import Foundation
import OpsCore

/// The one-line text of an alert, with `{{ $value }}`, `{{ $labels.NAME }}` and an optional
/// `| printf "FORMAT"`. A deliberately tiny subset of Prometheus' Go templates: enough for
/// readable summaries, small enough to validate completely when the file is checked, so a
/// typo shows in `rules check` instead of in a page at night.
public struct SummaryTemplate: Sendable, Equatable, CustomStringConvertible {
    private enum Piece: Sendable, Equatable {
        case text(String)
        case value(RulePrintf?)
        case label(String, RulePrintf?)
    }

    /// The template as written (after string unquoting).
    public let text: String
    private let pieces: [Piece]

    public init(parsing text: String) throws(RuleSyntaxError) {
        self.text = text
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            let inside = rest[open.upperBound...]
            guard let close = inside.range(of: "}}") else {
                throw RuleSyntaxError("summary has a '{{' without its closing '}}'")
            }
            pieces.append(try SummaryTemplate.action(inside[..<close.lowerBound]))
            rest = inside[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// Label names the template reads, so the parser can warn when they cannot exist.
    public var labelNames: [String] {
        pieces.compactMap { piece in
            if case let .label(name, _) = piece { return name }
            return nil
        }
    }

    /// Fills the template. A label the alert lacks renders empty, as in Prometheus.
    public func render(value: Double, labels: [String: String]) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case let .text(text):
                out += text
            case let .value(format):
                out += format?.render(value) ?? RuleNumberText.plain(value)
            case let .label(name, format):
                let text = labels[name] ?? ""
                out += format?.render(text) ?? text
            }
        }
        return out
    }

    public var description: String { text }

    // MARK: - Actions

    private static func action(_ body: Substring) throws(RuleSyntaxError) -> Piece {
        let parts = body.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let variable = (parts.first ?? "").trimmingCharacters(in: .whitespaces)
        let pipe = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        let isLabel: Bool
        let labelName: String
        switch variable {
        case "":
            throw RuleSyntaxError("summary has an empty '{{ }}'; use {{ $value }} or {{ $labels.NAME }}")
        case "$value":
            isLabel = false
            labelName = ""
        case _ where variable.hasPrefix("$labels."):
            labelName = String(variable.dropFirst("$labels.".count))
            guard RuleNames.isLabelName(labelName) else {
                throw RuleSyntaxError("summary variable \(Printable.excerpt(variable)) has an invalid label name")
            }
            isLabel = true
        case "$labels":
            throw RuleSyntaxError("summary variable '$labels' needs a label name, as in $labels.pool")
        default:
            throw RuleSyntaxError("summary uses unknown variable \(Printable.excerpt(variable)); use $value or $labels.NAME")
        }
        let format = try pipe.map { pipe throws(RuleSyntaxError) in try printf(pipe, forLabel: isLabel) }
        return isLabel ? .label(labelName, format) : .value(format)
    }

    private static func printf(_ pipe: String, forLabel: Bool) throws(RuleSyntaxError) -> RulePrintf {
        var rest = pipe[...]
        let function = rest.prefix(while: { !$0.isWhitespace })
        guard function == "printf" else {
            let name = function.isEmpty ? "(nothing)" : String(function)
            throw RuleSyntaxError("summary uses unknown function \(Printable.excerpt(name)) after '|'; only printf is supported")
        }
        rest = rest.dropFirst(function.count).drop(while: \.isWhitespace)
        let format: String
        do {
            format = try RuleQuoted.read(&rest)
        } catch {
            throw RuleSyntaxError("printf in summary needs a quoted format, as in printf \"%.1f\"")
        }
        guard rest.allSatisfy(\.isWhitespace) else {
            throw RuleSyntaxError("unexpected \(Printable.excerpt(rest.trimmingCharacters(in: .whitespaces))) after the printf format")
        }
        return try RulePrintf(format, forLabel: forLabel)
    }
}
