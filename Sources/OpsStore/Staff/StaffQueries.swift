import Foundation
internal import GRDB
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
    /// An account's own columns; `AccountDecoder` reads them by position, in this order.
    static let accountColumns = "s.id, s.login, s.display_name, s.email, s.team, s.status, s.version, s.created_at, s.updated_at, s.updated_by"
    /// The account columns and its roles ("ops,security") as column 10.
    static let columns = accountColumns + ", (SELECT group_concat(role) FROM staff_role r WHERE r.staff_id = s.id) AS roles"

    static let findSQL = "SELECT \(columns) FROM staff s WHERE s.login = ?"

    /// Runs on every permission check (`resolveActor`): the statement is prepared once per
    /// connection; an `Int64` cursor steps it without building a `Row`, and the other
    /// columns are read in place.
    static func find(login: String, db: Database) throws -> StaffAccount? {
        let statement = try db.cachedStatement(sql: findSQL)
        let ids = try Int64.fetchCursor(statement, arguments: [login])
        guard let id = try ids.next() else { return nil }
        var decoder = AccountDecoder(remembersRoles: false)
        return decoder.account(id: id, StoredColumns(statement))
    }

    static func require(login: String, db: Database) throws -> StaffAccount {
        guard let account = try find(login: login, db: db) else {
            throw OpsError.notFound("No staff account \(Printable.excerpt(login)).")
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
        var decoder = AccountDecoder(remembersRoles: true)
        var sql: String
        if let limit {
            sql = "SELECT \(columns) FROM staff s \(whereSQL) ORDER BY s.login LIMIT \(max(0, limit)) OFFSET \(max(0, offset))"
        } else {
            // A whole list reads every account's roles in one pass over staff_role: cheaper
            // than one correlated lookup per account (10,000 of them in a large directory).
            decoder.roleMasks = try roleMasks(db: db)
            sql = "SELECT \(accountColumns) FROM staff s \(whereSQL) ORDER BY s.login"
        }
        // The id cursor steps; each row is decoded in place, not copied into a `Row` first.
        let statement = try db.makeStatement(sql: sql)
        let ids = try Int64.fetchCursor(statement, arguments: args)
        let columns = StoredColumns(statement)
        var accounts: [StaffAccount] = []
        while let id = try ids.next() { accounts.append(decoder.account(id: id, columns)) }
        return accounts
    }

    /// Every account's roles as `AccountDecoder` masks, by account id: a plain scan of
    /// staff_role (`GROUP BY` with `group_concat` costs more than the rows themselves).
    static func roleMasks(db: Database) throws -> [Int64: UInt16] {
        var masks: [Int64: UInt16] = [:]
        let statement = try db.makeStatement(sql: "SELECT staff_id, role FROM staff_role")
        let ids = try Int64.fetchCursor(statement)
        let columns = StoredColumns(statement)
        while let id = try ids.next() {
            if let bit = columns.string(1).flatMap({ AccountDecoder.bits[$0] }) { masks[id, default: 0] |= bit }
        }
        return masks
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
