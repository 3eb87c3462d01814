import TermUI

/// The `?` overlay: every command available where you are, grouped by scope, straight
/// from the command table.
enum HelpOverlay {
    /// Help lines by scope; a command the actor may not run is marked with what it needs.
    static func lines(commands: [(Command, allowed: Bool)], scopes: [CommandScope]) -> [(key: String, text: String, title: Bool, dangerous: Bool)] {
        var out: [(String, String, Bool, Bool)] = []
        for scope in scopes {
            let rows = commands.filter { $0.0.scope == scope }
            guard !rows.isEmpty else { continue }
            if !out.isEmpty { out.append(("", "", false, false)) }
            out.append(("", scope.title, true, false))
            for (c, allowed) in rows {
                let needs = allowed ? "" : " (needs \(c.permission?.rawValue ?? "a permission you lack"))"
                out.append((c.keyLabel, "\(c.title)\(needs): \(c.help)", false, c.dangerous))
            }
        }
        return out
    }

    /// Splits `text` into lines of at most `width` columns at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 4, TextWidth.width(of: text) > width else { return [text] }
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if TextWidth.width(of: candidate) > width, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func render(into buffer: inout ScreenBuffer, commands: [(Command, allowed: Bool)], scopes: [CommandScope], scroll: Int,
                       theme: Theme, capabilities: TerminalCapabilities) {
        let entries = lines(commands: commands, scopes: scopes)
        let width = min(buffer.size.width - 4, 116)
        let keyWidth = min(18, entries.map { TextWidth.width(of: $0.key) }.max() ?? 0)
        let textWidth = max(10, width - 2 - keyWidth - 3)
        var all: [(key: String, text: String, title: Bool, dangerous: Bool)] = []
        for e in entries {
            if e.title || e.text.isEmpty { all.append(e); continue }
            for (i, part) in wrap(e.text, width: textWidth).enumerated() {
                all.append((i == 0 ? e.key : "", part, false, e.dangerous))
            }
        }
        let height = min(buffer.size.height - 2, all.count + 2)
        let rect = buffer.bounds.centered(width: width, height: height)
        buffer.fill(rect, with: Cell(grapheme: " ", style: theme[.dialog]))
        let more = all.count > height - 2 ? "↑↓ scroll · Esc closes" : "Esc closes"
        let inner = Box(title: "Help", trailingTitle: more, focused: true, borderKey: .dialogBorder)
            .render(into: &buffer, area: rect, theme: theme, capabilities: capabilities)
        let maxScroll = max(0, all.count - inner.height)
        let start = min(scroll, maxScroll)
        for (row, line) in all.dropFirst(start).prefix(inner.height).enumerated() {
            let y = inner.y + row
            if line.title {
                buffer.put(line.text, x: inner.x, y: y, style: theme[.title], maxWidth: inner.width)
                continue
            }
            buffer.put(line.key, x: inner.x + 1, y: y, style: theme[.helpKey], maxWidth: keyWidth)
            buffer.put(line.text, x: inner.x + keyWidth + 3, y: y, style: theme[line.dangerous ? .dangerous : .helpText],
                       maxWidth: max(0, inner.width - keyWidth - 3))
        }
    }
}
