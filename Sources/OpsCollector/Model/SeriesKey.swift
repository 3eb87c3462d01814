import Foundation

/// The one text identity of a time series: `name{a="x",b="y"}` with labels sorted by name
/// and values escaped as in the exposition format. Storage, rate state and rules all key
/// on it, so two samples of the same series always meet, whatever order their labels
/// arrived in.
public struct SeriesKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The canonical text; equal series have byte-equal text.
    public let rawValue: String

    /// Builds the canonical key. Labels with an empty value are left out: in Prometheus an
    /// empty label is the same as an absent one, and one series must have one key.
    public init(name: String, labels: [String: String]) {
        guard !labels.isEmpty else {
            rawValue = name
            return
        }
        var text = name
        text.reserveCapacity(name.utf8.count + labels.count * 16)
        var open = false
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) where !value.isEmpty {
            text += open ? "," : "{"
            open = true
            text += key
            text += "=\""
            SeriesKey.appendEscaped(value, to: &text)
            text += "\""
        }
        if open { text += "}" }
        rawValue = text
    }

    public var description: String { rawValue }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Escapes `\`, `"` and newline the way the exposition format does, so a key can be
    /// pasted back into a scrape or a selector.
    static func appendEscaped(_ value: String, to text: inout String) {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == 0x0A }) else {
            text += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            default: text.unicodeScalars.append(scalar)
            }
        }
    }
}
