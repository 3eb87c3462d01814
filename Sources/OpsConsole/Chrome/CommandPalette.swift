import TermUI

/// The `:` palette: type a few letters, pick a command. Matching is fuzzy (the letters
/// in order, anywhere in the title or key), best matches first.
public struct PaletteState: Equatable {
    public var field = TextFieldState(maxLength: 60)
    public var selection = 0

    public init() {}

    /// Score of `query` against `text`: nil when the letters do not appear in order.
    static func score(_ query: String, _ text: String) -> Int? {
        if query.isEmpty { return 0 }
        let q = Array(query.lowercased()), t = Array(text.lowercased())
        var qi = 0, score = 0, last = -2
        for (ti, c) in t.enumerated() where qi < q.count && c == q[qi] {
            score += (ti == last + 1 ? 5 : 1) + (ti == 0 || t[ti - 1] == " " ? 3 : 0)
            last = ti
            qi += 1
        }
        return qi == q.count ? score : nil
    }

    func matches(from commands: [Command]) -> [Command] {
        let query = field.text
        return commands.compactMap { c -> (Command, Int)? in
            guard let s = Self.score(query, c.title + " " + c.help) else { return nil }
            return (c, s)
        }
        .sorted { $0.1 > $1.1 }
        .map(\.0)
    }

    public mutating func move(by delta: Int) { selection = max(0, selection + delta) }

    public func selectedCommand(from commands: [Command]) -> Command? {
        let m = matches(from: commands)
        return m.isEmpty ? nil : m[min(selection, m.count - 1)]
    }

    func render(into buffer: inout ScreenBuffer, commands: [Command], theme: Theme, capabilities: TerminalCapabilities) {
        let found = matches(from: commands)
        let width = min(buffer.size.width - 4, 70)
        let height = min(buffer.size.height - 2, max(4, min(found.count, 12) + 3))
        let rect = Rect(x: (buffer.size.width - width) / 2, y: 2, width: width, height: height)
        buffer.fill(rect, with: Cell(grapheme: " ", style: theme[.dialog]))
        let inner = Box(title: "Command", trailingTitle: "Enter runs · Esc closes", focused: true, borderKey: .dialogBorder)
            .render(into: &buffer, area: rect, theme: theme, capabilities: capabilities)
        buffer.put(":", x: inner.x, y: inner.y, style: theme[.helpKey])
        _ = TextField(focused: true, placeholder: "type to search commands")
            .render(into: &buffer, area: Rect(x: inner.x + 2, y: inner.y, width: inner.width - 2, height: 1), theme: theme, state: field)
        let listTop = inner.y + 1
        let rows = max(0, inner.height - 1)
        let selected = found.isEmpty ? -1 : min(selection, found.count - 1)
        let first = max(0, selected - rows + 1)
        for (i, c) in found.dropFirst(first).prefix(rows).enumerated() {
            let y = listTop + i
            let isSelected = first + i == selected
            let style = theme[isSelected ? .selection : (c.dangerous ? .dangerous : .text)]
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), with: Cell(grapheme: " ", style: style))
            let keyText = c.keyLabel
            let kw = TextWidth.width(of: keyText)
            buffer.put(c.title, x: inner.x + 1, y: y, style: style, maxWidth: inner.width - kw - 3)
            buffer.put(keyText, x: inner.x + inner.width - kw - 1, y: y, style: isSelected ? style : theme[.helpKey])
        }
        if found.isEmpty { buffer.put("No command matches.", x: inner.x + 1, y: listTop, style: theme[.textDim]) }
    }
}
