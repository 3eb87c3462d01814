/// Makes untrusted text safe to put on a terminal.
///
/// Alert summaries, hostnames and log lines come from the outside world. Written raw, an
/// ESC could move the cursor or retitle the window, a bidi override could make
/// `prod-db` read as something else, and a leading combining mark could merge into the
/// neighbouring cell and break column alignment. After sanitizing, every grapheme is
/// visible, inert and at least one column wide.
public enum Sanitizer {
    /// Dotted circle: the conventional visible base for a mark that has none.
    static let dottedCircle: Unicode.Scalar = "\u{25CC}"
    /// Most zero-width scalars kept in a row; more is "zalgo" text that some terminals
    /// draw across neighbouring rows.
    static let maxMarksPerGrapheme = 8

    /// `string` with controls shown as Control Pictures (ESC → ␛, DEL → ␡), C1 controls,
    /// bidi controls and noncharacters replaced by U+FFFD, soft hyphens dropped, more
    /// than `maxMarksPerGrapheme` marks in a row dropped, and a visible base (◌)
    /// given to any grapheme that would otherwise have no width.
    public static func sanitize(_ string: String) -> String {
        if TextWidth.printableASCIICount(string) != nil || !needsWork(string) { return string }
        return sanitizeGraphemes(string)
    }

    /// The slow path: grapheme by grapheme, always correct.
    static func sanitizeGraphemes(_ string: String) -> String {
        var output = String.UnicodeScalarView()
        for character in string {
            append(character, to: &output)
        }
        return String(output)
    }

    /// Whether `string` would come out of `sanitize` unchanged.
    public static func isClean(_ string: String) -> Bool {
        TextWidth.printableASCIICount(string) != nil || sanitize(string) == string
    }

    // MARK: - Fast check

    /// Whether `sanitize` would change `string`, decided by one pass over its scalars
    /// without grapheme breaking or allocation: the common case for CJK and emoji text.
    /// Errs towards true (the slow path then returns the string unchanged).
    static func needsWork(_ string: String) -> Bool {
        var zeroRun = 0
        var atStart = true
        var previous: Unicode.Scalar?
        for scalar in string.unicodeScalars {
            let value = scalar.value
            defer { previous = scalar }
            if value < 0x7F {
                if value < 0x20 { return true }
                zeroRun = 0
                atStart = false
                continue
            }
            if extendsPrevious(value), let previous, !isEmojiPart(previous), previous != dottedCircle { return true }
            if replacement(for: value) != nil { return true }
            if TextWidth.isZeroWidth(value) {
                zeroRun += 1
                if atStart || zeroRun > maxMarksPerGrapheme { return true }
                if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return true }
                if scalar.properties.generalCategory == .format && !extendsPrevious(value) { return true }
            } else {
                zeroRun = 0
            }
            atStart = false
        }
        return false
    }

    /// Format characters that join the previous grapheme (ZWNJ, ZWJ, emoji tag
    /// characters); other format characters stand alone and need the slow path.
    private static func extendsPrevious(_ value: UInt32) -> Bool {
        value == 0x200C || value == 0x200D || (0xE0020...0xE007F).contains(value)
    }

    /// What a joiner or tag may follow and stay: a non-ASCII emoji, a modifier, VS-16 or a
    /// tag (👩‍💻, ❤️‍🔥, 🏴 flags). After anything else (`ad` ZWJ `min`) it hides nothing
    /// legitimate, so it is shown as U+FFFD. `Printable.isHidden` in OpsCore is the same
    /// rule for the CLI (`SanitizerRuleTests` holds the two together).
    static func isEmojiPart(_ s: Unicode.Scalar) -> Bool {
        if s.value == 0xFE0F || (0xE0020...0xE007F).contains(s.value) { return true }
        return s.value > 0xFF && (s.properties.isEmoji || s.properties.isEmojiModifier)
    }

    // MARK: - Per grapheme

    /// Appends the sanitized form of one grapheme cluster.
    private static func append(_ character: Character, to output: inout String.UnicodeScalarView) {
        let scalars = character.unicodeScalars
        guard let lead = scalars.first else { return }
        let needsBase = replacement(for: lead.value) == nil && TextWidth.isZeroWidth(lead.value)
        if needsBase {
            var piece = String.UnicodeScalarView()
            appendScalars(of: scalars, to: &piece)
            if let first = piece.first { output.append(contentsOf: withVisibleBase(piece, lead: first.value)) }
        } else {
            appendScalars(of: scalars, to: &output)
        }
    }

    /// Appends scalars with replacements applied and zero-width runs capped.
    private static func appendScalars(of scalars: Character.UnicodeScalarView, to output: inout String.UnicodeScalarView) {
        var zeroRun = 0
        // The scalar written before this one (so a second pass sees what the first wrote).
        var previous: Unicode.Scalar?
        for scalar in scalars {
            let value = scalar.value
            // After ◌ it is the visible form this sanitizer made of a leading joiner.
            if extendsPrevious(value), let before = previous, !isEmojiPart(before), before != dottedCircle {
                output.append("\u{FFFD}")
                previous = "\u{FFFD}"
                zeroRun = 0
                continue
            }
            if let replacement = replacement(for: value) {
                if replacement.value != 0 {
                    output.append(replacement)
                    previous = replacement
                }
                zeroRun = 0
                continue
            }
            if TextWidth.isZeroWidth(value) {
                zeroRun += 1
                if zeroRun > maxMarksPerGrapheme { continue }
            } else {
                zeroRun = 0
            }
            output.append(scalar)
            previous = scalar
        }
    }

    /// A zero-width cluster made visible and at least one column wide.
    ///
    /// Combining marks and joiners take a ◌ base. Standalone Hangul vowel/final jamo only
    /// cluster after a leading consonant, so they get the Hangul fillers instead.
    /// Invisible format characters that cannot take a base at all (zero width space,
    /// word joiner, BOM) become U+FFFD, which also reveals one hidden in a hostname.
    private static func withVisibleBase(_ piece: String.UnicodeScalarView, lead: UInt32) -> String.UnicodeScalarView {
        var based = String.UnicodeScalarView()
        switch lead {
        case 0x1160...0x11A7, 0xD7B0...0xD7C6:
            based.append("\u{115F}")
        case 0x11A8...0x11FF, 0xD7CB...0xD7FB:
            based.append("\u{115F}")
            based.append("\u{1160}")
        default:
            based.append(dottedCircle)
        }
        based.append(contentsOf: piece)
        if String(based).count == 1 { return based }
        return String.UnicodeScalarView(["\u{FFFD}"])
    }

    /// What a dangerous scalar becomes: a picture, U+FFFD, or U+0000 meaning "drop it";
    /// nil for scalars that are kept.
    private static func replacement(for value: UInt32) -> Unicode.Scalar? {
        switch value {
        case 0x00..<0x20:
            return Unicode.Scalar(0x2400 + value)
        case 0x7F:
            return "\u{2421}"
        case 0x80..<0xA0:
            return "\u{FFFD}"
        case 0xAD:
            // Unicode says invisible, glibc's wcwidth says one column: drop it so the
            // buffer and the terminal can never disagree about it.
            return "\u{0}"
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            return "\u{FFFD}"
        case 0x2028, 0x2029:
            return "\u{FFFD}"
        case 0xFDD0...0xFDEF:
            return "\u{FFFD}"
        case 0x2065, 0xFFF0...0xFFF8, 0xE0000, 0xE0002...0xE001F, 0xE0080...0xE00FF, 0xE01F0...0xE0FFF:
            // Unassigned, invisible, and unable to carry a mark: a mark after one would
            // start a zero-width cluster of its own.
            return "\u{FFFD}"
        default:
            if value & 0xFFFE == 0xFFFE { return "\u{FFFD}" }
            return nil
        }
    }
}
