import OpsCore
import TermUI

/// The line above a queue: the `/` text (a live field while typing, else the kept text in
/// quotes), then each filter as "label value" (highlighted when it narrows the rows), and
/// a count on the right. One widget, so every queue's bar reads and behaves the same.
struct FilterBar {
    struct Part {
        var label: String
        var value: String
        var active: Bool
    }

    /// The `/` field while the user types, nil otherwise.
    var field: TextFieldState?
    var placeholder: String
    /// The kept `/` text (shown when not typing).
    var text: String?
    var parts: [Part] = []
    var right: String
    var rightStyle: ThemeKey = .textDim

    func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme) {
        var x = area.x + 1
        func part(_ label: String, _ value: String, active: Bool) {
            guard x < area.maxX else { return }
            x += buffer.put(label, x: x, y: area.y, style: theme[.textDim], maxWidth: area.maxX - x)
            x += buffer.put(value, x: x, y: area.y, style: theme[active ? .highlight : .text], maxWidth: max(0, area.maxX - x))
            x += 2
        }
        if let field {
            x += buffer.put("/", x: x, y: area.y, style: theme[.textDim])
            let w = min(30, max(0, area.maxX - x))
            _ = TextField(focused: true, placeholder: placeholder)
                .render(into: &buffer, area: Rect(x: x, y: area.y, width: w, height: 1), theme: theme, state: field)
            x += w + 2
        } else if let text, !text.isEmpty {
            part("/", "\"\(TextWidth.truncate(Sanitizer.sanitize(text), toWidth: 20))\"", active: true)
        }
        for p in parts { part(p.label, p.value, active: p.active) }
        let w = TextWidth.width(of: right)
        if area.maxX - w > x { buffer.put(right, x: area.maxX - w, y: area.y, style: theme[rightStyle]) }
    }
}
