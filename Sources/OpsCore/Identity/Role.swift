/// A built-in staff role. Roles are the unit of assignment; permissions are what the
/// core checks. The role → permission table lives in `RoleMatrix` and is published in
/// `Docs/ROLES.md` (a test keeps the two identical).
public enum Role: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case superAdmin = "super_admin"
    case admin
    case ops
    case devops
    case security
    case support
    case finance
    case success
    case auditor
    case readonly

    public var description: String { rawValue }

    private static let order: [Role: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    public static func < (a: Role, b: Role) -> Bool {
        order[a, default: 0] < order[b, default: 0]
    }

    /// One line on who holds this role.
    public var summary: String {
        switch self {
        case .superAdmin: "Platform owner: everything, including granting admin and super_admin."
        case .admin: "Staff administrator: accounts, roles below admin, settings."
        case .ops: "On-call operations: health dashboard, alerts, silences, incidents."
        case .devops: "People who ship: deployments, platform configuration change sets, feature flags."
        case .security: "Security engineering: audit trail, alerts, incidents."
        case .support: "Customer support: escalation tickets."
        case .finance: "Finance: billing views (Stripe webhooks), read-only operations."
        case .success: "Customer success: tickets and tenant health, read-only operations."
        case .auditor: "Independent review of the audit trail; changes nothing."
        case .readonly: "Looks at everything operational; changes nothing."
        }
    }

    /// Parses a role name as typed by a person ("super-admin", "Super_Admin" accepted).
    public init?(name: String) {
        let normalized = name.lowercased().replacingOccurrences(of: "-", with: "_")
        self.init(rawValue: normalized)
    }
}
