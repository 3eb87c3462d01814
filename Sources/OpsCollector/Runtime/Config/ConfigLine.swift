import Foundation
import OpsCore

/// One line of a collector config split into words and `key=value` options.
///
/// Words are separated by blanks; double quotes keep blanks inside a word or a value
/// (`expect="status: ok"`), with `\"` and `\\` as escapes. `#` starts a comment at the
/// beginning of a word only, so a URL fragment like `…/metrics#x` stays a URL.
struct ConfigLine {
    /// Positional words, in order.
    var words: [String] = []
    /// Options in order of appearance (duplicates are reported by the parser).
    var options: [(key: String, value: String)] = []

    /// Splits `text`; nil for a blank or comment-only line. Throws a message for an
    /// unterminated quote.
    static func split(_ text: Substring) throws(ConfigLineError) -> ConfigLine? {
        var tokens: [(text: String, quotedEquals: Bool)] = []
        var current = ""
        var inToken = false
        var quoted = false
        var escaped = false
        /// True when the token's first `=` was inside quotes (then it is a word, not an option).
        var equalsQuoted = false
        var sawEquals = false
        for character in text {
            if quoted {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted = false
                } else {
                    if character == "=", !sawEquals { sawEquals = true; equalsQuoted = true }
                    current.append(character)
                }
                continue
            }
            if character == " " || character == "\t" {
                if inToken { tokens.append((current, equalsQuoted)) }
                (current, inToken, sawEquals, equalsQuoted) = ("", false, false, false)
                continue
            }
            if character == "#", !inToken { break }
            inToken = true
            if character == "\"" {
                quoted = true
            } else {
                if character == "=", !sawEquals { sawEquals = true }
                current.append(character)
            }
        }
        if quoted { throw ConfigLineError("a quote is not closed") }
        if inToken { tokens.append((current, equalsQuoted)) }
        guard !tokens.isEmpty else { return nil }
        var line = ConfigLine()
        for token in tokens {
            if !token.quotedEquals, let equals = token.text.firstIndex(of: "="), equals != token.text.startIndex {
                line.options.append((String(token.text[..<equals]), String(token.text[token.text.index(after: equals)...])))
            } else if line.options.isEmpty {
                line.words.append(token.text)
            } else {
                throw ConfigLineError("\"\(token.text)\" comes after options; put words first, then key=value options")
            }
        }
        return line
    }
}

/// A problem splitting a line, as the message half of a diagnostic.
struct ConfigLineError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Durations and sizes as people type them in config files.
enum ConfigValue {
    /// "500ms", "10s", "15m", "1h30m", "2d", "1w", or a bare number of seconds; at most
    /// 100 years (`OpsCore.Duration`, the grammar of every duration people type).
    static func duration(_ text: String) -> TimeInterval? {
        OpsCore.Duration.parse(text, bare: .seconds)
    }

    /// "65536", "512KiB", "10MiB", "10MB" (decimal), "1GiB".
    static func bytes(_ text: String) -> Int? {
        let s = text.lowercased()
        let units: [(String, Double)] = [("kib", 1024), ("mib", 1_048_576), ("gib", 1_073_741_824),
                                         ("kb", 1000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("b", 1)]
        for (suffix, scale) in units where s.hasSuffix(suffix) {
            guard let number = Double(s.dropLast(suffix.count)), number.isFinite, number >= 0 else { return nil }
            let bytes = (number * scale).rounded()
            return bytes <= Double(Int.max / 2) ? Int(bytes) : nil
        }
        return Int(s)
    }

    /// "yes"/"no", "true"/"false", "on"/"off", "1"/"0".
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "on", "1": true
        case "no", "false", "off", "0": false
        default: nil
        }
    }

    /// Human text for a duration in messages: "1s", "0.5s", "15m".
    static func format(_ seconds: TimeInterval) -> String {
        for (unit, size) in [("d", 86_400.0), ("h", 3600.0), ("m", 60.0)] where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size))\(unit)"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : String(format: "%gs", seconds)
    }
}
