import Testing
@testable import TermUI

@Suite struct TextAreaStateTests {
    func typing(_ keys: [Key], into start: TextAreaState = TextAreaState()) -> TextAreaState {
        var state = start
        for key in keys { _ = state.handle(key) }
        return state
    }

    func chars(_ text: String) -> [Key] { text.map { Key.char($0) } }

    @Test func newlinesSplitAndBackspaceJoins() {
        var state = typing(chars("Hello"))
        state.insertNewline()
        state = typing(chars("world"), into: state)
        #expect(state.text == "Hello\nworld")
        #expect(state.row == 1 && state.column == 5)
        state = typing([.home, .backspace], into: state)
        #expect(state.text == "Helloworld" && state.row == 0 && state.column == 5)
        state.insertNewline()
        #expect(state.text == "Hello\nworld")
        state = typing([.up, .end, .delete], into: state)
        #expect(state.text == "Helloworld")
    }

    @Test func arrowsCrossLinesAndKeepTheColumnInRange() {
        let state = TextAreaState(text: "a long first line\nab\nthird")
        #expect(state.row == 2 && state.column == 5)
        let up = typing([.up], into: state)
        #expect(up.row == 1 && up.column == 2, "clamped to the shorter line")
        let wrapped = typing([.up, .home, .left], into: state)
        #expect(wrapped.row == 0 && wrapped.column == 17)
        let right = typing([.right], into: wrapped)
        #expect(right.row == 1 && right.column == 0)
        #expect(typing([.pageUp], into: state).row == 0)
        #expect(typing([.pageUp, .pageDown], into: state).row == 2)
    }

    @Test func pastedTextIsSanitisedAndCRLFBecomesLines() {
        var state = TextAreaState(text: "one\r\ntwo\rthree")
        #expect(state.lines.count == 3 && state.text == "one\ntwo\nthree")
        state.insert(text: "\u{1B}[31mred")
        #expect(!state.text.contains("\u{1B}"), "an escape sequence becomes visible pictures")
        #expect(state.lines.count == 3)
    }

    @Test func theLimitCountsNewlines() {
        var state = TextAreaState(text: "", maxLength: 3)
        state.insert(text: "ab\ncd")
        #expect(state.text == "ab\n")
        #expect(!state.isEmpty)
    }

    @Test func keysItDoesNotOwnAreLeftToTheCaller() {
        var state = TextAreaState()
        #expect(!state.handle(.enter) && !state.handle(.escape) && !state.handle(.ctrl("d")) && !state.handle(.tab))
    }

    @Test func rendersTheCursorLineScrolledIntoView() {
        var state = TextAreaState(text: "1\n2\n3\n4\n5")
        state.insert(text: "6789")
        var buffer = ScreenBuffer(size: Size(width: 4, height: 3))
        let cursor = TextArea(focused: true).render(into: &buffer, area: Rect(x: 0, y: 0, width: 4, height: 3), theme: .default, state: state)
        let rows = (0..<3).map { y in (0..<4).map { buffer[$0, y].grapheme }.joined() }
        #expect(rows == ["3   ", "4   ", "789 "], "the last rows, and the cursor line scrolled sideways")
        #expect(cursor?.x == 3 && cursor?.y == 2)
    }
}
