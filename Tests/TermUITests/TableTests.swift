import Testing
import _OpsTestSupport
@testable import TermUI

@Suite struct TableTests {
    let table = Table(columns: [
        TableColumn("ID", width: .fixed(4), alignment: .right),
        TableColumn("Name", width: .flex(1)),
        TableColumn("Age", width: .min(3)),
    ])

    @Test func columnWidthsFillTheArea() {
        #expect(table.columnWidths(for: 20) == [4, 11, 3])
        #expect(table.columnWidths(for: 5) == [3, 0, 0])
        #expect(Table(columns: [TableColumn("a", width: .min(2)), TableColumn("b", width: .min(2))]).columnWidths(for: 11) == [5, 5])
    }

    @Test func rendersHeaderRowsAndSelection() {
        var buffer = canvas(20, 4)
        let state = TableState(rowCount: 3, selected: 1)
        let data = [["1", "web-01", "5m"], ["22", "db-primary-long", "1h"], ["333", "漢字ホスト名", "2d"]]
        table.render(into: &buffer, area: buffer.bounds, theme: .default, state: state) { data[$0] }
        #expect(lines(buffer) == [
            "  ID Name        Age",
            "   1 web-01      5m ",
            "  22 db-primary… 1h ",
            " 333 漢字ホスト… 2d ",
        ])
        #expect(buffer[0, 0].style == Theme.default[.header])
        #expect((0..<20).allSatisfy { buffer[$0, 2].style == Theme.default[.selection] })
        #expect(buffer[0, 1].style == Theme.default[.text])
        let unfocused = Table(columns: table.columns, focused: false)
        unfocused.render(into: &buffer, area: buffer.bounds, theme: .default, state: state) { data[$0] }
        #expect(buffer[5, 2].style == Theme.default[.selectionInactive])
    }

    @Test func cellStylesAndEmptyMessage() {
        var buffer = canvas(12, 3)
        let state = TableState(rowCount: 2, selected: nil)
        Table(columns: [TableColumn("Sev")]).render(into: &buffer, area: buffer.bounds, theme: .default, state: state) { index in
            [TableCell(index == 0 ? "crit" : "info", style: index == 0 ? .severityCritical : .severityInfo)]
        }
        #expect(buffer[0, 1].style == Theme.default[.severityCritical])
        #expect(buffer[0, 2].style == Theme.default[.severityInfo])
        var empty = canvas(12, 2)
        Table(columns: [TableColumn("Sev")], emptyMessage: "No alerts").render(into: &empty, area: empty.bounds, theme: .default, state: TableState(), rows: { _ in [] })
        #expect(lines(empty) == ["Sev         ", "No alerts   "])
    }

    /// Virtual scrolling: the provider sees only the rows on screen.
    @Test func providerIsAskedForVisibleRowsOnly() {
        var buffer = canvas(30, 6)
        var state = TableState(rowCount: 100_000)
        let visibleRows = table.visibleRowCount(in: buffer.bounds)
        #expect(visibleRows == 5)
        state.select(50_000, visibleRows: visibleRows)
        var asked: [Int] = []
        table.render(into: &buffer, area: buffer.bounds, theme: .default, state: state) { index in
            asked.append(index)
            return ["\(index)", "row \(index)", "1m"]
        }
        #expect(asked == Array(49_996...50_000))
        #expect(lines(buffer)[5].hasPrefix("500… row 50000"))
    }

    @Test func borderedRowWithCJKEmojiAndEscapesKeepsTheRightBorder() {
        var buffer = canvas(40, 7)
        let inner = Box(title: "Alerts").render(into: &buffer, area: buffer.bounds, theme: .default)
        let rows = [
            ["crit", "ディスク使用率が高い 漢字", "db-01"],
            ["warn", "🔥 CPU 👨‍👩‍👧 🇫🇷 1️⃣ 👍🏽", "web"],
            ["info", "\u{1B}[31mred\u{1B}[0m \u{202E}evil\u{9B}2J", "e\u{301}x"],
            ["info", "zero\u{200B}width\u{301}\u{301}", "漢漢漢漢漢漢"],
        ]
        let alerts = Table(columns: [TableColumn("Sev", width: .fixed(4)), TableColumn("Summary", width: .flex(3)), TableColumn("Host", width: .flex(1))])
        alerts.render(into: &buffer, area: inner, theme: .default, state: TableState(rowCount: rows.count, selected: nil)) { rows[$0] }
        for line in lines(buffer) {
            #expect(TextWidth.width(of: line) == 40, "\(line)")
            #expect(line.hasSuffix("│") || line.hasSuffix("┐") || line.hasSuffix("┘"), "\(line)")
        }
        #expect(wideCellsArePaired(buffer))
        assertSnapshot(buffer, named: "table-hostile-row", directory: ScreenSnapshot.directory(besides: #filePath))
    }
}

@Suite struct TableStateTests {
    @Test func movingKeepsSelectionVisible() {
        var state = TableState(rowCount: 100)
        #expect(state.selected == 0)
        state.moveBy(12, visibleRows: 10)
        #expect(state.selected == 12)
        #expect(state.offset == 3)
        #expect(state.visibleRange(visibleRows: 10) == 3..<13)
        state.moveBy(-5, visibleRows: 10)
        #expect(state.offset == 3)
        state.moveBy(-5, visibleRows: 10)
        #expect(state.selected == 2)
        #expect(state.offset == 2)
        state.page(1, visibleRows: 10)
        #expect(state.selected == 12)
        state.end(visibleRows: 10)
        #expect(state.selected == 99)
        #expect(state.offset == 90)
        state.page(-100, visibleRows: 10)
        #expect(state.selected == 0)
        state.moveBy(Int.max, visibleRows: 10)
        #expect(state.selected == 99)
        state.home(visibleRows: 10)
        #expect(state.visibleRange(visibleRows: 10) == 0..<10)
    }

    @Test func rowCountChangesClampSelection() {
        var state = TableState(rowCount: 50, selected: 45)
        state.setRowCount(10, visibleRows: 5)
        #expect(state.selected == 9)
        #expect(state.visibleRange(visibleRows: 5) == 5..<10)
        state.setRowCount(0, visibleRows: 5)
        #expect(state.selected == nil)
        #expect(state.visibleRange(visibleRows: 5).isEmpty)
        state.moveBy(1, visibleRows: 5)
        #expect(state.selected == nil)
        state.setRowCount(3, visibleRows: 5)
        #expect(state.selected == 0)
    }

    @Test func keysAndStaleOffsets() {
        var state = TableState(rowCount: 20)
        let used = [Key.down, .char("j"), .enter, .end].map { state.handle($0, visibleRows: 5) }
        #expect(used == [true, true, false, true])
        #expect(state.selected == 19)
        // The terminal grew: the range is corrected without mutating the state.
        #expect(state.visibleRange(visibleRows: 30) == 0..<20)
        #expect(state.visibleRange(visibleRows: 0).isEmpty)
    }
}

@Suite struct TableStateExtremesTests {
    @Test func hugeViewportsDoNotOverflow() {
        var state = TableState(rowCount: 10, selected: 9, offset: 5)
        #expect(state.visibleRange(visibleRows: Int.max) == 0..<10)
        state.page(Int.max, visibleRows: Int.max)
        #expect(state.selected == 9)
        state.moveBy(Int.min, visibleRows: 3)
        #expect(state.selected == 0)
        #expect(TableState(rowCount: -5).selected == nil)
    }
}
