import Foundation

/// A narrow, strict RFC 4180 reader for HR exports: a header row, quoted fields with `""`
/// and line breaks, CRLF or LF. Unbalanced quotes, text after a closing quote, a quote
/// inside an unquoted field and a wrong column count are refused with their line.
public enum HRCSV {
    /// One row of fields and the line it starts on.
    struct Row {
        var line: Int
        var fields: [String]
    }

    static func rows(_ text: String) throws(OpsError) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, rowLine = 1, quoteLine = 1
        var quoted = false, closed = false, fieldStarted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRow() {
            fields.append(String(field))
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
            field = String.UnicodeScalarView()
            closed = false
            fieldStarted = false
        }
        while let c = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = scalars.next()
                    if next == "\"" { field.append("\""); continue }
                    quoted = false
                    closed = true
                    pending = next
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard !fieldStarted else {
                    throw HRRefusal.at(line, "csv", "a quote inside an unquoted field; quote the whole field and double the quote (\"\").")
                }
                quoted = true
                fieldStarted = true
                quoteLine = line
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                closed = false
                fieldStarted = false
            case "\r":
                let next = scalars.next()
                guard next == "\n" else { throw HRRefusal.at(line, "csv", "a carriage return outside quotes not followed by a line feed.") }
                endRow()
                line += 1
                rowLine = line
            case "\n":
                endRow()
                line += 1
                rowLine = line
            default:
                if closed { throw HRRefusal.at(line, "csv", "text after a closing quote; a quoted field must end at a comma or the end of the line.") }
                fieldStarted = true
                field.append(c)
            }
        }
        if quoted { throw HRRefusal.at(quoteLine, "csv", "a quoted field opened here is never closed (unbalanced quotes).") }
        if fieldStarted || !fields.isEmpty { endRow() }
        return rows
    }

    /// Records from a CSV export, with its header mapped through `columns`
    /// (pmops field → header name).
    public static func records(_ text: String, columns: [String: String]) throws(OpsError) -> [HRRecord] {
        let all = try rows(text)
        guard let header = all.first else { throw .invalid(field: "file", message: "the file is empty; it needs a header row.") }
        let names = header.fields.map { HRColumns.normalize($0) }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if index[name] != nil { throw HRRefusal.at(header.line, "header", "the column \(Printable.excerpt(header.fields[i])) appears twice.") }
            index[name] = i
        }
        func column(_ field: String) -> Int? {
            let name = HRColumns.normalize(columns[field] ?? field)
            return index[name] ?? HRColumns.aliases[field]?.lazy.compactMap { index[$0] }.first
        }
        for required in ["login", "name", "email"] where column(required) == nil {
            throw HRRefusal.at(header.line, "header", "no \(Printable.excerpt(columns[required] ?? required)) column (needed for \(required)); map it with 'column \(required) = HEADER' in the --map file.")
        }
        var records: [HRRecord] = []
        records.reserveCapacity(all.count)
        for row in all.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw HRRefusal.at(row.line, "csv", "the row has \(row.fields.count) fields; the header has \(header.fields.count) (wrong column count).")
            }
            func value(_ field: String) -> String? {
                guard let i = column(field) else { return nil }
                let v = row.fields[i].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            var record = HRRecord(line: row.line, login: value("login") ?? "", name: value("name") ?? "", email: value("email") ?? "",
                                  department: value("team"), title: value("title"),
                                  groups: HRColumns.list(value("roles")), manager: value("manager"),
                                  startDate: value("start_date"), endDate: value("end_date"))
            switch HRColumns.status(value("status")) {
            case let .some(active): record.active = active
            case .none: record.problem = FieldError(field: "status", message: "\(Printable.excerpt(value("status") ?? "")) is not a status; use active or inactive.")
            }
            records.append(record)
        }
        return records
    }
}

/// Column names and values shared by the CSV and JSON readers.
enum HRColumns {
    static let aliases: [String: [String]] = [
        "login": ["username", "user_name", "uid"], "name": ["display_name", "full_name"],
        "team": ["department"], "roles": ["groups"], "start_date": ["start"], "end_date": ["end"], "title": ["job_title"],
    ]

    /// Header names compare without case, blanks or the difference between ' ', '-' and '_'.
    static func normalize(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// A list cell: names separated by ';', '|' or ','.
    static func list(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "," })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// nil for a status the reader does not know.
    static func status(_ text: String?) -> Bool? {
        switch text?.lowercased() {
        case nil, "active", "true", "yes", "1", "employed": true
        case "inactive", "false", "no", "0", "terminated", "left", "deactivated": false
        default: nil
        }
    }
}
