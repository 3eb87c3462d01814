/// A list of checkboxes ("[x] restart collector  ⚠ drops 1 tick").
public struct Checklist: Hashable, Sendable {
    public var focused: Bool

    public init(focused: Bool = true) { self.focused = focused }

    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, state: ChecklistState, capabilities: TerminalCapabilities = .full) {
        guard !area.isEmpty else { return }
        let marker = capabilities.unicode ? "⚠" : "!"
        for (row, index) in state.list.visibleRange(visibleRows: area.height).enumerated() {
            let item = state.items[index]
            let y = area.y + row
            let selected = index == state.list.selected
            let base = item.disabled ? theme[.textDim] : theme[.text]
            let box = item.checked ? "[x] " : "[ ] "
            var x = area.x
            x += buffer.put(box, x: x, y: y, style: item.disabled ? base : theme[.checkbox], maxWidth: area.maxX - x)
            x += buffer.put(TextWidth.truncate(Sanitizer.sanitize(item.title), toWidth: area.maxX - x), x: x, y: y, style: base, maxWidth: area.maxX - x)
            if let warning = item.warning, area.maxX - x > 3 {
                let text = TextWidth.truncate("  \(marker) " + Sanitizer.sanitize(warning), toWidth: area.maxX - x)
                x += buffer.put(text, x: x, y: y, style: theme[.severityWarning], maxWidth: area.maxX - x)
            }
            if x < area.maxX { buffer.put(String(repeating: " ", count: area.maxX - x), x: x, y: y, style: base) }
            if selected {
                let bar = theme[focused ? .selection : .selectionInactive]
                buffer.applyStyle(Rect(x: area.x, y: y, width: area.width, height: 1)) { $0 = bar }
            }
        }
    }
}
