import Foundation

/// Field rules for incidents, their entries and changes. Text is kept exactly as given
/// (screens sanitise it, the Markdown export escapes it) except NUL, which is refused.
public enum IncidentValidation {
    public static let maxServices = 50
    public static let maxAlerts = 1_000

    public static func title(_ raw: String) throws(OpsError) -> String { try TicketValidation.title(raw) }

    public static func body(_ raw: String, field: String = "body") throws(OpsError) -> String { try TicketValidation.body(raw, field: field) }

    /// A service or customer name: 1–63 of a-z, 0-9, '-', '_', '.', starting with a letter or digit.
    public static func name(_ raw: String, field: String) throws(OpsError) -> String {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let ok = (1...63).contains(text.count) && text.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_" || $0 == "."
        } && text.first.map { $0.isLetter || $0.isNumber } == true
        guard ok else {
            throw .invalid(field: field, message: "\(Printable.excerpt(raw)) is not a \(field) name; use 1–63 of a-z, 0-9, '-', '_', '.' (such as mta or api-gateway).")
        }
        return text
    }

    /// Comma-separated names, each once, at most `maxServices`.
    public static func names(_ raw: String, field: String) throws(OpsError) -> [String] {
        var seen: [String] = []
        for part in raw.split(separator: ",", omittingEmptySubsequences: true) {
            let name = try name(String(part), field: field)
            if !seen.contains(name) { seen.append(name) }
        }
        if seen.count > maxServices { throw .invalid(field: field, message: "\(seen.count) names; the limit is \(maxServices).") }
        return seen
    }

    /// A version label: 1–100 printable characters on one line.
    public static func version(_ raw: String) throws(OpsError) -> String {
        try Printable.refuseNUL(raw, field: "version")
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(text.count), !text.contains(where: \.isNewline) else {
            throw .invalid(field: "version", message: "a version is 1–100 characters on one line.")
        }
        return text
    }

    /// Who made a change: a login or a CI identity, 1–100 characters on one line.
    public static func actor(_ raw: String) throws(OpsError) -> String {
        try Printable.refuseNUL(raw, field: "by")
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(text.count), !text.contains(where: \.isNewline) else {
            throw .invalid(field: "by", message: "--by is 1–100 characters on one line.")
        }
        return text
    }

    /// A link: http or https only (nothing stored may make pmops open another program), ≤ 2000 bytes.
    public static func link(_ raw: String) throws(OpsError) -> String {
        try Printable.refuseNUL(raw, field: "link")
        let text = raw.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        guard text.utf8.count <= 2_000, lower.hasPrefix("https://") || lower.hasPrefix("http://"),
              !text.contains(where: { $0.isWhitespace || $0.isNewline }), text.count > 8 else {
            throw .invalid(field: "link", message: "\(Printable.excerpt(raw)) is not an http(s) URL of at most 2000 bytes.")
        }
        return text
    }

    /// A close reason or breach notification reference: non-empty, one paragraph, ≤ 2000 bytes.
    public static func reason(_ raw: String?, field: String) throws(OpsError) -> String {
        guard let raw, !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid(field: field, message: "a \(field) is required (--\(field)).")
        }
        try Printable.refuseNUL(raw, field: field)
        if raw.utf8.count > 2_000 { throw .invalid(field: field, message: "the \(field) is \(raw.utf8.count) bytes; the limit is 2000.") }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
