import Foundation

/// A validated printf format with exactly one conversion. Formats come from a file someone
/// edited, and `String(format:)` with a stray `%s` or `%@` reads garbage memory, so only
/// formats checked here ever reach it, each with the one argument type it expects.
struct RulePrintf: Sendable, Equatable {
    let format: String
    private let prefix: String
    private let suffix: String
    private let flags: String
    private let width: Int?
    private let precision: Int?
    private let conversion: Character

    private static let valueConversions: Set<Character> = ["d", "i", "f", "F", "e", "E", "g", "G", "s"]
    private static let maxWidth = 64

    /// Parses `format`; labels are text, so `forLabel` allows only `%s`.
    init(_ format: String, forLabel: Bool) throws(RuleSyntaxError) {
        self.format = format
        var literal = ""
        var before: String?
        var spec: (flags: String, width: Int?, precision: Int?, conversion: Character)?
        var chars = format[...]
        while let char = chars.popFirst() {
            guard char == "%" else {
                literal.append(char)
                continue
            }
            if chars.first == "%" {
                chars.removeFirst()
                literal.append("%")
                continue
            }
            guard spec == nil else {
                throw RuleSyntaxError("printf format \"\(format)\" has more than one %-conversion")
            }
            spec = try RulePrintf.parseSpec(&chars, format: format, forLabel: forLabel)
            before = literal
            literal = ""
        }
        guard let spec, let before else {
            throw RuleSyntaxError("printf format \"\(format)\" has no %-conversion such as %.1f")
        }
        prefix = before
        suffix = literal
        flags = spec.flags
        width = spec.width
        precision = spec.precision
        conversion = spec.conversion
    }

    private static func parseSpec(_ chars: inout Substring, format: String, forLabel: Bool)
        throws(RuleSyntaxError) -> (flags: String, width: Int?, precision: Int?, conversion: Character) {
        var flags = ""
        while let c = chars.first, "-+ 0#".contains(c) {
            flags.append(c)
            chars.removeFirst()
        }
        let width = digits(&chars)
        var precision: Int?
        if chars.first == "." {
            chars.removeFirst()
            precision = digits(&chars) ?? 0
        }
        guard let conversion = chars.popFirst() else {
            throw RuleSyntaxError("printf format \"\(format)\" ends inside a %-conversion")
        }
        let allowed: Set<Character> = forLabel ? ["s"] : valueConversions
        guard allowed.contains(conversion) else {
            let list = forLabel ? "%s (labels are text)" : "%d %f %e %g or %s"
            throw RuleSyntaxError("printf conversion '%\(conversion)' in \"\(format)\" is not supported; use \(list)")
        }
        if (width ?? 0) > maxWidth || (precision ?? 0) > maxWidth {
            throw RuleSyntaxError("printf width and precision in \"\(format)\" must be at most \(maxWidth)")
        }
        return (flags, width, precision, conversion)
    }

    private static func digits(_ chars: inout Substring) -> Int? {
        let run = chars.prefix(while: { $0.isASCII && $0.isNumber })
        guard !run.isEmpty else { return nil }
        chars.removeFirst(run.count)
        return Int(run.prefix(3))
    }

    /// Formats a value. Non-finite values print as NaN/+Inf/-Inf whatever the conversion;
    /// `%d` rounds to the nearest integer.
    func render(_ value: Double) -> String {
        guard value.isFinite else { return prefix + pad(RuleNumberText.plain(value), truncating: false) + suffix }
        let spec = "%" + flags + (width.map(String.init) ?? "") + (precision.map { "." + String($0) } ?? "")
        switch conversion {
        case "d", "i":
            guard abs(value) < 9e18 else { return prefix + pad(RuleNumberText.plain(value), truncating: false) + suffix }
            return prefix + String(format: spec + "ld", Int(value.rounded())) + suffix
        case "s":
            return prefix + pad(RuleNumberText.plain(value)) + suffix
        default:
            return prefix + String(format: spec + String(conversion), value) + suffix
        }
    }

    /// Formats text (`%s`): precision truncates, width pads, `-` pads on the right.
    func render(_ text: String) -> String {
        prefix + pad(text) + suffix
    }

    /// Applies width; precision truncates only real `%s` text, never a number's digits.
    private func pad(_ text: String, truncating: Bool = true) -> String {
        let cut = truncating ? precision.map { String(text.prefix($0)) } ?? text : text
        let missing = (width ?? 0) - cut.count
        guard missing > 0 else { return cut }
        let fill = String(repeating: " ", count: missing)
        return flags.contains("-") ? cut + fill : fill + cut
    }
}
