import Foundation

/// What an entry on a ticket's timeline records. Entries are append-only: a correction is
/// a new entry, so the timeline is what happened, in order.
public enum TicketEntryKind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// Staff only; never leaves the building.
    case note
    /// A customer wrote (mail in, or typed in for them).
    case messageIn = "message-in"
    /// We wrote to the customer (through the outbox).
    case updateOut = "update-out"
    case status
    case assignment
    case priority
    case link
    case parent
    /// An SLA reminder or breach.
    case sla
    case csat
    case resolution

    public var description: String { rawValue }

    /// Seen by the customer: shown apart from internal entries on screen.
    public var isCustomerFacing: Bool { self == .messageIn || self == .updateOut }
}

/// One timeline entry as read back.
public struct TicketEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var ticket: TicketNumber
    public var kind: TicketEntryKind
    /// Staff login, or `customer:EMAIL` for mail in, or `system` for the SLA sweep.
    public var author: String
    public var body: String
    public var at: Date

    public init(id: Int64, ticket: TicketNumber, kind: TicketEntryKind, author: String, body: String, at: Date) {
        self.id = id
        self.ticket = ticket
        self.kind = kind
        self.author = author
        self.body = body
        self.at = at
    }
}
