import Foundation
import TermUI

/// An audit row's `before` and `after` (JSON text) as diff lines for the console: `~`
/// changed (before → after), `+` added, `-` removed, then the unchanged keys. Values
/// longer than the width wrap under their key instead of being cut.
enum AuditDiff {
    static func lines(before: String?, after: String?, width: Int = 72) -> [String] {
        let old = object(before), new = object(after)
        if old == nil, new == nil { return ["No before or after recorded for this action."] }
        let o = old ?? [:], n = new ?? [:]
        var changed: [String] = [], same: [String] = []
        for key in Set(o.keys).union(n.keys).sorted() {
            switch (o[key], n[key]) {
            case let (a?, b?) where a == b: same.append("  \(key): \(a)")
            case let (a?, b?): changed.append("~ \(key): \(a) → \(b)")
            case let (nil, b?): changed.append("+ \(key): \(b)")
            case let (a?, nil): changed.append("- \(key): \(a)")
            case (nil, nil): break
            }
        }
        let head = old == nil ? ["(no before: the row records a creation or an event)"] : new == nil ? ["(no after recorded)"] : []
        return (head + changed + (same.isEmpty ? [] : ["unchanged:"] + same)).flatMap { wrap($0, width: width) }
    }

    /// Top-level keys with values as short text; a non-object value is shown under "value".
    static func object(_ text: String?) -> [String: String]? {
        guard let text, let data = text.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        guard let dict = value as? [String: Any] else { return ["value": describe(value)] }
        return dict.mapValues(describe)
    }

    static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let s as String: return s
        case let a as [Any]: return a.isEmpty ? "none" : a.map(describe).joined(separator: ", ")
        case let d as [String: Any]: return "{" + d.keys.sorted().map { "\($0): \(describe(d[$0] ?? NSNull()))" }.joined(separator: ", ") + "}"
        case let n as NSNumber: return "\(n)"
        default: return "\(value)"
        }
    }

    /// `line` in lines of at most `width` columns, broken at spaces where it can; the
    /// continuation lines are indented by four.
    static func wrap(_ line: String, width: Int) -> [String] {
        guard width > 8, TextWidth.width(of: line) > width else { return [line] }
        let head = TextWrap.lines(line, width: width)[0]
        let rest = line.dropFirst(head.count).drop { $0 == " " }
        guard !rest.isEmpty else { return [head] }
        return [head] + TextWrap.lines(String(rest), width: width - 4).map { "    " + $0 }
    }
}
