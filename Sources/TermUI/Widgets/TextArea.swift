/// A multi-line text input: the visible part of a `TextAreaState`, with a cursor cell.
/// Lines are not wrapped; the cursor's line scrolls sideways when it runs past the edge.
public struct TextArea: Hashable, Sendable {
    public var focused: Bool
    /// Shown dimmed on the first line while the text is empty.
    public var placeholder: String?
    public var hasError: Bool

    public init(focused: Bool = false, placeholder: String? = nil, hasError: Bool = false) {
        self.focused = focused
        self.placeholder = placeholder
        self.hasError = hasError
    }

    /// Fills `area` with the input style, draws the visible lines and returns where the
    /// terminal cursor belongs when focused (the cell is also drawn reversed).
    @discardableResult
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, state: TextAreaState) -> (x: Int, y: Int)? {
        guard area.width > 0, area.height > 0 else { return nil }
        var style = theme[focused ? .inputFocus : .input]
        if hasError {
            let error = theme[.inputError]
            style.foreground = error.foreground
            style.attributes.formUnion(error.attributes)
        }
        buffer.fill(area, with: Cell(grapheme: " ", style: style))
        if state.isEmpty, let placeholder {
            var dim = style
            dim.foreground = theme[.textDim].foreground
            dim.attributes.formUnion(theme[.textDim].attributes)
            buffer.put(placeholder, x: area.x + 1, y: area.y, style: dim, maxWidth: area.width - 1)
        }
        let top = state.firstVisibleRow(height: area.height)
        var cursor: (x: Int, y: Int)?
        for index in top..<min(state.lines.count, top + area.height) {
            let y = area.y + index - top
            let start = state.firstVisibleColumn(line: index, width: area.width)
            var x = area.x
            for (offset, grapheme) in state.lines[index].dropFirst(start).enumerated() {
                if index == state.row, start + offset == state.column { cursor = (x, y) }
                let used = buffer.put(String(grapheme), x: x, y: y, style: style, maxWidth: area.maxX - x)
                if used == 0 { break }
                x += used
                if x >= area.maxX { break }
            }
            if index == state.row, cursor == nil { cursor = (x, y) }
        }
        guard focused, let cursor, cursor.x < area.maxX else { return nil }
        buffer.applyStyle(Rect(x: cursor.x, y: cursor.y, width: 1, height: 1)) { $0.attributes.formSymmetricDifference(.reverse) }
        return cursor
    }
}
