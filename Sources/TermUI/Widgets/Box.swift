/// A bordered frame with an optional title: the outline of every pane and dialog.
public struct Box: Hashable, Sendable {
    /// Shown in the top border, left-aligned.
    public var title: String?
    /// Shown in the top border, right-aligned (counts such as "12 firing").
    public var trailingTitle: String?
    /// Focused boxes use `border.focus`/`title.focus`, so the user sees where keys go.
    public var focused: Bool
    /// Overrides the border style key (dialogs use `dialog.border`).
    public var borderKey: ThemeKey?

    public init(title: String? = nil, trailingTitle: String? = nil, focused: Bool = false, borderKey: ThemeKey? = nil) {
        self.title = title
        self.trailingTitle = trailingTitle
        self.focused = focused
        self.borderKey = borderKey
    }

    /// Draws the border around `area` and returns the inside. The inside is left as it
    /// was; a box smaller than 2×2 draws nothing and has an empty inside.
    @discardableResult
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, capabilities: TerminalCapabilities = .full) -> Rect {
        guard area.width >= 2, area.height >= 2 else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
        let glyphs = BorderGlyphs.for(capabilities)
        let style = theme[borderKey ?? (focused ? .borderFocus : .border)]
        let titleStyle = theme[focused ? .titleFocus : .title]
        let inner = area.inset(by: 1)
        let horizontal = String(repeating: glyphs.horizontal, count: inner.width)
        buffer.put(glyphs.topLeft + horizontal + glyphs.topRight, x: area.x, y: area.y, style: style)
        buffer.put(glyphs.bottomLeft + horizontal + glyphs.bottomRight, x: area.x, y: area.maxY - 1, style: style)
        for y in inner.y..<inner.maxY {
            buffer.put(glyphs.vertical, x: area.x, y: y, style: style)
            buffer.put(glyphs.vertical, x: area.maxX - 1, y: y, style: style)
        }
        drawTitles(into: &buffer, area: area, style: titleStyle)
        return inner
    }

    /// Titles sit one column in from the corners, padded with a space each side; the
    /// trailing title gives way to the leading one when both do not fit.
    private func drawTitles(into buffer: inout ScreenBuffer, area: Rect, style: Style) {
        let room = area.width - 4
        guard room > 0 else { return }
        var used = 0
        if let title, !title.isEmpty {
            let text = " " + TextWidth.truncate(Sanitizer.sanitize(title), toWidth: room - 2) + " "
            used = buffer.put(text, x: area.x + 1, y: area.y, style: style, maxWidth: room + 2)
        }
        if let trailingTitle, !trailingTitle.isEmpty {
            let free = room - used - (used > 0 ? 1 : 0)
            guard free > 2 else { return }
            let text = " " + TextWidth.truncate(Sanitizer.sanitize(trailingTitle), toWidth: free - 2) + " "
            buffer.put(text, x: area.maxX - 1 - TextWidth.width(of: text), y: area.y, style: style)
        }
    }
}
