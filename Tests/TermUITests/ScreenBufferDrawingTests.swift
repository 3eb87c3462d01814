import Testing
@testable import TermUI

@Suite struct ScreenBufferDrawingTests {
    let red = Style(foreground: .ansi(1))

    @Test func putASCIIReturnsColumns() {
        var buffer = ScreenBuffer(size: Size(width: 8, height: 2))
        #expect(buffer.put("hello", x: 1, y: 0, style: red) == 5)
        #expect(buffer.textGrid() == " hello  \n        ")
        #expect(buffer[1, 0] == Cell(grapheme: "h", style: red))
        #expect(buffer.put("toolongtext", x: 5, y: 1, style: .plain) == 3)
        #expect(buffer.put("abc", x: 0, y: 1, style: .plain, maxWidth: 2) == 2)
        #expect(buffer.textGrid() == " hello  \nab   too")
        #expect(buffer.put("x", x: 0, y: 2, style: .plain) == 0)
        #expect(buffer.put("x", x: 9, y: 0, style: .plain) == 0)
        #expect(buffer.put("x", x: 0, y: 0, style: .plain, maxWidth: 0) == 0)
    }

    @Test func wideGraphemesTakeTwoCells() {
        var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
        #expect(buffer.put("漢字", x: 0, y: 0, style: red) == 4)
        #expect(buffer.cells.map(\.width) == [2, 0, 2, 0, 1, 1])
        #expect(buffer[1, 0].grapheme == "")
        #expect(buffer.textGrid() == "漢字  ")
    }

    @Test func wideGraphemeThatDoesNotFitBecomesASpace() {
        var buffer = ScreenBuffer(size: Size(width: 5, height: 1))
        #expect(buffer.put("ab漢字", x: 0, y: 0, style: .plain) == 5)
        #expect(buffer.textGrid() == "ab漢 ")
        #expect(buffer.cells.map(\.width) == [1, 1, 2, 0, 1])
        var narrow = ScreenBuffer(size: Size(width: 5, height: 1))
        #expect(narrow.put("ab漢字", x: 0, y: 0, style: .plain, maxWidth: 3) == 3)
        #expect(narrow.textGrid() == "ab   ")
    }

    @Test func overwritingHalfAWideGraphemeBlanksTheOtherHalf() {
        var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
        buffer.put("漢字", x: 0, y: 0, style: red)
        buffer.put("x", x: 1, y: 0, style: .plain)
        #expect(buffer.textGrid() == " x字  ")
        #expect(buffer[0, 0] == Cell(grapheme: " ", style: red))
        buffer.put("y", x: 2, y: 0, style: .plain)
        #expect(buffer.textGrid() == " xy   ")
        #expect(buffer.cells.allSatisfy { $0.width == 1 })
        buffer.put("👍🏽", x: 4, y: 0, style: .plain)
        buffer.put("漢", x: 3, y: 0, style: .plain)
        #expect(buffer.textGrid() == " xy漢 ")
        #expect(buffer.cells.map(\.width) == [1, 1, 1, 2, 0, 1])
    }

    @Test func wideGraphemeCutByTheLeftEdge() {
        var buffer = ScreenBuffer(size: Size(width: 4, height: 1))
        #expect(buffer.put("漢字", x: -1, y: 0, style: .plain) == 4)
        #expect(buffer.textGrid() == " 字 ")
        #expect(buffer.put("hello", x: -2, y: 0, style: .plain) == 5)
        #expect(buffer.textGrid() == "llo ")
    }

    @Test func putAlwaysSanitizes() {
        var buffer = ScreenBuffer(size: Size(width: 12, height: 1))
        buffer.put("\u{1B}[2J\u{202E}x\u{301}", x: 0, y: 0, style: .plain)
        #expect(buffer.textGrid() == "␛[2J\u{FFFD}x\u{301}      ")
        #expect(buffer.cells.allSatisfy { !$0.grapheme.unicodeScalars.contains { $0.value < 0x20 } })
    }

    @Test func clusterSamplesKeepColumnsAligned() {
        for text in ["👍🏽", "👨‍👩‍👧", "🇫🇷", "1️⃣", "e\u{301}", "漢", "\u{200B}"] {
            var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
            let used = buffer.put("|" + text + "|", x: 0, y: 0, style: .plain)
            #expect(used == 2 + TextWidth.width(of: Sanitizer.sanitize(text)))
            #expect(wideCellsArePaired(buffer))
        }
    }

    @Test func fillAndApplyStyle() {
        var buffer = ScreenBuffer(size: Size(width: 5, height: 3))
        buffer.put("漢字x", x: 0, y: 1, style: .plain)
        buffer.fill(Rect(x: 1, y: 0, width: 3, height: 2), with: Cell(grapheme: ".", style: red))
        #expect(buffer.textGrid() == " ... \n ...x\n     ")
        buffer.fill(Rect(x: 0, y: 2, width: 5, height: 1), with: Cell(grapheme: "字"))
        #expect(buffer.textGrid() == " ... \n ...x\n字字 ")
        buffer.applyStyle(Rect(x: -3, y: 0, width: 5, height: 1)) { $0.attributes.insert(.bold) }
        #expect(buffer[0, 0].style.attributes == [.bold])
        #expect(buffer[1, 0].style == Style(foreground: .ansi(1), attributes: .bold))
        #expect(buffer[2, 0].style == red)
        buffer.clear()
        #expect(buffer == ScreenBuffer(size: buffer.size))
    }

    @Test func resizeKeepsTopLeftAndCutsWideGraphemes() {
        var buffer = ScreenBuffer(size: Size(width: 5, height: 2))
        buffer.put("ab漢x", x: 0, y: 0, style: .plain)
        buffer.put("12345", x: 0, y: 1, style: .plain)
        buffer.resize(to: Size(width: 3, height: 3))
        #expect(buffer.textGrid() == "ab \n123\n   ")
        buffer.resize(to: Size(width: 4, height: 1))
        #expect(buffer.textGrid() == "ab  ")
        #expect(buffer.cells.count == 4)
    }
}

/// The wide-cell invariant: every head (width 2) is followed by a continuation in the same
/// row, and every continuation follows a head.
func wideCellsArePaired(_ buffer: ScreenBuffer) -> Bool {
    let width = buffer.size.width
    for y in 0..<buffer.size.height {
        for x in 0..<width {
            switch buffer[x, y].width {
            case 2:
                if x + 1 >= width || buffer[x + 1, y].width != 0 { return false }
            case 0:
                if x == 0 || buffer[x - 1, y].width != 2 { return false }
            default:
                continue
            }
        }
    }
    return true
}
