import Foundation

/// Text checks shared by validators and every output path: what counts as printable, and
/// how untrusted text is shown on a terminal or inside an error message.
///
/// The rule, the same at every edge: text is stored exactly as given (NUL excepted, see
/// `refuseNUL`), and shown with every control, bidi control and invisible format
/// character made visible. The CLI writes them as `\u{…}`; the console's `Sanitizer`
/// draws them as U+FFFD or a control picture (a test holds the two to the same set).
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

    /// Invisible format characters (Unicode general category Cf: zero-width space and
    /// joiners, word joiner, BOM, bidi marks, tags…) and the line/paragraph separators:
    /// they draw nothing, so `admin` and `ad\u{200B}min` look the same to a reader.
    /// The prepended concatenation marks (Arabic number signs and the like) are format
    /// characters that do draw, spanning the digits after them, so they are not among them.
    public static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0xAD, 0x600...0x605, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD: return false
        default: break
        }
        switch s.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Whether `s`, following `previous` (nil at the start), is shown escaped: controls,
    /// bidi controls, and invisible characters, except the joiners (ZWNJ, ZWJ, variation
    /// and tag characters) that continue an emoji sequence such as 👩‍💻 or a flag.
    public static func isHidden(_ s: Unicode.Scalar, after previous: Unicode.Scalar?) -> Bool {
        if isForbidden(s) { return true }
        guard isInvisible(s) else { return false }
        guard s.value == 0x200C || s.value == 0x200D || (0xE0020...0xE007F).contains(s.value), let previous else { return true }
        return !isEmojiPart(previous)
    }

    /// A scalar an emoji joiner or tag may follow: a non-ASCII emoji, a modifier, VS-16 or a tag.
    static func isEmojiPart(_ s: Unicode.Scalar) -> Bool {
        if s.value == 0xFE0F || (0xE0020...0xE007F).contains(s.value) { return true }
        return s.value > 0xFF && (s.properties.isEmoji || s.properties.isEmojiModifier)
    }

    /// Replaces hidden characters (`isHidden`) with `\u{…}` so text is safe to print.
    public static func quote(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = ""
        var previous: Unicode.Scalar?
        for s in text.unicodeScalars {
            if isHidden(s, after: previous) { out += "\\u{\(String(s.value, radix: 16, uppercase: true))}" } else { out.unicodeScalars.append(s) }
            previous = s
        }
        return out
    }

    /// The most characters of untrusted input an error message repeats.
    public static let excerptLimit = 60

    /// Untrusted input as an error message repeats it: in single quotes, escaped, in its
    /// original case, and cut to `excerptLimit` characters with its size when longer
    /// (`'aaaa…' (100000 bytes)`), so a 100 KB argument cannot flood a terminal or a log.
    public static func excerpt(_ typed: some StringProtocol) -> String {
        let text = String(typed)
        let scalars = text.unicodeScalars
        guard scalars.count > excerptLimit else { return "'\(quote(text))'" }
        let head = String(String.UnicodeScalarView(scalars.prefix(excerptLimit)))
        return "'\(quote(head))…' (\(text.utf8.count) bytes)"
    }

    /// NUL is the one character refused in stored text: SQLite and GRDB read text as C
    /// strings, so everything after it would silently vanish on the way back out.
    public static func refuseNUL(_ text: String, field: @autoclosure () -> String) throws(OpsError) {
        if text.utf8.contains(0) {
            throw .invalid(field: field(), message: "contains a NUL character (U+0000), which cannot be stored.")
        }
    }
}
