import Testing
@testable import TermUI

@Suite struct TextWidthTests {
    @Test(arguments: [
        ("hello", 5), ("", 0), ("漢字", 4), ("日本語テキスト", 14), ("한국어", 6), ("ＡＢ", 4),
        ("ｱｲ", 2), ("👍", 2), ("👍🏽", 2), ("👨‍👩‍👧", 2), ("🇫🇷", 2), ("1️⃣", 2), ("❤️", 2), ("❤", 1),
        ("e\u{301}", 1), ("a\u{200B}b", 2), ("a\u{AD}b", 2), ("\u{1100}\u{1161}\u{11A8}", 2),
        ("\u{1B}", 0), ("\u{301}", 0), ("ok ✅ 〜", 8), ("🏳️‍🌈", 2), ("#️⃣", 2),
    ])
    func widths(text: String, expected: Int) {
        #expect(TextWidth.width(of: text) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func clustersAreOneGrapheme() {
        for text in ["👍🏽", "👨‍👩‍👧", "🇫🇷", "1️⃣", "e\u{301}", "\u{1100}\u{1161}\u{11A8}"] {
            #expect(text.count == 1)
            if let character = text.first { #expect(TextWidth.width(of: character) == TextWidth.width(of: text)) }
        }
    }

    @Test func zalgoKeepsBaseWidth() {
        let marks = (0x300..<0x320).compactMap(Unicode.Scalar.init).map(String.init).joined()
        let zalgo = "Z" + marks + "a" + marks + "漢" + marks
        #expect(zalgo.count == 3)
        #expect(TextWidth.width(of: zalgo) == 4)
    }

    @Test func truncateCutsWholeGraphemes() {
        #expect(TextWidth.truncate("hello world", toWidth: 8) == "hello w…")
        #expect(TextWidth.truncate("hello", toWidth: 5) == "hello")
        #expect(TextWidth.truncate("漢字漢字", toWidth: 5) == "漢字…")
        #expect(TextWidth.truncate("漢字漢字", toWidth: 4) == "漢…")
        #expect(TextWidth.truncate("ab🇫🇷cd", toWidth: 4) == "ab…")
        #expect(TextWidth.truncate("👨‍👩‍👧👨‍👩‍👧", toWidth: 3) == "👨‍👩‍👧…")
        #expect(TextWidth.truncate("hello", toWidth: 1) == "…")
        #expect(TextWidth.truncate("hello", toWidth: 0) == "")
        #expect(TextWidth.truncate("hello", toWidth: 3, ellipsis: "...") == "...")
        #expect(TextWidth.truncate("hello", toWidth: 2, ellipsis: "...") == "he")
    }

    @Test func padFitsExactly() {
        #expect(TextWidth.pad("ab", toWidth: 5) == "ab   ")
        #expect(TextWidth.pad("ab", toWidth: 5, alignment: .right) == "   ab")
        #expect(TextWidth.pad("ab", toWidth: 5, alignment: .center) == " ab  ")
        #expect(TextWidth.pad("漢字漢字", toWidth: 4) == "漢… ")
        for width in 0..<12 {
            for text in ["漢字漢字", "👍🏽 ok", "e\u{301}e\u{301}", "plain text"] {
                #expect(TextWidth.width(of: TextWidth.pad(text, toWidth: width, alignment: .center)) == width)
            }
        }
    }

    @Test func prefixReportsWidth() {
        let (text, width) = TextWidth.prefix("a漢b", maxWidth: 2)
        #expect(text == "a")
        #expect(width == 1)
    }
}
