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
    var createdAt: Date
    var updatedAt: Date
    var updatedBy: String?
    var permissions: [String]?
    var openWork: [OpenWorkItem]?

    /// One output field's value.
    enum Field {
        case int(Int64)
        case string(String)
        /// null when nil: the documented fields are always present.
        case optionalString(String?)
        /// `Timestamp.format`'s text.
        case timestamp(Date)
        case strings([String])
        case work([OpenWorkItem])
    }

    /// Calls `body` with every output field in key order (byte order, as `.sortedKeys`
    /// writes them). Both `encode(to:)` and the fast writer go through here, so they cannot
    /// disagree. The documented fields are always present, null when unset (a deactivated
    /// account has no name or email), so scripts can rely on the keys; the detail fields
    /// only in `show`.
    func forEachField<E: Error>(_ body: (StaticString, Field) throws(E) -> Void) throws(E) {
        try body("created_at", .timestamp(createdAt))
        try body("email", .optionalString(email))
        try body("id", .int(id))
        try body("login", .string(login))
        try body("name", .optionalString(name))
        if let openWork { try body("open_work", .work(openWork)) }
        if let permissions { try body("permissions", .strings(permissions)) }
        try body("roles", .strings(roles))
        try body("status", .string(status))
        try body("team", .optionalString(team))
        try body("updated_at", .timestamp(updatedAt))
        try body("updated_by", .optionalString(updatedBy))
        try body("version", .int(Int64(version)))
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try forEachField { (name, value) throws in
            let key = Key(stringValue: name.description)
            switch value {
            case let .int(v): try c.encode(v, forKey: key)
            case let .string(v): try c.encode(v, forKey: key)
            case let .optionalString(v): try c.encode(v, forKey: key)
            case let .timestamp(v): try c.encode(JSONTimestamp.format(v), forKey: key)
            case let .strings(v): try c.encode(v, forKey: key)
            case let .work(v): try c.encode(v, forKey: key)
            }
        }
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
        createdAt = a.createdAt
        updatedAt = a.updatedAt
        updatedBy = a.updatedBy
        permissions = detailed ? a.permissions.sorted().map(\.rawValue) : nil
        self.openWork = openWork
    }
}

extension StaffJSON: PrettyJSONWritable {
    /// A list entry is ~350 bytes; `show` adds permissions and open work.
    var estimatedJSONBytes: Int { 400 + 32 * (permissions?.count ?? 0) + 128 * (openWork?.count ?? 0) }

    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int) {
        writer.openObject()
        var index = 0
        forEachField { key, value in
            writer.member(key, index: index, level: level)
            index += 1
            switch value {
            case let .int(v): writer.integer(v)
            case let .string(v): writer.string(v)
            case let .optionalString(v): writer.optionalString(v)
            case let .timestamp(v): JSONTimestamp.withUTF8(v) { writer.string(utf8: $0) }
            case let .strings(v): writer.strings(v, level: level + 1)
            case let .work(items):
                writer.array(items, level: level + 1) { w, item, itemLevel in
                    w.openObject()
                    w.member("id", index: 0, level: itemLevel)
                    w.string(item.id)
                    w.member("kind", index: 1, level: itemLevel)
                    w.string(item.kind)
                    w.member("title", index: 2, level: itemLevel)
                    w.string(item.title)
                    w.closeObject(level: itemLevel, members: 3)
                }
            }
        }
        writer.closeObject(level: level, members: index)
    }
}

/// `Timestamp.format` without `String(format:)`, which costs microseconds a call on Linux
/// and ran twice per account in `users list`. Same text for years 1000–9999; other dates
/// go through `Timestamp.format`.
enum JSONTimestamp {
    static func format(_ date: Date) -> String {
        var text = ""
        withUTF8(date) { text = String(decoding: $0, as: UTF8.self) }
        return text
    }

    /// Calls `body` with the text's UTF-8 bytes, built on the stack.
    static func withUTF8(_ date: Date, _ body: (UnsafeRawBufferPointer) -> Void) {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - seconds * 1000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1000...9999).contains(year) else {
            var text = Timestamp.format(date)
            return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
        // "YYYY-MM-DDTHH:MM:SS.mmmZ"
        var chars: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &chars) { out in
            func digits(_ value: Int, at: Int, count: Int) {
                var v = value
                var i = at + count - 1
                while i >= at {
                    out[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                    v /= 10
                    i -= 1
                }
            }
            digits(year, at: 0, count: 4); out[4] = 0x2D; digits(month, at: 5, count: 2); out[7] = 0x2D
            digits(day, at: 8, count: 2); out[10] = 0x54; digits(secondOfDay / 3600, at: 11, count: 2); out[13] = 0x3A
            digits(secondOfDay / 60 % 60, at: 14, count: 2); out[16] = 0x3A; digits(secondOfDay % 60, at: 17, count: 2)
            out[19] = 0x2E; digits(millis, at: 20, count: 3); out[23] = 0x5A
            body(UnsafeRawBufferPointer(out))
        }
    }
}

extension StaffAccount {
    /// One line for humans.
    var summaryLine: String {
        "\(login) (\(CLI.safe(displayName ?? "—"))) roles: \(roles.isEmpty ? "none" : sortedRoles.map(\.rawValue).joined(separator: ", ")), version \(version)"
    }
}
