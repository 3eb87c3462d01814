import OpsCore
import TermUI

extension AlertsPane {
    func renderModal(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        switch modal {
        case .none:
            return
        case let .prompt(p):
            let rect = area.centered(width: min(area.width, 72), height: min(area.height, 6))
            let inner = frame(rect, title: p.title, into: &buffer, capabilities: capabilities, dangerous: p.kind == .falsePositive)
            guard inner.height >= 2 else { return }
            let label = p.kind.label + " "
            let x = inner.x + 1 + buffer.put(label, x: inner.x + 1, y: inner.y, style: theme[.dialog])
            _ = TextField(focused: true, placeholder: p.kind.placeholder, hasError: p.error != nil)
                .render(into: &buffer, area: Rect(x: x, y: inner.y, width: max(0, inner.maxX - 1 - x), height: 1), theme: theme, state: p.field)
            renderFooter(p.error, hint: p.kind.hint, inner: inner, into: &buffer)
        case let .silence(s):
            let height = min(area.height, Form().fieldRows(for: s.form).last.map { $0 + 2 + 4 } ?? 10)
            let rect = area.centered(width: min(area.width, 84), height: height)
            let inner = frame(rect, title: "Silence alerts like \(s.alertID)", into: &buffer, capabilities: capabilities)
            guard inner.height >= 3 else { return }
            buffer.put("Mutes every alert whose labels match all matchers (no pages, shown dimmed).", x: inner.x + 1, y: inner.y,
                       style: theme[.textDim], maxWidth: inner.width - 2)
            Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.y + 2, width: inner.width - 2, height: max(0, inner.height - 3)),
                          theme: theme, state: s.form, capabilities: capabilities)
            renderFooter(s.error, hint: "Enter silences · Tab next · empty a matcher to drop it · Esc cancels", inner: inner, into: &buffer)
        }
    }

    private func frame(_ rect: Rect, title: String, into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities, dangerous: Bool = false) -> Rect {
        buffer.fill(rect, with: Cell(grapheme: " ", style: env.theme[.dialog]))
        return Box(title: title, focused: true, borderKey: dangerous ? .dangerous : .dialogBorder)
            .render(into: &buffer, area: rect, theme: env.theme, capabilities: capabilities)
    }

    /// The dialog's last line: the refusal when there is one, else the key hint.
    private func renderFooter(_ error: String?, hint: String, inner: Rect, into buffer: inout ScreenBuffer) {
        let y = inner.maxY - 1
        buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), with: Cell(grapheme: " ", style: env.theme[.dialog]))
        if let error {
            buffer.put("! " + error, x: inner.x + 1, y: y, style: env.theme[.inputError], maxWidth: inner.width - 2)
        } else {
            buffer.put(hint, x: inner.x + 1, y: y, style: env.theme[.textDim], maxWidth: inner.width - 2)
        }
    }
}
