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
