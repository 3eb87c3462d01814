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
    /// An account's own columns; `AccountDecoder` reads them by position, in this order.
    static let accountColumns = "s.id, s.login, s.display_name, s.email, s.team, s.status, s.version, s.created_at, s.updated_at, s.updated_by"
    /// The account columns and its roles ("ops,security") as column 10.
    static let columns = accountColumns + ", (SELECT group_concat(role) FROM staff_role r WHERE r.staff_id = s.id) AS roles"

    static let findSQL = "SELECT \(columns) FROM staff s WHERE s.login = ?"

    /// Runs on every permission check (`resolveActor`): the statement is prepared once per
    /// connection, and the row is decoded in place rather than copied first.
    static func find(login: String, db: Database) throws -> StaffAccount? {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: findSQL), arguments: [login])
        guard let row = try cursor.next() else { return nil }
        var decoder = AccountDecoder(remembersRoles: false)
        return decoder.account(from: row)
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
        // A cursor decodes each row in place instead of copying every row first.
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: args)
        var accounts: [StaffAccount] = []
        while let row = try cursor.next() { accounts.append(decoder.account(from: row)) }
        return accounts
    }

    /// Every account's roles as `AccountDecoder` masks, by account id: a plain scan of
    /// staff_role (`GROUP BY` with `group_concat` costs more than the rows themselves).
    static func roleMasks(db: Database) throws -> [Int64: UInt16] {
        var masks: [Int64: UInt16] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT staff_id, role FROM staff_role")
        while let row = try cursor.next() {
            let name: String = row[1]
            if let bit = AccountDecoder.bits[name] { masks[row[0], default: 0] |= bit }
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

/// Turns `StaffQueries.columns` rows into accounts. Keeps the role sets it has built:
/// a directory has few distinct role combinations, and hashing `Role`s (by their raw
/// string) is the dearest part of decoding a row.
struct AccountDecoder {
    /// One bit per role, in `Role.allCases` order.
    static let bits: [String: UInt16] = Dictionary(uniqueKeysWithValues: Role.allCases.enumerated().map { ($1.rawValue, 1 << $0) })

    /// Roles by account id when the rows carry no roles column (`accountColumns`).
    var roleMasks: [Int64: UInt16]?
    /// Whether to keep the sets built (worth it for many rows, not for one).
    let remembersRoles: Bool
    private var setsByText: [String: Set<Role>] = [:]
    private var setsByMask: [UInt16: Set<Role>] = [:]

    init(remembersRoles: Bool) { self.remembersRoles = remembersRoles }

    mutating func account(from row: Row) -> StaffAccount {
        let id: Int64 = row[0]
        let roles: Set<Role>
        if let roleMasks { roles = self.roles(mask: roleMasks[id] ?? 0) } else { roles = self.roles(text: row[10] ?? "") }
        let status: String = row[5]
        return StaffAccount(id: id, login: row[1], displayName: row[2], email: row[3], team: row[4],
                            status: AccountStatus(rawValue: status) ?? .deactivated, roles: roles,
                            version: row[6], createdAt: StoredTimestamp.parse(row[7]), updatedAt: StoredTimestamp.parse(row[8]),
                            updatedBy: row[9])
    }

    /// The roles named in a `group_concat` list ("ops,security"); unknown names are skipped.
    private mutating func roles(text: String) -> Set<Role> {
        if let known = setsByText[text] { return known }
        var mask: UInt16 = 0
        for name in text.utf8.split(separator: UInt8(ascii: ",")) {
            mask |= Self.bits[String(decoding: name, as: UTF8.self)] ?? 0
        }
        let roles = self.roles(mask: mask)
        if remembersRoles { setsByText[text] = roles }
        return roles
    }

    private mutating func roles(mask: UInt16) -> Set<Role> {
        if let known = setsByMask[mask] { return known }
        var roles = Set<Role>()
        for (bit, role) in Role.allCases.enumerated() where mask & (1 << bit) != 0 { roles.insert(role) }
        if remembersRoles { setsByMask[mask] = roles }
        return roles
    }
}

/// Reads the store's one timestamp form without a `DateFormatter`: building one costs
/// hundreds of microseconds on Linux, which made every permission check (two timestamps
/// per account) cost more than half a millisecond and `users list` several seconds.
enum StoredTimestamp {
    /// The instant `text` names; other forms go through `Timestamp.parse`, the epoch when
    /// even that fails (as before).
    static func parse(_ text: String) -> Date {
        canonical(text) ?? Timestamp.parse(text) ?? Date(timeIntervalSince1970: 0)
    }

    /// Exactly "YYYY-MM-DDTHH:MM:SS.mmmZ" as `Timestamp.format` writes it, with every field
    /// in range; nil otherwise. Gives the same `Date` as `Timestamp.parse` (milliseconds
    /// since the epoch divided by 1000).
    static func canonical(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { b -> Date? in
            guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
                  b[19] == 0x2E, b[23] == 0x5A else { return nil }
            func number(_ from: Int, _ length: Int) -> Int? {
                var value = 0
                for i in from..<(from + length) {
                    let digit = Int(b[i]) - 0x30
                    guard digit >= 0, digit <= 9 else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                  let minute = number(14, 2), let second = number(17, 2), let millis = number(20, 3),
                  (1601...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month, year),
                  hour <= 23, minute <= 59, second <= 59 else { return nil }
            let seconds = ((daysSinceEpoch(year, month, day) * 24 + hour) * 60 + minute) * 60 + second
            return Date(timeIntervalSince1970: Double(Int64(seconds) * 1000 + Int64(millis)) / 1000)
        }
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    private static func daysSinceEpoch(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400  // y > 0 here
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
