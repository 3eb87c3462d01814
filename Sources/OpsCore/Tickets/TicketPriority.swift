/// How urgent a ticket is: P1 (a customer cannot send at all) to P4 (a question). P1
/// runs its SLA clocks around the clock; the others on the business-hours calendar.
public enum TicketPriority: Int, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case p1 = 1, p2, p3, p4

    public var description: String { "P\(rawValue)" }

    public static func < (a: TicketPriority, b: TicketPriority) -> Bool { a.rawValue < b.rawValue }

    /// Accepts "P2", "p2" and "2".
    public init?(name: String) {
        var text = Substring(name.trimmingCharacters(in: .whitespaces))
        if text.first == "P" || text.first == "p" { text = text.dropFirst() }
        guard text.count == 1, let value = Int(text), let priority = TicketPriority(rawValue: value) else { return nil }
        self = priority
    }

    public static func parse(_ text: String) throws(OpsError) -> TicketPriority {
        guard let priority = TicketPriority(name: text) else {
            throw .invalid(field: "priority", message: "\(Printable.excerpt(text)) is not a priority; use P1, P2, P3 or P4.")
        }
        return priority
    }

    /// P1 is answered at any hour; the calendar does not apply.
    public var isAroundTheClock: Bool { self == .p1 }
}
