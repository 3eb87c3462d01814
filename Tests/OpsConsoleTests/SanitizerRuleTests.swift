import OpsCore
import Testing
import TermUI

/// The CLI (`Printable.quote`, OpsCore) and the console (`Sanitizer`, TermUI) apply one
/// rule to untrusted text: every control, bidi control and invisible format character is
/// made visible, except joiners inside an emoji sequence. TermUI cannot import OpsCore,
/// so this test holds the two implementations to the same set of characters.
@Suite("One rule for untrusted text in the CLI and the console")
struct SanitizerRuleTests {
    /// Every format (Cf), line and paragraph separator scalar, plus controls and bidi controls.
    static let suspects: [Unicode.Scalar] = (0...0x10FFFF).compactMap { value -> Unicode.Scalar? in
        guard let s = Unicode.Scalar(UInt32(value)) else { return nil }
        switch s.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .control: return s
        default: return nil
        }
    }

    @Test("between letters, the CLI escapes exactly what the console replaces")
    func betweenLetters() {
        #expect(Self.suspects.count > 150, "the suspect list is not empty by mistake")
        var disagreements: [String] = []
        var escaped = 0
        for s in Self.suspects {
            let text = "a" + String(Character(s)) + "b"
            let cli = Printable.quote(text) != text
            let console = Sanitizer.sanitize(text) != text
            if cli != console { disagreements.append("U+\(String(s.value, radix: 16, uppercase: true)) cli \(cli) console \(console)") }
            if cli { escaped += 1 }
        }
        #expect(disagreements == [])
        // Only the prepended concatenation marks (visible number signs) pass through.
        #expect(escaped == Self.suspects.count - 13, "\(escaped) of \(Self.suspects.count)")
    }

    @Test("emoji sequences stay whole in both", arguments: ["👩\u{200D}💻", "❤\u{FE0F}\u{200D}🔥", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "👍🏽"])
    func emoji(text: String) {
        #expect(Printable.quote(text) == text)
        #expect(Sanitizer.sanitize(text) == text)
    }

    @Test("a joiner between letters is made visible in both")
    func joinerBetweenLetters() {
        #expect(Printable.quote("ad\u{200D}min") == "ad\\u{200D}min")
        #expect(Sanitizer.sanitize("ad\u{200D}min") == "ad\u{FFFD}min")
    }
}
