/// The human number of an incident, `INC-231`: what people say on the bridge and what
/// every command takes. The store keeps the integer.
public struct IncidentNumber: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ value: Int) { rawValue = value }

    public static let prefix = "INC-"
    public var description: String { "\(Self.prefix)\(rawValue)" }

    public static func < (a: IncidentNumber, b: IncidentNumber) -> Bool { a.rawValue < b.rawValue }

    /// Accepts "INC-231", "inc-231" and "231"; at most 9 digits, positive.
    public init?(text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.uppercased().hasPrefix(Self.prefix) { rest = rest.dropFirst(Self.prefix.count) }
        guard (1...9).contains(rest.count), rest.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(rest), value > 0 else { return nil }
        rawValue = value
    }

    public static func parse(_ text: String, field: String = "incident") throws(OpsError) -> IncidentNumber {
        guard let number = IncidentNumber(text: text) else {
            throw .invalid(field: field, message: "\(Printable.excerpt(text)) is not an incident number; write it as INC-231.")
        }
        return number
    }
}
