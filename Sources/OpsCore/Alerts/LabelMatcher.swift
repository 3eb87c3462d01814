import Foundation

/// One label matcher with Alertmanager's and Prometheus' semantics: `name="v"`,
/// `name!="v"`, `name=~"re"`, `name!~"re"`. Regexes are anchored (they must match the whole
/// value, so `pool=~"warm"` never matches "warmup") and a missing label reads as the empty
/// string, so `team=""` matches alerts without a team. Silences, routing and rule-file
/// selectors share this one type, so a matcher means the same wherever it is written.
public struct LabelMatcher: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Op: String, Sendable, Codable, CaseIterable {
        case equal = "=", notEqual = "!=", regex = "=~", notRegex = "!~"
        public var isRegex: Bool { self == .regex || self == .notRegex }
        public var isNegative: Bool { self == .notEqual || self == .notRegex }
    }

    public let name: String
    public let op: Op
    public let value: String
    private let compiled: CompiledRegex?

    public static let maxValueLength = 1_024
    /// Matchers in one list (a silence, a route, `--match`): every alert is checked against
    /// each, so a list is short; 64 is far past any real one.
    public static let maxListCount = 64

    /// Validates the name, the length and (for regex operators) the pattern.
    public init(name: String, op: Op, value: String) throws(OpsError) {
        guard Self.isValidName(name) else {
            throw .invalid(field: "matcher", message: "\(Printable.excerpt(name)) is not a label name (letters, digits and _, not starting with a digit).")
        }
        guard value.utf8.count <= Self.maxValueLength else {
            throw .invalid(field: "matcher", message: "the value for '\(name)' is \(value.utf8.count) bytes; the limit is \(Self.maxValueLength).")
        }
        guard !value.unicodeScalars.contains(where: Printable.isForbidden) else {
            throw .invalid(field: "matcher", message: "the value for '\(name)' contains control or escape characters.")
        }
        self.name = name
        self.op = op
        self.value = value
        if op.isRegex {
            guard let regex = Self.compile(value) else {
                throw .invalid(field: "matcher", message: "\(name)\(op.rawValue)\"\(Printable.quote(value))\" is not a valid regular expression.")
            }
            compiled = regex
        } else {
            compiled = nil
        }
    }

    /// A matcher from a rule file's selector. The rule parser has checked the label name and
    /// words its own errors, and a quoted value may hold any text; so the only failure left
    /// is a regex operator's pattern that does not compile (nil).
    public init?(selectorLabel name: String, op: Op, value: String) {
        self.name = name
        self.op = op
        self.value = value
        if op.isRegex {
            guard let regex = Self.compile(value) else { return nil }
            compiled = regex
        } else {
            compiled = nil
        }
    }

    /// Compiled once at construction: an invalid pattern is an input error, never a runtime one.
    private static func compile(_ pattern: String) -> CompiledRegex? {
        (try? NSRegularExpression(pattern: "^(?:\(pattern))$", options: [])).map(CompiledRegex.init)
    }

    public func matches(_ labels: [String: String]) -> Bool {
        let actual = labels[name] ?? ""
        let hit: Bool
        if let compiled {
            hit = compiled.regex.firstMatch(in: actual, range: NSRange(actual.startIndex..., in: actual)) != nil
        } else {
            hit = actual == value
        }
        return op.isNegative ? !hit : hit
    }

    /// `name op "value"` with `\`, `"` and newlines escaped, as a rule file or `--matcher` takes it back.
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
        return "\(name)\(op.rawValue)\"\(quoted)\""
    }

    public static func == (a: LabelMatcher, b: LabelMatcher) -> Bool { a.name == b.name && a.op == b.op && a.value == b.value }

    enum CodingKeys: String, CodingKey { case name, op, value }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let op = try c.decode(Op.self, forKey: .op)
        do { try self.init(name: try c.decode(String.self, forKey: .name), op: op, value: try c.decode(String.self, forKey: .value)) } catch let e as OpsError {
            throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: e.description)
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(op, forKey: .op)
        try c.encode(value, forKey: .value)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 128 else { return false }
        let isLetter = { (s: Unicode.Scalar) in (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_" }
        return isLetter(first) && name.unicodeScalars.allSatisfy { isLetter($0) || ($0 >= "0" && $0 <= "9") }
    }

    /// Parses one matcher: `service="mta"`, `instance=~"db.*"`, `env!=prod` (quotes optional
    /// when the value has no spaces, commas or quotes).
    public static func parse(_ text: String) throws(OpsError) -> LabelMatcher {
        let s = text.trimmingCharacters(in: .whitespaces)
        // The earliest operator wins; at one position the longer one ("=~" over "=").
        var found: (range: Range<String.Index>, op: Op)?
        for op in [Op.regex, .notRegex, .notEqual, .equal] {
            guard let range = s.range(of: op.rawValue) else { continue }
            if let current = found, current.range.lowerBound <= range.lowerBound { continue }
            found = (range, op)
        }
        guard let (opRange, op) = found else {
            throw .invalid(field: "matcher", message: "\(Printable.excerpt(s)) is not a matcher; write name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\".")
        }
        let name = s[..<opRange.lowerBound].trimmingCharacters(in: .whitespaces)
        var raw = s[opRange.upperBound...].trimmingCharacters(in: .whitespaces)
        if raw.hasPrefix("\"") {
            guard raw.count >= 2, raw.hasSuffix("\"") else {
                throw .invalid(field: "matcher", message: "the value in \(Printable.excerpt(s)) has an unclosed quote.")
            }
            raw = String(raw.dropFirst().dropLast())
            var out = ""
            var escaped = false
            // \" and \\ are escapes; any other backslash is kept, so regexes read naturally (mx\d+).
            for ch in raw {
                if escaped {
                    if ch != "\"" && ch != "\\" { out.append("\\") }
                    out.append(ch)
                    escaped = false
                } else if ch == "\\" { escaped = true } else { out.append(ch) }
            }
            if escaped { out.append("\\") }
            raw = out
        }
        return try LabelMatcher(name: name, op: op, value: raw)
    }

    /// Parses a comma-separated list, honouring quotes: `alertname="X", service=~"a,b"`.
    public static func parseList(_ text: String) throws(OpsError) -> [LabelMatcher] {
        var parts: [String] = []
        var current = ""
        var inQuote = false
        var escaped = false
        for ch in text {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" { current.append(ch); escaped = true; continue }
            if ch == "\"" { inQuote.toggle() }
            if ch == ",", !inQuote { parts.append(current); current = ""; continue }
            current.append(ch)
        }
        parts.append(current)
        let trimmed = parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !trimmed.isEmpty else { throw .invalid(field: "matcher", message: "give at least one matcher, e.g. alertname=\"HostDiskFull\".") }
        guard trimmed.count <= maxListCount else {
            throw .invalid(field: "matcher", message: "\(trimmed.count) matchers is over the limit of \(maxListCount) in one list.")
        }
        var result: [LabelMatcher] = []
        for part in trimmed { result.append(try parse(part)) }
        return result
    }
}

/// NSRegularExpression is immutable and documented thread-safe.
private final class CompiledRegex: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}

extension Array where Element == LabelMatcher {
    /// All matchers hold (an empty list matches everything).
    public func matches(_ labels: [String: String]) -> Bool { allSatisfy { $0.matches(labels) } }
}
