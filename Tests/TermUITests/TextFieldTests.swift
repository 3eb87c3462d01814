import Testing
@testable import TermUI

@Suite struct TextFieldStateTests {
    /// Applies keys and returns the state, for compact expectations.
    func typing(_ keys: [Key], into start: TextFieldState = TextFieldState()) -> TextFieldState {
        var state = start
        for key in keys { _ = state.handle(key) }
        return state
    }

    func chars(_ text: String) -> [Key] { text.map { Key.char($0) } }

    @Test func insertAndMove() {
        let state = typing(chars("helo") + [.left, .char("l"), .end, .char("!")])
        #expect(state.text == "hello!")
        #expect(state.cursor == 6)
        let home = typing([.home, .char(">"), .ctrl("e"), .char("<"), .ctrl("a"), .right, .char("_")], into: state)
        #expect(home.text == ">_hello!<")
        #expect(home.cursor == 2)
    }

    @Test func deleting() {
        let base = TextFieldState(text: "one two three")
        #expect(typing([.backspace], into: base).text == "one two thre")
        #expect(typing([.home, .delete], into: base).text == "ne two three")
        #expect(typing([.ctrl("w")], into: base).text == "one two ")
        #expect(typing([.ctrl("w"), .ctrl("w")], into: base).text == "one ")
        #expect(typing([.home, .right, .right, .right, .ctrl("k")], into: base).text == "one")
        let killed = typing([.left, .left, .ctrl("u")], into: base)
        #expect(killed.text == "ee")
        #expect(killed.cursor == 0)
        #expect(typing([.home, .backspace, .end, .delete], into: base).text == "one two three")
    }

    @Test func graphemeAware() {
        var state = TextFieldState(text: "a👨‍👩‍👧e")
        #expect(state.cursor == 3)
        _ = state.handle(.char("\u{301}"))
        #expect(state.text == "a👨‍👩‍👧é")
        #expect(state.cursor == 3)
        _ = state.handle(.left)
        _ = state.handle(.backspace)
        #expect(state.text == "aé")
        #expect(state.cursor == 1)
        _ = state.handle(.char("\u{1B}"))
        #expect(state.text == "a␛é")
    }

    @Test func maxLengthAndUnhandledKeys() {
        var state = TextFieldState(text: "abcdef", maxLength: 4)
        #expect(state.text == "abcd")
        do { let used = state.handle(.char("x")); #expect(used) }
        #expect(state.text == "abcd")
        do { let used = state.handle(.enter); #expect(!used) }
        do { let used = state.handle(.tab); #expect(!used) }
        do { let used = state.handle(.up); #expect(!used) }
        state.setText("漢字")
        #expect(state.cursor == 2)
    }

    @Test func horizontalScrolling() {
        var state = TextFieldState(text: "abcdefghij")
        #expect(state.visibleStart(width: 5) == 6)
        for _ in 0..<3 { _ = state.handle(.left) }
        #expect(state.visibleStart(width: 5) == 3)
        var sticky = state
        sticky.scrollIntoView(width: 5)
        for _ in 0..<2 { _ = sticky.handle(.left); _ = state.handle(.left) }
        #expect(sticky.visibleStart(width: 5) == 3)
        #expect(state.visibleStart(width: 5) == 1)
        _ = state.handle(.home)
        #expect(state.visibleStart(width: 5) == 0)
        let wide = TextFieldState(text: "漢字漢字")
        #expect(wide.visibleStart(width: 5) == 2)
    }
}

@Suite struct TextFieldTests {
    @Test func rendersVisibleSliceAndCursor() {
        var buffer = canvas(6, 1)
        let state = TextFieldState(text: "abcdefghij")
        let cursor = TextField(focused: true).render(into: &buffer, area: buffer.bounds, theme: .default, state: state)
        #expect(lines(buffer) == ["fghij "])
        #expect(cursor?.x == 5)
        #expect(buffer[5, 0].style.attributes.contains(.reverse))
        #expect(buffer[0, 0].style == Theme.default[.inputFocus])
    }

    @Test func wideTextMaskAndPlaceholder() {
        var buffer = canvas(6, 1)
        var state = TextFieldState(text: "漢字漢字")
        _ = state.handle(.home)
        TextField(focused: false).render(into: &buffer, area: buffer.bounds, theme: .default, state: state)
        #expect(lines(buffer) == ["漢字漢"])
        #expect(wideCellsArePaired(buffer))
        TextField(mask: "*").render(into: &buffer, area: buffer.bounds, theme: .default, state: TextFieldState(text: "secret"))
        #expect(lines(buffer) == ["*****"] || lines(buffer) == ["***** "])
        let cursor = TextField(focused: true, placeholder: "search").render(into: &buffer, area: buffer.bounds, theme: .default, state: TextFieldState())
        #expect(lines(buffer) == [" searc"])
        #expect(cursor?.x == 0)
    }
}
