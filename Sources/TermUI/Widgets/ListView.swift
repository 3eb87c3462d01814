/// A single-column scrolling list with a selection bar (pickers, menus, the pane list).
///
/// Shares `TableState` with `Table`, so selection and scrolling behave the same in both;
/// items are asked for only while visible.
public struct ListView: Hashable, Sendable {
    /// Whether the list has keyboard focus (selection vs selection.inactive).
    public var focused: Bool
    /// Draws "› " (or "> ") before the selected item, for terminals where the bar's
    /// colour is not visible.
    public var showsMarker: Bool
    /// Shown dimmed when there are no items.
    public var emptyMessage: String?

    public init(focused: Bool = true, showsMarker: Bool = true, emptyMessage: String? = nil) {
        self.focused = focused
        self.showsMarker = showsMarker
        self.emptyMessage = emptyMessage
    }

    /// Draws plain items; `items(i)` is called once per visible row only.
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, state: TableState, capabilities: TerminalCapabilities = .full, items: (Int) -> String) {
        render(into: &buffer, area: area, theme: theme, state: state, capabilities: capabilities) { TableCell(items($0)) }
    }

    /// Draws styled items; `cells(i)` is called once per visible row only.
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, state: TableState, capabilities: TerminalCapabilities = .full, cells: (Int) -> TableCell) {
        guard !area.isEmpty else { return }
        let visible = state.visibleRange(visibleRows: area.height)
        if visible.isEmpty, let emptyMessage {
            buffer.put(TextWidth.truncate(Sanitizer.sanitize(emptyMessage), toWidth: area.width), x: area.x, y: area.y, style: theme[.textDim])
            return
        }
        let marker = capabilities.unicode ? "› " : "> "
        for (row, index) in visible.enumerated() {
            let cell = cells(index)
            let selected = index == state.selected
            let style = selected ? theme[focused ? .selection : .selectionInactive] : theme[cell.style ?? .text]
            var text = Sanitizer.sanitize(cell.text)
            if showsMarker { text = (selected ? marker : "  ") + text }
            buffer.put(TextWidth.pad(text, toWidth: area.width), x: area.x, y: area.y + row, style: style, maxWidth: area.width)
        }
    }
}
