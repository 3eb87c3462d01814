import Foundation
import OpsCore
import OpsStore

/// The documented JSON shape of a staff account (README, "JSON output"). Field names are
/// stable; new fields may be added, none renamed.
struct StaffJSON: Encodable {
    var id: Int64
    var login: String
    var name: String?
    var email: String?
    var team: String?
    var status: String
    var roles: [String]
    var version: Int
    var createdAt: String
    var updatedAt: String
    var updatedBy: String?
    var permissions: [String]?
    var openWork: [OpenWorkItem]?

    enum CodingKeys: String, CodingKey {
        case id, login, name, email, team, status, roles, version, permissions
        case createdAt = "created_at", updatedAt = "updated_at", updatedBy = "updated_by", openWork = "open_work"
    }

    /// The documented fields are always present, null when unset (a deactivated account has
    /// no name or email), so scripts can rely on the keys; the detail fields only in `show`.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(login, forKey: .login)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(team, forKey: .team)
        try c.encode(status, forKey: .status)
        try c.encode(roles, forKey: .roles)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(updatedBy, forKey: .updatedBy)
        try c.encodeIfPresent(permissions, forKey: .permissions)
        try c.encodeIfPresent(openWork, forKey: .openWork)
    }

    init(_ a: StaffAccount, detailed: Bool = false, openWork: [OpenWorkItem]? = nil) {
        id = a.id
        login = a.login
        name = a.displayName
        email = a.email
        team = a.team
        status = a.status.rawValue
        roles = a.sortedRoles.map(\.rawValue)
        version = a.version
        createdAt = Timestamp.format(a.createdAt)
        updatedAt = Timestamp.format(a.updatedAt)
        updatedBy = a.updatedBy
        permissions = detailed ? a.permissions.sorted().map(\.rawValue) : nil
        self.openWork = openWork
    }
}

extension StaffAccount {
    /// One line for humans.
    var summaryLine: String {
        "\(login) (\(CLI.safe(displayName ?? "—"))) roles: \(roles.isEmpty ? "none" : sortedRoles.map(\.rawValue).joined(separator: ", ")), version \(version)"
    }
}
