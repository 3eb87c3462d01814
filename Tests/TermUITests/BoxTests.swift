import Testing
@testable import TermUI

@Suite struct BoxTests {
    @Test func unicodeBorderWithTitles() {
        var buffer = canvas(16, 3)
        let inner = Box(title: "Alerts", trailingTitle: "3").render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(inner == Rect(x: 1, y: 1, width: 14, height: 1))
        #expect(lines(buffer) == [
            "┌ Alerts ─── 3 ┐",
            "│              │",
            "└──────────────┘",
        ])
        #expect(buffer[0, 0].style == Theme.default[.border])
        #expect(buffer[2, 0].style == Theme.default[.title])
    }

    @Test func asciiFallbackAndFocus() {
        var buffer = canvas(10, 3)
        Box(title: "Targets", focused: true).render(into: &buffer, area: buffer.bounds, theme: .default, capabilities: asciiTerminal)
        #expect(lines(buffer) == [
            "+ Tar… --+",
            "|        |",
            "+--------+",
        ])
        #expect(buffer[0, 0].style == Theme.default[.borderFocus])
        #expect(buffer[2, 0].style == Theme.default[.titleFocus])
    }

    @Test func tinyAreasDrawNothing() {
        var buffer = canvas(3, 3)
        let inner = Box(title: "x").render(into: &buffer, area: Rect(x: 0, y: 0, width: 1, height: 3), theme: .default)
        #expect(inner.isEmpty)
        #expect(buffer == canvas(3, 3))
        Box(title: "long title").render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer) == ["┌─┐", "│ │", "└─┘"])
    }

    @Test func hostileTitleStaysInItsBorder() {
        var buffer = canvas(20, 2)
        Box(title: "\u{1B}]0;pwned\u{7}漢字👨‍👩‍👧 very long").render(into: &buffer, area: buffer.bounds, theme: .default)
        #expect(lines(buffer)[0].hasSuffix("┐"))
        #expect(TextWidth.width(of: lines(buffer)[0]) == 20)
        #expect(wideCellsArePaired(buffer))
    }
}
