import Foundation

/// Field rules for staff accounts. Each rejected field gets its own specific sentence;
/// the CLI prints them and the console form shows each under its field.
public enum StaffValidation {
    /// Unix user-name rules: `^[a-z_][a-z0-9_-]{0,31}$`.
    public static func login(_ raw: String) -> FieldError? {
        let field = "login"
        if raw.isEmpty { return FieldError(field: field, message: "a login is required.") }
        if raw.unicodeScalars.count > 32 {
            return FieldError(field: field, message: "'\(Printable.quote(raw))' is longer than 32 characters.")
        }
        let scalars = Array(raw.unicodeScalars)
        if let bad = scalars.first(where: { !isLoginScalar($0) }) {
            let what: String
            switch bad.value {
            case 0x41...0x5A: what = "an upper-case letter ('\(Character(bad))'); logins are lower case"
            case 0x20: what = "a space"
            case 0..<0x20, 0x7F: what = "a control character"
            case 0x80...: what = "the non-ASCII character '\(Printable.quote(String(Character(bad))))'"
            default: what = "the character '\(Character(bad))'"
            }
            return FieldError(field: field, message: "'\(Printable.quote(raw))' contains \(what); use a-z, 0-9, '_' and '-'.")
        }
        if let first = scalars.first, !(first.value >= 0x61 && first.value <= 0x7A) && first != "_" {
            return FieldError(field: field, message: "'\(Printable.quote(raw))' must start with a lower-case letter or '_'.")
        }
        return nil
    }

    private static func isLoginScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x61...0x7A, 0x30...0x39, 0x5F, 0x2D: return true
        default: return false
        }
    }

    /// 1–80 printable characters; control, escape and bidi-override characters rejected.
    public static func displayName(_ raw: String) -> FieldError? {
        let field = "name"
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return FieldError(field: field, message: "a display name is required.") }
        // Code points, as the schema's CHECK (SQLite length()) counts them; the trimmed text is what is stored.
        let length = trimmed.unicodeScalars.count
        if length > 80 { return FieldError(field: field, message: "the display name is \(length) characters; the limit is 80.") }
        if let bad = raw.unicodeScalars.first(where: Printable.isForbidden) {
            let code = "U+\(String(format: "%04X", bad.value))"
            let what = Printable.isBidiControl(bad) ? "the invisible bidirectional-text character \(code)" : "the control character \(code)"
            return FieldError(field: field, message: "the display name contains \(what); only printable characters are allowed.")
        }
        return nil
    }

    /// Practical email syntax: one '@', a non-empty local part, a dotted domain, no spaces.
    public static func email(_ raw: String) -> FieldError? {
        let field = "email"
        if raw.isEmpty { return FieldError(field: field, message: "an email address is required.") }
        if raw.count > 254 { return FieldError(field: field, message: "the email address is longer than 254 characters.") }
        if raw.unicodeScalars.contains(where: { Printable.isForbidden($0) || $0 == " " }) {
            return FieldError(field: field, message: "'\(Printable.quote(raw))' contains spaces or control characters.")
        }
        let parts = raw.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return FieldError(field: field, message: parts.count < 2
                ? "'\(Printable.quote(raw))' has no '@'; write it as name@example.com."
                : "'\(Printable.quote(raw))' has more than one '@'.")
        }
        let local = parts[0], domain = parts[1]
        if local.isEmpty { return FieldError(field: field, message: "'\(Printable.quote(raw))' has nothing before the '@'.") }
        if local.count > 64 { return FieldError(field: field, message: "the part before '@' is longer than 64 characters.") }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if domain.isEmpty || labels.count < 2 || labels.contains(where: \.isEmpty) {
            return FieldError(field: field, message: "'\(Printable.quote(raw))' needs a domain like example.com after the '@'.")
        }
        let domainOK = domain.unicodeScalars.allSatisfy { s in
            (0x61...0x7A).contains(s.value) || (0x41...0x5A).contains(s.value) || (0x30...0x39).contains(s.value) || s == "-" || s == "." || s.value > 0x7F
        }
        if !domainOK { return FieldError(field: field, message: "the domain of '\(Printable.quote(raw))' contains characters a domain cannot have.") }
        return nil
    }

    /// Optional team: 1–40 characters of a-z, 0-9, '-', '_' (lower-cased by the caller).
    public static func team(_ raw: String) -> FieldError? {
        let field = "team"
        if raw.isEmpty || raw.count > 40 || !raw.unicodeScalars.allSatisfy({ isLoginScalar($0) }) {
            return FieldError(field: field, message: "'\(Printable.quote(raw))' is not a team name; use 1–40 of a-z, 0-9, '-' and '_'.")
        }
        return nil
    }

    /// Parses role names; each unknown one is its own error naming the valid roles.
    public static func roles(_ names: [String]) -> Result<Set<Role>, FieldError> {
        var roles = Set<Role>()
        for name in names {
            guard let role = Role(name: name) else {
                return .failure(FieldError(field: "role", message: "unknown role '\(Printable.quote(name))'; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") )
            }
            roles.insert(role)
        }
        return .success(roles)
    }
}

/// Text checks shared by validators: what counts as printable, and how to quote
/// untrusted input inside an error message without letting escapes through.
public enum Printable {
    /// C0, DEL, C1 controls and bidi overrides/isolates.
    public static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// Bidi overrides, isolates and direction marks: invisible, yet they reorder what a reader sees.
    public static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// Replaces forbidden characters with `\u{…}` so an error message is safe to print.
    public static func quote(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars {
            if isForbidden(s) { out += "\\u{\(String(s.value, radix: 16, uppercase: true))}" } else { out.unicodeScalars.append(s) }
        }
        return out
    }
}
