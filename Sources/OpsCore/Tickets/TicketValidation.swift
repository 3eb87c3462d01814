import Foundation

/// Field rules for tickets and their entries. Text is kept exactly as given (escape
/// sequences and bidi included; screens sanitise it) except NUL, which every edge refuses.
public enum TicketValidation {
    /// A body (note, reply, mail text) is at most 1 MiB of UTF-8.
    public static let maxBodyBytes = 1_048_576
    public static let maxTitleCharacters = 200

    /// 1–200 characters on one line.
    public static func title(_ raw: String) throws(OpsError) -> String {
        try Printable.refuseNUL(raw, field: "title")
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw .invalid(field: "title", message: "a title is required.") }
        if trimmed.contains(where: \.isNewline) { throw .invalid(field: "title", message: "the title must be one line.") }
        let count = trimmed.unicodeScalars.count
        if count > maxTitleCharacters { throw .invalid(field: "title", message: "the title is \(count) characters; the limit is \(maxTitleCharacters).") }
        return trimmed
    }

    /// Non-empty, at most 1 MiB.
    public static func body(_ raw: String, field: String = "body") throws(OpsError) -> String {
        try Printable.refuseNUL(raw, field: field)
        if raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .invalid(field: field, message: "the \(field) is empty.") }
        let bytes = raw.utf8.count
        if bytes > maxBodyBytes { throw .invalid(field: field, message: "the \(field) is \(bytes) bytes; the limit is 1 MiB (\(maxBodyBytes) bytes).") }
        return raw
    }

    /// Resolving needs a summary: it is what the customer is told and what an article starts from.
    public static func summary(_ raw: String?) throws(OpsError) -> String {
        guard let raw, !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid(field: "summary", message: "resolving needs a resolution summary (--summary).")
        }
        return try body(raw, field: "summary")
    }

    /// The vendor named while waiting on one: 1–80 characters on one line.
    public static func vendor(_ raw: String?) throws(OpsError) -> String {
        guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid(field: "vendor", message: "waiting on a vendor needs the vendor's name (--vendor).")
        }
        try Printable.refuseNUL(raw, field: "vendor")
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(where: \.isNewline) || trimmed.unicodeScalars.count > 80 {
            throw .invalid(field: "vendor", message: "the vendor's name must be one line of at most 80 characters.")
        }
        return trimmed
    }

    /// A rating of 1 to 5.
    public static func csat(_ value: Int) throws(OpsError) -> Int {
        guard (1...5).contains(value) else { throw .invalid(field: "csat", message: "\(value) is not a rating; give 1 (poor) to 5 (excellent).") }
        return value
    }

    /// The rating in a customer's reply to the resolution mail: a first non-blank line that
    /// is a single digit 1–5 (optionally followed by words, "5 thanks!"). Nil otherwise.
    public static func csat(inReply body: String) -> Int? {
        guard let line = body.split(whereSeparator: \.isNewline).first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        let text = line.trimmingCharacters(in: .whitespaces)
        guard let first = text.unicodeScalars.first, ("1"..."5").contains(first) else { return nil }
        let rest = Array(text.unicodeScalars.dropFirst())
        if let next = rest.first, !(next == " " || next == "/" || next == "." || next == "!" || next == ",") { return nil }
        // "4.5" is not a rating of 4.
        if rest.first == ".", rest.count > 1, ("0"..."9").contains(rest[1]) { return nil }
        return Int(String(first))
    }
}
