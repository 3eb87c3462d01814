import Foundation

/// Reads an HR export into records: size, encoding, syntax and the file-wide rules
/// (duplicate logins or emails, admin roles named in a row). Anything wrong here refuses
/// the whole file, so nothing is applied from a file that is not what its author meant.
public enum HRFile {
    /// Larger exports are refused before they are read: 50 MB is about 300,000 people.
    public static let maximumBytes = 50 * 1024 * 1024

    public static func records(_ data: Data, format: HRFormat, mapping: RoleMapping, today: Date) throws(OpsError) -> [HRRecord] {
        guard data.count <= maximumBytes else {
            throw .invalid(field: "file", message: "the file is \(data.count) bytes; the limit is \(maximumBytes) (50 MB). Split the export.")
        }
        let text = try decode(data)
        var records: [HRRecord]
        switch format {
        case .csv: records = try HRCSV.records(text, columns: mapping.columns)
        case .json: records = try HRJSON.records(text, columns: mapping.columns)
        case .scim: records = try HRSCIM.records(text)
        }
        let day = Timestamp.format(today).prefix(10)
        for i in records.indices {
            if let end = records[i].endDate, end.count >= 10, end.prefix(10) < day { records[i].active = false }
        }
        try checkDuplicates(records)
        try checkPrivilegedGroups(records)
        return records
    }

    /// Strict UTF-8 (a BOM is allowed): Latin-1 exports would otherwise store mangled names.
    static func decode(_ data: Data) throws(OpsError) -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        loop: while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(s):
                if s == "\n" { line += 1 }
                if s == "\0" { throw HRRefusal.at(line, "file", "the file contains a NUL byte; export it as UTF-8 text.") }
                scalars.append(s)
            case .emptyInput: break loop
            case .error: throw HRRefusal.at(line, "file", "the file is not UTF-8 text; export it as UTF-8.")
            }
        }
        return String(scalars)
    }

    static func checkDuplicates(_ records: [HRRecord]) throws(OpsError) {
        var logins: [String: Int] = [:], emails: [String: Int] = [:]
        for r in records {
            let login = r.login.lowercased(), email = r.email.lowercased()
            if !login.isEmpty, let first = logins[login] {
                throw HRRefusal.at(r.line, "login", "\(Printable.excerpt(r.login)) appears twice in the file (first on line \(first)).")
            }
            if !email.isEmpty, let first = emails[email] {
                throw HRRefusal.at(r.line, "email", "\(Printable.excerpt(r.email)) appears twice in the file (first on line \(first)).")
            }
            logins[login] = logins[login] ?? r.line
            emails[email] = emails[email] ?? r.line
        }
    }

    /// A row naming super_admin or admin is a mistake or an attack: admins are made by hand.
    static func checkPrivilegedGroups(_ records: [HRRecord]) throws(OpsError) {
        for r in records {
            for g in r.groups {
                if let role = Role(name: g.trimmingCharacters(in: .whitespaces)), RoleMatrix.privileged.contains(role) {
                    throw HRRefusal.at(r.line, "roles", "the row would grant \(role.rawValue); admins are made by hand, never by an import.")
                }
            }
        }
    }
}
