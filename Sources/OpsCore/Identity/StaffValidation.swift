import Foundation

/// Field rules for staff accounts. Each rejected field gets its own specific sentence;
/// the CLI prints them and the console form shows each under its field.
public enum StaffValidation {
    /// Unix user-name rules: `^[a-z_][a-z0-9_-]{0,31}$`.
    public static func login(_ raw: String) -> FieldError? {
        let field = "login"
        if raw.isEmpty { return FieldError(field: field, message: "a login is required.") }
        if raw.unicodeScalars.count > 32 {
            return FieldError(field: field, message: "\(Printable.excerpt(raw)) is longer than 32 characters.")
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
            return FieldError(field: field, message: "\(Printable.excerpt(raw)) contains \(what); use a-z, 0-9, '_' and '-'.")
        }
        if let first = scalars.first, !(first.value >= 0x61 && first.value <= 0x7A) && first != "_" {
            return FieldError(field: field, message: "\(Printable.excerpt(raw)) must start with a lower-case letter or '_'.")
        }
        return nil
    }

    private static func isLoginScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x61...0x7A, 0x30...0x39, 0x5F, 0x2D: return true
        default: return false
        }
    }

    /// 1–80 printable characters; control, bidi and invisible format characters (Unicode
    /// Cf: zero-width space and joiners, word joiner, BOM…) refused, so two names that
    /// read alike are alike. Validate `normalizedName(raw)`, which is what is stored.
    public static func displayName(_ raw: String) -> FieldError? {
        let field = "name"
        let trimmed = normalizedName(raw)
        if trimmed.isEmpty { return FieldError(field: field, message: "a display name is required.") }
        // Code points, as the schema's CHECK (SQLite length()) counts them; the trimmed text is what is stored.
        let length = trimmed.unicodeScalars.count
        if length > 80 { return FieldError(field: field, message: "the display name is \(length) characters; the limit is 80.") }
        if let bad = raw.unicodeScalars.first(where: { Printable.isForbidden($0) || Printable.isInvisible($0) }) {
            let code = "U+\(String(format: "%04X", bad.value))"
            let what = Printable.isBidiControl(bad) ? "the invisible bidirectional-text character \(code)"
                : Printable.isForbidden(bad) ? "the control character \(code)" : "the invisible character \(code)"
            return FieldError(field: field, message: "the display name contains \(what); only printable characters are allowed.")
        }
        return nil
    }

    /// A display name as stored: blanks trimmed, Unicode NFC (so "é" typed as e + U+0301
    /// and as U+00E9 is one name).
    public static func normalizedName(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
    }

    /// Practical email syntax: one '@', a non-empty local part, a dotted domain, no spaces.
    public static func email(_ raw: String) -> FieldError? {
        let field = "email"
        if raw.isEmpty { return FieldError(field: field, message: "an email address is required.") }
        if raw.count > 254 { return FieldError(field: field, message: "the email address is longer than 254 characters.") }
        if raw.unicodeScalars.contains(where: { Printable.isForbidden($0) || Printable.isInvisible($0) || $0 == " " }) {
            return FieldError(field: field, message: "\(Printable.excerpt(raw)) contains spaces, control or invisible characters.")
        }
        // ASCII only: look-alikes (fullwidth ＠, Cyrillic а) would pass the unique index as
        // another address; an internationalised domain is written in its xn-- form.
        if let bad = raw.unicodeScalars.first(where: { !$0.isASCII }) {
            return FieldError(field: field, message: "\(Printable.excerpt(raw)) contains the non-ASCII character U+\(String(format: "%04X", bad.value)); write the address in ASCII (a domain in its xn-- form).")
        }
        let parts = raw.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return FieldError(field: field, message: parts.count < 2
                ? "\(Printable.excerpt(raw)) has no '@'; write it as name@example.com."
                : "\(Printable.excerpt(raw)) has more than one '@'.")
        }
        let local = parts[0], domain = parts[1]
        if local.isEmpty { return FieldError(field: field, message: "\(Printable.excerpt(raw)) has nothing before the '@'.") }
        if local.count > 64 { return FieldError(field: field, message: "the part before '@' is longer than 64 characters.") }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if domain.isEmpty || labels.count < 2 || labels.contains(where: \.isEmpty) {
            return FieldError(field: field, message: "\(Printable.excerpt(raw)) needs a domain like example.com after the '@'.")
        }
        let domainOK = domain.unicodeScalars.allSatisfy { s in
            (0x61...0x7A).contains(s.value) || (0x41...0x5A).contains(s.value) || (0x30...0x39).contains(s.value) || s == "-" || s == "."
        }
        if !domainOK { return FieldError(field: field, message: "the domain of \(Printable.excerpt(raw)) contains characters a domain cannot have.") }
        return nil
    }

    /// Optional team: 1–40 characters of a-z, 0-9, '-', '_', checked on `raw.lowercased()`
    /// (what is stored) while the message repeats what was typed.
    public static func team(_ raw: String) -> FieldError? {
        let field = "team"
        let lower = raw.lowercased()
        if lower.isEmpty || lower.count > 40 || !lower.unicodeScalars.allSatisfy({ isLoginScalar($0) }) {
            return FieldError(field: field, message: "\(Printable.excerpt(raw)) is not a team name; use 1–40 of a-z, 0-9, '-' and '_'.")
        }
        return nil
    }

    /// Parses role names; each unknown one is its own error naming the valid roles.
    public static func roles(_ names: [String]) -> Result<Set<Role>, FieldError> {
        var roles = Set<Role>()
        for name in names {
            guard let role = Role(name: name) else {
                return .failure(FieldError(field: "role", message: "unknown role \(Printable.excerpt(name)); roles are \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") )
            }
            roles.insert(role)
        }
        return .success(roles)
    }
}
