import OpsCore
import TermUI

extension AlertsPane {
    func renderModal(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        switch modal {
        case .none:
            return
        case let .prompt(p):
            ModalChrome.prompt(title: p.title, label: p.kind.label, placeholder: p.kind.placeholder, field: p.field, error: p.error,
                               hint: p.kind.hint, area: area, theme: theme, into: &buffer, capabilities: capabilities,
                               dangerous: p.kind == .falsePositive)
        case let .silence(s):
            let height = min(area.height, Form().fieldRows(for: s.form).last.map { $0 + 2 + 5 } ?? 11)
            let rect = area.centered(width: min(area.width, 84), height: height)
            let inner = ModalChrome.frame(rect, title: "Silence alerts like \(s.alertID)", theme: theme, into: &buffer, capabilities: capabilities)
            guard inner.height >= 3 else { return }
            buffer.put("Mutes every alert whose labels match all matchers (no pages, shown dimmed).", x: inner.x + 1, y: inner.y,
                       style: theme[.textDim], maxWidth: inner.width - 2)
            let previewStyle = s.matchesNothing ? theme[.inputError] : theme[.dialog]
            buffer.put(s.previewText, x: inner.x + 1, y: inner.y + 1, style: previewStyle, maxWidth: inner.width - 2)
            Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.y + 3, width: inner.width - 2, height: max(0, inner.height - 4)),
                          theme: theme, state: s.form, capabilities: capabilities)
            ModalChrome.footer(s.error, hint: "Enter silences · Tab next · empty a matcher to drop it · Esc cancels", inner: inner,
                               theme: theme, into: &buffer)
        case let .ticket(t):
            renderTicketForm(t, into: &buffer, area: area, capabilities: capabilities)
        case let .declare(f):
            renderDeclareForm(f, into: &buffer, area: area, capabilities: capabilities)
        }
    }
}
