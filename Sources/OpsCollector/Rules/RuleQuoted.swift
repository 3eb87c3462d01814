import Foundation

/// Double-quoted strings as rules files write them. Unknown escapes keep their backslash, so
/// a regex written the natural way (`"10\.0\..*"`) means what its author meant.
enum RuleQuoted {
    /// Reads a quoted string at the start of `text` (which must begin with `"`); leaves
    /// `text` just after the closing quote.
    static func read(_ text: inout Substring) throws(RuleSyntaxError) -> String {
        guard text.first == "\"" else { throw RuleSyntaxError("expected a double-quoted string") }
        text.removeFirst()
        var out = ""
        while let char = text.popFirst() {
            switch char {
            case "\"":
                return out
            case "\\":
                guard let next = text.popFirst() else { break }
                switch next {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append("\\"); out.append(next)
                }
            default:
                out.append(char)
            }
        }
        throw RuleSyntaxError("unterminated string: a closing \" is missing")
    }
}
