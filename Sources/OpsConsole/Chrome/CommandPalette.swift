import Foundation
import TermUI

/// One line of the `:` palette: a command, the pane it belongs to (nil for the shell's),
/// and why the actor cannot run it, if they cannot.
public struct PaletteEntry {
    public let command: Command
    /// What the line says: the command's title, or `:alerts` for a pane jump.
    public let label: String
    public let paneID: String?
    public let paneTitle: String?
    /// "needs alerts.ack; you are support": the line is dimmed and Enter only says this.
    public let denied: String?
}

/// The `:` palette: type a few letters, pick a command of any pane. Exact and prefix
/// matches of a title rank first, then word prefixes, then the letters in order in the
/// title; the help text only counts when a word of it starts with what was typed.
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

    /// How well `query` names `entry`: exact > prefix > word prefix > letters in order
    /// in the title or pane name > a word of the help; nil when it does not match.
    static func rank(_ query: String, _ entry: PaletteEntry) -> Int? {
        let q = query.lowercased().trimmingCharacters(in: .whitespaces)
        if q.isEmpty { return 0 }
        let names = [entry.label.lowercased(), entry.command.title.lowercased()]
        if names.contains(q) { return 10_000 }
        if names.contains(where: { $0.hasPrefix(q) }) { return 8_000 }
        let words = names.flatMap { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }
        if words.contains(where: { $0.hasPrefix(q) }) { return 6_000 }
        if let s = score(q, entry.label) { return 1_000 + s }
        if let pane = entry.paneTitle, let s = score(q, pane + " " + entry.label) { return 500 + s }
        let helpWords = entry.command.help.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        if q.count >= 3, helpWords.contains(where: { $0.hasPrefix(q) }) { return 100 }
        return nil
    }

    func matches(from entries: [PaletteEntry]) -> [PaletteEntry] {
        let query = field.text
        return entries.enumerated().compactMap { i, e -> (PaletteEntry, Int, Int)? in
            Self.rank(query, e).map { (e, $0, i) }
        }
        .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }
        .map(\.0)
    }

    public mutating func move(by delta: Int) { selection = max(0, selection + delta) }

    public func selectedEntry(from entries: [PaletteEntry]) -> PaletteEntry? {
        let m = matches(from: entries)
        return m.isEmpty ? nil : m[min(selection, m.count - 1)]
    }

    func render(into buffer: inout ScreenBuffer, entries: [PaletteEntry], theme: Theme, capabilities: TerminalCapabilities) {
        let found = matches(from: entries)
        let width = min(buffer.size.width - 4, 70)
        let height = min(buffer.size.height - 2, max(4, min(found.count, 12) + 3))
        let rect = Rect(x: (buffer.size.width - width) / 2, y: 2, width: width, height: height)
        buffer.fill(rect, with: Cell(grapheme: " ", style: theme[.dialog]))
        let inner = Box(title: "Command", trailingTitle: "Enter runs · Esc closes", focused: true, borderKey: .dialogBorder)
            .render(into: &buffer, area: rect, theme: theme, capabilities: capabilities)
        buffer.put(":", x: inner.x, y: inner.y, style: theme[.helpKey])
        _ = TextField(focused: true, placeholder: "type to search commands, :alerts to switch")
            .render(into: &buffer, area: Rect(x: inner.x + 2, y: inner.y, width: inner.width - 2, height: 1), theme: theme, state: field)
        let listTop = inner.y + 1
        let rows = max(0, inner.height - 1)
        let selected = found.isEmpty ? -1 : min(selection, found.count - 1)
        let first = max(0, selected - rows + 1)
        for (i, e) in found.dropFirst(first).prefix(rows).enumerated() {
            let y = listTop + i
            let isSelected = first + i == selected
            let base: ThemeKey = e.denied != nil ? .textDim : (e.command.dangerous ? .dangerous : .text)
            let style = theme[isSelected ? .selection : base]
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), with: Cell(grapheme: " ", style: style))
            let right = [e.paneTitle, e.command.keyLabel.isEmpty ? nil : e.command.keyLabel].compactMap { $0 }.joined(separator: "  ")
            let rw = TextWidth.width(of: right)
            let left = e.label + (e.denied.map { "  (\($0))" } ?? "")
            buffer.put(left, x: inner.x + 1, y: y, style: style, maxWidth: max(0, inner.width - rw - 3))
            buffer.put(right, x: inner.x + inner.width - rw - 1, y: y, style: isSelected ? style : theme[e.denied != nil ? .textDim : .helpKey])
        }
        if found.isEmpty { buffer.put("No command matches.", x: inner.x + 1, y: listTop, style: theme[.textDim]) }
    }
}
