import Foundation

/// Whether an account can act.
public enum AccountStatus: String, Codable, Sendable, CaseIterable {
    case active
    case deactivated
}

/// A staff account as the core sees it. Personal data (name, email) is nil once the
/// account is deactivated: it then lives in the archive until its purge date.
public struct StaffAccount: Equatable, Sendable {
    public var id: Int64
    public var login: String
    public var displayName: String?
    public var email: String?
    public var team: String?
    public var status: AccountStatus
    public var roles: Set<Role>
    /// Bumped by every change; edits carry the version they started from.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var updatedBy: String?

    public init(id: Int64, login: String, displayName: String?, email: String?, team: String?,
                status: AccountStatus, roles: Set<Role>, version: Int, createdAt: Date,
                updatedAt: Date, updatedBy: String?) {
        self.id = id
        self.login = login
        self.displayName = displayName
        self.email = email
        self.team = team
        self.status = status
        self.roles = roles
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    public var isActive: Bool { status == .active }
    public var permissions: Set<Permission> { isActive ? RoleMatrix.permissions(of: roles) : [] }
    public var sortedRoles: [Role] { roles.sorted() }
}

/// Who is acting: the OS login, and when `--as` is used, the account acted for.
public struct ActorContext: Equatable, Sendable {
    /// The OS login running pmops.
    public let osLogin: String
    /// The account acted on behalf of (`--as`), nil when acting as oneself.
    public let onBehalfOf: String?
    public init(osLogin: String, onBehalfOf: String? = nil) {
        self.osLogin = osLogin
        self.onBehalfOf = onBehalfOf == osLogin ? nil : onBehalfOf
    }
    /// The login whose permissions apply.
    public var effectiveLogin: String { onBehalfOf ?? osLogin }
    /// Recorded as the audit row's impersonator.
    public var impersonator: String? { onBehalfOf == nil ? nil : osLogin }
}
