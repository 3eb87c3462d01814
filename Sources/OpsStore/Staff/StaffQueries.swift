import Foundation
import GRDB
import OpsCore

/// Filters for listing staff (CLI and console).
public struct StaffFilter: Sendable, Equatable {
    /// Matches login, name, email or team (case-insensitive substring).
    public var text: String?
    public var role: Role?
    public var status: AccountStatus?
    public var team: String?
    public init(text: String? = nil, role: Role? = nil, status: AccountStatus? = nil, team: String? = nil) {
        self.text = text
        self.role = role
        self.status = status
        self.team = team
    }
}

/// Reading accounts. Internal helpers take a `Database` so services can use them inside
/// their transaction.
enum StaffQueries {
    static let columns = "s.id, s.login, s.display_name, s.email, s.team, s.status, s.version, s.created_at, s.updated_at, s.updated_by, (SELECT group_concat(role) FROM staff_role r WHERE r.staff_id = s.id) AS roles"

    static func account(from row: Row) -> StaffAccount {
        let roleText: String? = row["roles"]
        let roles = Set((roleText ?? "").split(separator: ",").compactMap { Role(rawValue: String($0)) })
        let created: String = row["created_at"]
        let updated: String = row["updated_at"]
        let status: String = row["status"]
        return StaffAccount(id: row["id"], login: row["login"], displayName: row["display_name"], email: row["email"],
                            team: row["team"], status: AccountStatus(rawValue: status) ?? .deactivated, roles: roles,
                            version: row["version"], createdAt: Timestamp.parse(created) ?? Date(timeIntervalSince1970: 0),
                            updatedAt: Timestamp.parse(updated) ?? Date(timeIntervalSince1970: 0), updatedBy: row["updated_by"])
    }

    static func find(login: String, db: Database) throws -> StaffAccount? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM staff s WHERE s.login = ?", arguments: [login]).map(account)
    }

    static func require(login: String, db: Database) throws -> StaffAccount {
        guard let account = try find(login: login, db: db) else {
            throw OpsError.notFound("No staff account '\(Printable.quote(login))'.")
        }
        return account
    }

    static func whereClause(_ filter: StaffFilter) -> (String, StatementArguments) {
        var clauses: [String] = []
        var args = StatementArguments()
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            clauses.append("(s.login LIKE ? ESCAPE '\\' OR s.display_name LIKE ? ESCAPE '\\' OR s.email LIKE ? ESCAPE '\\' OR s.team LIKE ? ESCAPE '\\')")
            _ = args.append(contentsOf: [pattern, pattern, pattern, pattern])
        }
        if let role = filter.role {
            clauses.append("EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.role = ?)")
            _ = args.append(contentsOf: [role.rawValue])
        }
        if let status = filter.status {
            clauses.append("s.status = ?")
            _ = args.append(contentsOf: [status.rawValue])
        }
        if let team = filter.team {
            clauses.append("s.team = ?")
            _ = args.append(contentsOf: [team])
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), args)
    }

    static func list(_ filter: StaffFilter, offset: Int = 0, limit: Int? = nil, db: Database) throws -> [StaffAccount] {
        let (whereSQL, args) = whereClause(filter)
        var sql = "SELECT \(columns) FROM staff s \(whereSQL) ORDER BY s.login"
        if let limit { sql += " LIMIT \(max(0, limit)) OFFSET \(max(0, offset))" }
        return try Row.fetchAll(db, sql: sql, arguments: args).map(account)
    }

    static func count(_ filter: StaffFilter, db: Database) throws -> Int {
        let (whereSQL, args) = whereClause(filter)
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM staff s \(whereSQL)", arguments: args) ?? 0
    }

    static func activeSuperAdmins(db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM staff s JOIN staff_role r ON r.staff_id = s.id
            WHERE r.role = 'super_admin' AND s.status = 'active'
            """) ?? 0
    }
}
