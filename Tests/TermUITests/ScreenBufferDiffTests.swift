import Testing
@testable import TermUI

@Suite struct ScreenBufferDiffTests {
    @Test func identicalFramesHaveNoRuns() {
        var frame = ScreenBuffer(size: Size(width: 10, height: 3))
        frame.put("hello", x: 0, y: 1, style: .plain)
        #expect(frame.diff(from: frame).isEmpty)
    }

    @Test func changedCellsFormContiguousRuns() {
        let old = ScreenBuffer(size: Size(width: 10, height: 2))
        var new = old
        new.put("ab", x: 2, y: 0, style: .plain)
        new.put("c", x: 6, y: 0, style: .plain)
        new.put("d", x: 9, y: 1, style: .plain)
        let runs = new.diff(from: old)
        #expect(runs.map { "\($0.y):\($0.x):\($0.cells.map(\.grapheme).joined())" } == ["0:2:ab", "0:6:c", "1:9:d"])
    }

    @Test func changedContinuationPullsInItsHead() {
        var old = ScreenBuffer(size: Size(width: 6, height: 1))
        old.put("漢", x: 2, y: 0, style: .plain)
        var new = old
        new[3, 0] = Cell(grapheme: "", style: Style(attributes: .bold), width: 0)
        let runs = new.diff(from: old)
        #expect(runs.count == 1)
        #expect(runs.first?.x == 2)
        #expect(runs.first?.cells.count == 2)
        var headOnly = old
        headOnly.put("字", x: 2, y: 0, style: .plain)
        #expect(headOnly.diff(from: old).first?.cells.map(\.width) == [2, 0])
    }

    @Test func differentSizesRepaintEverything() {
        let old = ScreenBuffer(size: Size(width: 4, height: 2))
        let new = ScreenBuffer(size: Size(width: 5, height: 3))
        let runs = new.diff(from: old)
        #expect(runs.count == 3)
        #expect(runs.allSatisfy { $0.x == 0 && $0.cells.count == 5 })
    }

    /// Random edits (seeded): applying the diff to the old frame always yields the new one.
    @Test func applyingTheDiffReproducesTheFrame() {
        var generator = SeededGenerator(seed: 7)
        let samples = ["a", "漢", "👍🏽", "xyz", "字字", "\u{1B}", "e\u{301}", " "]
        var old = ScreenBuffer(size: Size(width: 20, height: 5))
        for _ in 0..<200 {
            var new = old
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                let text = samples[Int.random(in: 0..<samples.count, using: &generator)]
                let style = Style(foreground: .ansi(UInt8.random(in: 0...3, using: &generator)))
                new.put(text, x: Int.random(in: -1...20, using: &generator), y: Int.random(in: 0...4, using: &generator), style: style)
            }
            #expect(wideCellsArePaired(new))
            var screen = old
            screen.apply(new.diff(from: old))
            #expect(screen == new)
            for run in new.diff(from: old) {
                #expect(run.cells.first?.width != 0)
            }
            old = new
        }
    }

    @Test func testBackendRecordsFramesAndRuns() {
        let backend = TestBackend(size: Size(width: 10, height: 2))
        var frame = ScreenBuffer(size: backend.size)
        frame.put("one", x: 0, y: 0, style: .plain)
        backend.present(frame, previous: nil)
        #expect(backend.runs.last?.count == 2)
        let previous = frame
        frame.put("two", x: 0, y: 1, style: .plain)
        backend.present(frame, previous: previous)
        #expect(backend.runs.last == [DiffRun(y: 1, x: 0, cells: Array(frame.cells[10..<13]))])
        #expect(backend.screen == frame)
        backend.invalidate()
        backend.present(frame, previous: frame)
        #expect(backend.runs.last?.count == 2)
        #expect(backend.frames.count == 3)
        #expect(backend.invalidations == 1)
        #expect(backend.screen == frame)
    }

    @Test func gridsShowTextAndStyles() {
        var buffer = ScreenBuffer(size: Size(width: 6, height: 2))
        let bold = Style(attributes: .bold)
        let alert = Style(foreground: .ansi(1), background: .rgb(0, 0, 0x80))
        buffer.put("漢ab", x: 0, y: 0, style: bold)
        buffer.put("!", x: 5, y: 1, style: alert)
        var legend: [Style: Character] = [:]
        #expect(buffer.textGrid() == "漢ab  \n     !")
        #expect(buffer.styleGrid(legend: &legend) == "aaaa  \n     b")
        #expect(legend == [bold: "a", alert: "b"])
        #expect(alert.description == "red on #000080")
        #expect(bold.description == "bold")
        #expect(Style.plain.description == "default")
    }

    /// A 200x60 full redraw shifted by one column each frame: every row changes. How fast
    /// it is belongs to `pmops bench console` (console.*.frame and console.*.diff at
    /// 200x60), not to a budget that fails on a loaded machine.
    @Test func fullRedrawShiftedByAColumnChangesEveryRow() {
        let size = Size(width: 200, height: 60)
        var previous = ScreenBuffer(size: size)
        let line = String(repeating: "metric_value 12.5 ", count: 12)
        for round in 0..<5 {
            var frame = ScreenBuffer(size: size)
            for y in 0..<size.height {
                frame.put(line, x: round, y: y, style: Style(foreground: .ansi(UInt8(y % 8))))
            }
            let runs = frame.diff(from: previous)
            #expect(Set(runs.map(\.y)) == Set(0..<size.height))
            #expect(frame.diff(from: frame).isEmpty)
            previous = frame
        }
    }
}
