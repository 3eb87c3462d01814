/// Labelled text fields stacked vertically, with an inline error line under each field
/// that has one: the login and "new ticket" screens.
public struct Form: Hashable, Sendable {
    /// Whether the form has keyboard focus at all (a form behind a dialog does not).
    public var focused: Bool
    /// The label column's width cap, as a fraction of the area (labels are truncated).
    public var maxLabelFraction: Double

    public init(focused: Bool = true, maxLabelFraction: Double = 1.0 / 3.0) {
        self.focused = focused
        self.maxLabelFraction = maxLabelFraction
    }

    /// The row each field starts on, relative to the area (error lines push later
    /// fields down); used for mouse hit-testing too.
    public func fieldRows(for state: FormState) -> [Int] {
        var rows: [Int] = []
        var y = 0
        for field in state.fields {
            rows.append(y)
            y += field.error == nil ? 1 : 2
        }
        return rows
    }

    /// Draws the fields and returns the cursor position of the focused one.
    @discardableResult
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, state: FormState, capabilities: TerminalCapabilities = .full) -> (x: Int, y: Int)? {
        guard !area.isEmpty else { return nil }
        let widest = state.fields.map { TextWidth.width(of: Sanitizer.sanitize($0.label)) }.max() ?? 0
        let fraction = maxLabelFraction.isFinite ? min(1, max(0, maxLabelFraction)) : 1.0 / 3.0
        let labelWidth = min(widest, max(1, Int(Double(area.width) * fraction)))
        let fieldX = area.x + labelWidth + 2
        let fieldWidth = area.maxX - fieldX
        var cursor: (x: Int, y: Int)?
        for (index, (field, row)) in zip(state.fields, fieldRows(for: state)).enumerated() {
            let y = area.y + row
            guard y < area.maxY else { break }
            let isFocused = focused && index == state.focus
            let label = TextWidth.pad(Sanitizer.sanitize(field.label), toWidth: labelWidth, alignment: .right)
            buffer.put(label + ":", x: area.x, y: y, style: theme[isFocused ? .titleFocus : .text], maxWidth: area.width)
            guard fieldWidth > 0 else { continue }
            let input = TextField(focused: isFocused, placeholder: field.placeholder, mask: field.isSecret ? (capabilities.unicode ? "•" : "*") : nil, hasError: field.error != nil)
            let position = input.render(into: &buffer, area: Rect(x: fieldX, y: y, width: fieldWidth, height: 1), theme: theme, state: field.state)
            if isFocused { cursor = position }
            if let error = field.error, y + 1 < area.maxY {
                let message = TextWidth.truncate("! " + Sanitizer.sanitize(error), toWidth: fieldWidth)
                buffer.put(message, x: fieldX, y: y + 1, style: theme[.inputError], maxWidth: fieldWidth)
            }
        }
        return cursor
    }
}
