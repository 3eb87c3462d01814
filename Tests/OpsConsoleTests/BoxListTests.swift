import Testing
@testable import OpsConsole
import TermUI

/// The dashboard boxes' row window: every row shows, or the border says how many do not.
@Suite("Box list")
struct BoxListTests {
    struct Case: Sendable, CustomStringConvertible {
        let count, height, rowHeight, scroll: Int
        let range: Range<Int>
        let note: String?
        var description: String { "\(count) rows in \(height) lines from \(scroll)" }
    }

    static let cases: [Case] = [
        Case(count: 3, height: 6, rowHeight: 1, scroll: 0, range: 0..<3, note: nil),
        Case(count: 6, height: 6, rowHeight: 1, scroll: 4, range: 0..<6, note: nil),
        Case(count: 8, height: 6, rowHeight: 1, scroll: 0, range: 0..<6, note: "+2 more ↓"),
        Case(count: 8, height: 6, rowHeight: 1, scroll: 1, range: 1..<7, note: "↑ 1 above  +1 more ↓"),
        Case(count: 8, height: 6, rowHeight: 1, scroll: 9, range: 2..<8, note: "↑ 2 above"),
        Case(count: 8, height: 6, rowHeight: 1, scroll: -3, range: 0..<6, note: "+2 more ↓"),
        Case(count: 3, height: 7, rowHeight: 3, scroll: 0, range: 0..<2, note: "+1 more ↓"),
        Case(count: 4, height: 1, rowHeight: 1, scroll: 0, range: 0..<1, note: "+3 more ↓"),
        Case(count: 0, height: 4, rowHeight: 1, scroll: 2, range: 0..<0, note: nil),
    ]

    @Test(arguments: cases) func window(_ c: Case) {
        let w = BoxList.window(count: c.count, height: c.height, rowHeight: c.rowHeight, scroll: c.scroll)
        #expect(w.range == c.range)
        #expect(w.note(unicode: true) == c.note)
    }

    @Test func tilesCountItemsNotRows() {
        // 5 tiles, 2 a row, 2 rows shown: the third row holds one tile.
        let w = BoxList.window(count: 3, height: 6, rowHeight: 3, scroll: 0)
        #expect(w.note(unicode: true, perRow: 2, items: 5) == "+1 more ↓")
        #expect(w.note(unicode: false, perRow: 2, items: 6) == "+2 more v")
    }

    @Test func scrollStopsAtTheEnds() {
        var list = BoxList()
        list.scroll(by: 10, count: 8, height: 6)
        #expect(list.scroll == 2)
        list.scroll(by: -5, count: 8, height: 6)
        #expect(list.scroll == 0)
        list.reveal(7, count: 8, height: 6)
        #expect(list.window(count: 8, height: 6).range.contains(7))
        list.reveal(0, count: 8, height: 6)
        #expect(list.scroll == 0)
    }

    @Test func worstFirstIsStable() {
        let rows = [("a", 3), ("b", 0), ("c", 3), ("d", 1), ("e", 0)]
        #expect(BoxList.worstFirst(rows) { $0.1 }.map(\.0) == ["b", "e", "d", "a", "c"])
    }

    @Test func noteSitsInTheBottomBorder() {
        var buffer = ScreenBuffer(size: Size(width: 30, height: 5))
        BoxList().render(Box(title: "Rows"), area: Rect(x: 0, y: 0, width: 30, height: 5), count: 5, theme: .default,
                         capabilities: .full, into: &buffer) { i, y, buffer in buffer.put("row \(i)", x: 1, y: y, style: Style()) }
        let lines = buffer.textGrid().split(separator: "\n").map(String.init)
        #expect(lines[1].contains("row 0") && lines[3].contains("row 2"))
        #expect(lines[4].contains("+2 more ↓"))
    }
}
