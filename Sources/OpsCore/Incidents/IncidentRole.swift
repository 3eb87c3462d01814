/// The people an incident names. A commander is always required; a security incident also
/// needs a security lead. Named responders may see a restricted (security) incident.
public enum IncidentRole: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case commander
    case techLead = "tech-lead"
    case commsLead = "comms-lead"
    case scribe
    case securityLead = "security-lead"

    public var description: String { rawValue }

    private static let order: [IncidentRole: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    public static func < (a: IncidentRole, b: IncidentRole) -> Bool { order[a, default: 0] < order[b, default: 0] }

    public var title: String {
        switch self {
        case .commander: "commander"
        case .techLead: "tech lead"
        case .commsLead: "communications lead"
        case .scribe: "scribe"
        case .securityLead: "security lead"
        }
    }

    public static func parse(_ text: String) throws(OpsError) -> IncidentRole {
        let key = text.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")
            .replacingOccurrences(of: " ", with: "-")
        if let role = IncidentRole(rawValue: key) { return role }
        switch key {
        case "ic", "incident-commander": return .commander
        case "communications-lead", "comms": return .commsLead
        case "security": return .securityLead
        default:
            throw .invalid(field: "role", message: "\(Printable.excerpt(text)) is not an incident role; roles are \(allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    /// The roles a category must have filled: the commander always, and the security lead
    /// for a security incident.
    public static func required(for category: IncidentCategory) -> [IncidentRole] {
        category.isSecurity ? [.commander, .securityLead] : [.commander]
    }

    /// Refuses a role set that lacks a required role, naming it.
    public static func checkRequired(_ roles: [IncidentRole: String], category: IncidentCategory) throws(OpsError) {
        for role in required(for: category) where roles[role] == nil {
            let hint = role == .commander ? "--commander LOGIN" : "--security-lead LOGIN"
            throw .invalid(field: "role", message: "a\(role == .commander ? "" : " \(category)") incident needs a \(role.title) (\(hint)).")
        }
    }
}
