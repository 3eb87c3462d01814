import Testing
@testable import TermUI

@Suite struct SanitizerTests {
    @Test func escapeSequencesBecomeInert() {
        #expect(Sanitizer.sanitize("\u{1B}[2J") == "␛[2J")
        #expect(Sanitizer.sanitize("a\tb\r\nc\u{7}") == "a␉b␍␊c␇")
        #expect(Sanitizer.sanitize("x\u{7F}y") == "x␡y")
        #expect(Sanitizer.sanitize("\u{9B}31m") == "\u{FFFD}31m")
        #expect(Sanitizer.sanitize("\u{0}") == "␀")
    }

    @Test func bidiControlsAreReplaced() {
        let clean = Sanitizer.sanitize("abc\u{202E}def\u{2066}x\u{200F}\u{061C}")
        #expect(clean == "abc\u{FFFD}def\u{FFFD}x\u{FFFD}\u{FFFD}")
        #expect(!clean.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) })
    }

    @Test func zeroWidthGraphemesGetAVisibleBase() {
        #expect(Sanitizer.sanitize("\u{301}x") == "\u{25CC}\u{301}x")
        #expect(Sanitizer.sanitize("a\u{200B}b") == "a\u{FFFD}b")
        #expect(Sanitizer.sanitize("\u{200D}x") == "\u{25CC}\u{200D}x")
        #expect(Sanitizer.sanitize("\u{1161}") == "\u{115F}\u{1161}")
        #expect(Sanitizer.sanitize("a\u{AD}b") == "ab")
        for character in Sanitizer.sanitize("\u{301}\u{200B}\u{FEFF}\u{1161}x") {
            #expect(TextWidth.width(of: character) >= 1)
        }
    }

    @Test func legitimateTextIsKept() {
        for text in ["plain", "e\u{301}", "漢字", "👨‍👩‍👧 🇫🇷 1️⃣ 👍🏽", "한국어", "\u{1100}\u{1161}\u{11A8}", "Ünïcödé"] {
            #expect(Sanitizer.sanitize(text) == text)
            #expect(Sanitizer.isClean(text))
        }
        #expect(!Sanitizer.isClean("\u{1B}"))
    }

    @Test func zalgoIsCapped() {
        let marks = String(repeating: "\u{301}\u{302}", count: 30)
        let clean = Sanitizer.sanitize("Z" + marks)
        #expect(clean.count == 1)
        #expect(clean.unicodeScalars.count == 1 + Sanitizer.maxMarksPerGrapheme)
    }

    /// Random scalar soup (seeded): the output never holds a control or a zero-width grapheme.
    @Test func randomInputAlwaysComesOutSafe() {
        var generator = SeededGenerator(seed: 42)
        let pools: [ClosedRange<UInt32>] = [0...0xFF, 0x300...0x36F, 0x2000...0x206F, 0xFFF0...0xFFFF, 0xE0000...0xE0080, 0xAC00...0xAC10, 0x3040...0x30FF, 0x1F1E6...0x1F1FF, 0x1F300...0x1F64F, 0xFE00...0xFE0F, 0x1100...0x11FF, 0x4E00...0x4E20]
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                let pool = pools[Int.random(in: 0..<pools.count, using: &generator)]
                if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &generator)) { text.append(scalar) }
            }
            let clean = Sanitizer.sanitize(String(text))
            for character in clean {
                #expect(TextWidth.width(of: character) >= 1, "\(String(text).unicodeScalars.map(\.value))")
            }
            #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
            #expect(Sanitizer.sanitize(clean) == clean)
        }
    }
}

/// A deterministic random source, so "random" tests fail the same way every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The shortcuts (sanitizer fast check, ASCII/CJK grapheme shortcuts) must agree with
/// the slow paths built on Swift's own grapheme breaking.
@Suite struct FastPathAgreementTests {
    static func randomText(_ generator: inout SeededGenerator) -> String {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x20...0x7E, 0x300...0x36F, 0x200B...0x200F, 0x3040...0x30FF, 0x4E00...0x4E10, 0xAC00...0xAC05, 0x1160...0x11AF, 0x1F1E6...0x1F1FF, 0x1F3FB...0x1F3FF, 0x1F44D...0x1F44F, 0xFE0E...0xFE0F, 0x20E3...0x20E3, 0xE0020...0xE007F, 0x2060...0x2066]
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...10, using: &generator) {
            let pool = pools[Int.random(in: 0..<pools.count, using: &generator)]
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &generator)) { text.append(scalar) }
        }
        return String(text)
    }

    @Test func sanitizerFastCheckMatchesSlowPath() {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<3000 {
            let text = Self.randomText(&generator)
            #expect(Sanitizer.sanitize(text) == Sanitizer.sanitizeGraphemes(text), "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func widthWalkerMatchesCharacters() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<3000 {
            let text = Sanitizer.sanitize(Self.randomText(&generator))
            var clusters: [String] = []
            TextWidth.forEachGrapheme(in: text) { slice, _ in
                switch slice {
                case .ascii(let byte): clusters.append(String(Unicode.Scalar(byte)))
                case .text(let cluster): clusters.append(String(cluster))
                }
                return true
            }
            #expect(clusters == text.map { String($0) }, "\(text.unicodeScalars.map(\.value))")
            #expect(TextWidth.width(of: text) == text.reduce(0) { $0 + TextWidth.width(of: $1) })
        }
    }
}
