import Foundation

/// JSON exports: JSON lines (one object per line) or an array of objects, with the CSV's
/// field names (`login`, `name`, `email`, `team`, `title`, `roles`, `status`/`active`,
/// `manager`, `start_date`, `end_date`).
public enum HRJSON {
    public static func records(_ text: String, columns: [String: String] = [:]) throws(OpsError) -> [HRRecord] {
        try objects(text, listKey: nil).map { line, object throws(OpsError) in try record(object, line: line, columns: columns) }
    }

    /// Each object of the file with its line: JSON lines, an array, or (with `listKey`) an
    /// object holding the array under that key.
    static func objects(_ text: String, listKey: String?) throws(OpsError) -> [(Int, [String: Any])] {
        let trimmed = text.drop(while: { $0.isWhitespace })
        guard !trimmed.isEmpty else { throw .invalid(field: "file", message: "the file is empty.") }
        let whole: Any?
        do { whole = try parse(Substring(text), line: nil) } catch {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = lines.firstIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? 0
            // One object per line only when the first line is an object by itself;
            // otherwise the document's own error (with its position) is the right one.
            guard trimmed.first == "{", (try? parse(lines[first], line: first + 1)) is [String: Any] else { throw error }
            var result: [(Int, [String: Any])] = []
            for (i, raw) in lines.enumerated() where !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let object = try parse(raw, line: i + 1) as? [String: Any] else {
                    throw HRRefusal.at(i + 1, "json", "each line must be one JSON object.")
                }
                if let listKey, object[listKey] != nil { result += try list(object, key: listKey, text: text, base: i); continue }
                result.append((i + 1, object))
            }
            return result
        }
        if let array = whole as? [Any] { return try elements(array, lines: JSONElementLines.lines(text, key: nil)) }
        if let object = whole as? [String: Any] {
            if let listKey, object[listKey] != nil { return try list(object, key: listKey, text: text, base: 0) }
            return [(1 + text.prefix(while: { $0 != "{" }).filter { $0 == "\n" }.count, object)]
        }
        throw .invalid(field: "file", message: "the file holds neither JSON objects nor an array of them.")
    }

    static func list(_ object: [String: Any], key: String, text: String, base: Int) throws(OpsError) -> [(Int, [String: Any])] {
        guard let array = object[key] as? [Any] else { throw HRRefusal.at(base + 1, key, "\(key) must be an array.") }
        let lines = base == 0 ? JSONElementLines.lines(text, key: key) : Array(repeating: base + 1, count: array.count)
        return try elements(array, lines: lines)
    }

    static func elements(_ array: [Any], lines: [Int]) throws(OpsError) -> [(Int, [String: Any])] {
        var result: [(Int, [String: Any])] = []
        for (i, element) in array.enumerated() {
            let line = i < lines.count ? lines[i] : 1
            guard let object = element as? [String: Any] else { throw HRRefusal.at(line, "json", "element \(i + 1) is not a JSON object.") }
            result.append((line, object))
        }
        return result
    }

    static func parse(_ text: Substring, line: Int?) throws(OpsError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            if let line { throw HRRefusal.at(line, "json", "not valid JSON (\(Printable.excerpt(detail))).") }
            throw .invalid(field: "json", message: "the file is not valid JSON (\(Printable.excerpt(detail))).")
        }
    }

    static func record(_ o: [String: Any], line: Int, columns: [String: String]) throws(OpsError) -> HRRecord {
        func raw(_ field: String) -> Any? {
            let key = columns[field] ?? field
            if let v = o[key] { return v }
            return HRColumns.aliases[field]?.lazy.compactMap { o[$0] }.first
        }
        var problem: FieldError? = nil
        func text(_ field: String) -> String? {
            switch raw(field) {
            case nil, is NSNull: return nil
            case let s as String: let t = s.trimmingCharacters(in: .whitespaces); return t.isEmpty ? nil : t
            default:
                problem = problem ?? FieldError(field: field, message: "must be a JSON string.")
                return nil
            }
        }
        var groups: [String] = []
        switch raw("roles") {
        case let list as [Any]: groups = list.compactMap { $0 as? String }
        case let s as String: groups = HRColumns.list(s)
        default: break
        }
        var record = HRRecord(line: line, login: text("login") ?? "", name: text("name") ?? "", email: text("email") ?? "",
                              department: text("team"), title: text("title"), groups: groups, manager: text("manager"),
                              startDate: text("start_date"), endDate: text("end_date"))
        if let active = o["active"] as? Bool { record.active = active } else if let status = o["status"] as? String {
            if let active = HRColumns.status(status) { record.active = active } else {
                problem = problem ?? FieldError(field: "status", message: "\(Printable.excerpt(status)) is not a status; use active or inactive.")
            }
        }
        record.problem = problem
        return record
    }
}
