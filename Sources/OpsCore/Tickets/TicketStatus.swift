/// Where a ticket stands. The flow is new → triage → investigating → waiting on customer
/// | waiting on vendor → resolved → closed; `TicketLifecycle` holds the allowed moves.
public enum TicketStatus: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case new
    case triage
    case investigating
    case waitingCustomer = "waiting-customer"
    case waitingVendor = "waiting-vendor"
    case resolved
    case closed

    public var description: String { rawValue }

    /// The words in sentences and on screen.
    public var title: String {
        switch self {
        case .waitingCustomer: "waiting on customer"
        case .waitingVendor: "waiting on vendor"
        default: rawValue
        }
    }

    /// Still someone's work: in the default queue, counted in the backlog, SLA clocks kept.
    public var isOpen: Bool { self != .resolved && self != .closed }

    /// The ball is in someone else's court: the resolution clock stops.
    public var pausesResolution: Bool { self == .waitingCustomer || self == .waitingVendor }

    /// We owe the customer nothing while waiting on them: the next-update clock stops too.
    /// Waiting on a vendor does not stop it, because the customer is still waiting on us.
    public var pausesUpdates: Bool { self == .waitingCustomer }

    /// Accepts the raw value, the title, and '_' or ' ' for '-' ("waiting on vendor").
    public init?(name: String) {
        let key = name.lowercased().trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
            .replacingOccurrences(of: "-on-", with: "-")
        guard let status = TicketStatus(rawValue: key) else { return nil }
        self = status
    }

    public static func parse(_ text: String) throws(OpsError) -> TicketStatus {
        guard let status = TicketStatus(name: text) else {
            throw .invalid(field: "status", message: "\(Printable.excerpt(text)) is not a status; statuses are \(allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return status
    }
}
