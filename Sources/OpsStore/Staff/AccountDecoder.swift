import Foundation
import OpsCore

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

    /// The account in the current row (`StaffQueries.columns` or `accountColumns`), whose
    /// id its cursor already read.
    mutating func account(id: Int64, _ row: StoredColumns) -> StaffAccount {
        let roles: Set<Role>
        if let roleMasks { roles = self.roles(mask: roleMasks[id] ?? 0) } else { roles = self.roles(text: row.string(10) ?? "") }
        let status: AccountStatus = row.bytes(5, equal: "active") ? .active : AccountStatus(rawValue: row.string(5) ?? "") ?? .deactivated
        return StaffAccount(id: id, login: row.string(1) ?? "", displayName: row.string(2), email: row.string(3), team: row.string(4),
                            status: status, roles: roles, version: Int(row.int64(6)),
                            createdAt: StoredTimestamp.parse(row.bytes(7)), updatedAt: StoredTimestamp.parse(row.bytes(8)),
                            updatedBy: row.string(9))
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
    /// The instant a stored column names; other forms go through `Timestamp.parse`, the
    /// epoch when even that fails or the column is NULL (as before).
    static func parse(_ bytes: UnsafeRawBufferPointer?) -> Date {
        guard let bytes else { return Date(timeIntervalSince1970: 0) }
        return canonical(bytes) ?? Timestamp.parse(String(decoding: bytes, as: UTF8.self)) ?? Date(timeIntervalSince1970: 0)
    }

    /// Exactly "YYYY-MM-DDTHH:MM:SS.mmmZ" as `Timestamp.format` writes it, with every field
    /// in range; nil otherwise. Gives the same `Date` as `Timestamp.parse` (milliseconds
    /// since the epoch divided by 1000).
    static func canonical(_ b: UnsafeRawBufferPointer) -> Date? {
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
