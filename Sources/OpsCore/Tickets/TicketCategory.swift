/// What a customer's problem is about. The category routes the ticket to a team
/// (`TicketRouting`) and can tighten its resolution target (`SLAPolicy`). Raw values are
/// stable: they appear in the store, JSON output, routing files and audit rows.
public enum TicketCategory: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case deliverability
    case sending
    case dns
    case api
    case accountAccess = "account-access"
    case billingDispute = "billing-dispute"
    case refund
    case security
    case other

    public var description: String { rawValue }

    /// The label people read in the pane and in `tickets show`.
    public var title: String {
        switch self {
        case .deliverability: "deliverability"
        case .sending: "sending/SMTP"
        case .dns: "DNS/authentication"
        case .api: "API/integration"
        case .accountAccess: "account access"
        case .billingDispute: "billing dispute"
        case .refund: "refund"
        case .security: "security"
        case .other: "other"
        }
    }

    /// Parses what people type: the raw value, the title, or a few obvious aliases
    /// ("smtp", "auth", "billing"), case-insensitive, '_' and ' ' read as '-'.
    public init?(name: String) {
        let key = name.lowercased().trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        if let exact = TicketCategory(rawValue: key) { self = exact; return }
        switch key {
        case "smtp", "sending/smtp": self = .sending
        case "auth", "authentication", "dns/authentication", "dkim", "spf", "dmarc": self = .dns
        case "integration", "api/integration": self = .api
        case "access", "login": self = .accountAccess
        case "billing", "dispute": self = .billingDispute
        default: return nil
        }
    }

    /// `init(name:)` with the sentence that lists every category.
    public static func parse(_ text: String) throws(OpsError) -> TicketCategory {
        guard let category = TicketCategory(name: text) else {
            throw .invalid(field: "category", message: "\(Printable.excerpt(text)) is not a category; categories are \(allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return category
    }
}
