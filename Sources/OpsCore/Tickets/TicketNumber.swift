/// The human number of a ticket, `ESC-1042`: what customers quote, what the subject tag
/// carries (`[ESC-1042]`) and what every command takes. The store keeps the integer.
public struct TicketNumber: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ value: Int) { rawValue = value }

    public static let prefix = "ESC-"
    public var description: String { "\(Self.prefix)\(rawValue)" }
    /// What an outbound subject starts with so replies find their ticket.
    public var subjectTag: String { "[\(description)]" }

    public static func < (a: TicketNumber, b: TicketNumber) -> Bool { a.rawValue < b.rawValue }

    /// Accepts "ESC-1042", "esc-1042" and "1042"; at most 9 digits, positive.
    public init?(text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.uppercased().hasPrefix(Self.prefix) { rest = rest.dropFirst(Self.prefix.count) }
        guard (1...9).contains(rest.count), rest.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(rest), value > 0 else { return nil }
        rawValue = value
    }

    public static func parse(_ text: String, field: String = "ticket") throws(OpsError) -> TicketNumber {
        guard let number = TicketNumber(text: text) else {
            throw .invalid(field: field, message: "\(Printable.excerpt(text)) is not a ticket number; write it as ESC-1042.")
        }
        return number
    }

    /// The first `[ESC-n]` tag in a subject ("Re: [ESC-1042] Bounces…"), nil if none.
    public static func tag(in subject: String) -> TicketNumber? {
        var search = subject[...]
        while let open = search.range(of: "[") {
            let after = search[open.upperBound...]
            if let close = after.firstIndex(of: "]"), close > after.startIndex,
               after[after.startIndex..<close].uppercased().hasPrefix(prefix),
               let number = TicketNumber(text: String(after[after.startIndex..<close])) {
                return number
            }
            search = after
        }
        return nil
    }
}
