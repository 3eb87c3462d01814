/// A single-line text input: the visible slice of a `TextFieldState`, with a cursor.
public struct TextField: Hashable, Sendable {
    public var focused: Bool
    /// Shown dimmed while the text is empty.
    public var placeholder: String?
    /// Shown instead of each grapheme (passwords, tokens).
    public var mask: Character?
    /// Draws with `input.error` (the form shows why below the field).
    public var hasError: Bool

    public init(focused: Bool = false, placeholder: String? = nil, mask: Character? = nil, hasError: Bool = false) {
        self.focused = focused
        self.placeholder = placeholder
        self.mask = mask
        self.hasError = hasError
    }

    /// Draws the field on the first row of `area` and returns where the terminal cursor
    /// belongs when focused. The cursor cell is also drawn reversed, so it shows even
    /// when the backend hides the hardware cursor.
    @discardableResult
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, state: TextFieldState) -> (x: Int, y: Int)? {
        guard area.width > 0, area.height > 0 else { return nil }
        var style = theme[focused ? .inputFocus : .input]
        if hasError {
            let error = theme[.inputError]
            style.foreground = error.foreground
            style.attributes.formUnion(error.attributes)
        }
        buffer.put(String(repeating: " ", count: area.width), x: area.x, y: area.y, style: style)
        if state.text.isEmpty, let placeholder {
            var dim = style
            dim.foreground = theme[.textDim].foreground
            dim.attributes.formUnion(theme[.textDim].attributes)
            buffer.put(placeholder, x: area.x + 1, y: area.y, style: dim, maxWidth: area.width - 1)
        }
        let start = state.visibleStart(width: area.width, mask: mask)
        let visible = Array(state.text).dropFirst(start)
        var x = area.x
        var cursorX = area.x
        for (offset, grapheme) in visible.enumerated() {
            if start + offset == state.cursor { cursorX = x }
            let shown = mask.map(String.init) ?? String(grapheme)
            let used = buffer.put(shown, x: x, y: area.y, style: style, maxWidth: area.maxX - x)
            if used == 0 { break }
            x += used
            if x >= area.maxX { break }
        }
        if state.cursor >= start + visible.count { cursorX = x }
        guard focused, cursorX < area.maxX else { return nil }
        buffer.applyStyle(Rect(x: cursorX, y: area.y, width: 1, height: 1)) { $0.attributes.formSymmetricDifference(.reverse) }
        return (cursorX, area.y)
    }
}
