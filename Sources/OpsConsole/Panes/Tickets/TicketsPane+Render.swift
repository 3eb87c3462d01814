import Foundation
import OpsCore
import OpsStore
import TermUI

/// The queue: a filter bar, then the table in SLA-risk order with its countdown. Every
/// text a customer or an agent typed goes through `Sanitizer` (kept exact in the store).
extension TicketsPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        if reading != nil {
            renderDetail(into: &buffer, area: area, capabilities: capabilities)
        } else {
            renderFilterBar(into: &buffer, area: area)
            renderQueue(into: &buffer, area: area)
        }
        if let prompt { renderPrompt(prompt, into: &buffer, area: area, capabilities: capabilities) }
    }

    func renderQueue(into buffer: inout ScreenBuffer, area: Rect) {
        let now = env.clock.now()
        let wide = area.width >= 110
        var columns = [TableColumn("TICKET", width: .fixed(8)), TableColumn("PRI", width: .fixed(3)),
                       TableColumn("STATUS", width: .fixed(13)), TableColumn("CUSTOMER", width: .flex(2)),
                       TableColumn("TITLE", width: .flex(4))]
        if wide {
            columns += [TableColumn("ASSIGNEE", width: .fixed(10)), TableColumn("TEAM", width: .fixed(8)),
                        TableColumn("AGE", width: .fixed(4), alignment: .right)]
        }
        columns.append(TableColumn("SLA", width: .fixed(6), alignment: .right))
        let empty = filterIsDefault ? "No open ticket. New ones arrive from `pmops tickets open` and customer mail."
            : "No ticket matches these filters (X clears them)."
        let widget = Table(columns: columns, focused: !modalIsOpen, emptyMessage: empty)
        let rows = list.window
        list.render(into: &buffer, area: area, widget: widget, theme: env.theme) { index -> [TableCell] in
            guard let row = rows[index] else { return [TableCell("…")] }
            let t = row.ticket
            var cells = [TableCell(t.number.description, style: .textDim),
                         TableCell(t.priority.description, style: Self.priorityStyle(t.priority)),
                         TableCell(Self.statusText(t.status), style: t.status.isOpen ? .text : .textDim),
                         TableCell(Sanitizer.sanitize(row.customerName)),
                         TableCell(Sanitizer.sanitize(t.title))]
            if wide {
                cells += [TableCell(t.assignee ?? "—", style: t.assignee == nil ? .textDim : .text), TableCell(t.team, style: .textDim),
                          TableCell(Self.age(from: t.openedAt, to: now), style: .textDim)]
            }
            let (sla, style) = Self.countdown(row.sla, now: now)
            cells.append(TableCell(sla, style: style))
            return cells
        }
    }

    var filterIsDefault: Bool { filter == TicketFilter() }

    func renderFilterBar(into buffer: inout ScreenBuffer, area: Rect) {
        var parts = [FilterBar.Part(label: "status ", value: Self.statusChoices[statusChoice].title, active: statusChoice != 0)]
        if mine { parts.append(FilterBar.Part(label: "", value: "mine", active: true)) }
        if let team = filter.team { parts.append(FilterBar.Part(label: "team ", value: team, active: true)) }
        if let priority = filter.priority { parts.append(FilterBar.Part(label: "pri ", value: priority.description, active: true)) }
        if let category = filter.category { parts.append(FilterBar.Part(label: "cat ", value: category.title, active: true)) }
        if filter.breachedOnly { parts.append(FilterBar.Part(label: "", value: "breached", active: true)) }
        if let customer = filter.customer { parts.append(FilterBar.Part(label: "customer ", value: Sanitizer.sanitize(customer), active: true)) }
        FilterBar(field: list.filterField, placeholder: "title, customer or ESC-number", text: filter.text, parts: parts,
                  right: "\(list.rowCount) ticket\(list.rowCount == 1 ? "" : "s") ")
            .render(into: &buffer, area: area, theme: env.theme)
    }

    func renderPrompt(_ prompt: TicketPrompt, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        if prompt.kind.isCompose { return renderCompose(prompt, into: &buffer, area: area, capabilities: capabilities) }
        guard case let .confirmReply(body) = prompt.kind else {
            ModalChrome.prompt(title: prompt.title, label: prompt.label, placeholder: prompt.placeholder, field: prompt.field,
                               error: prompt.error, hint: prompt.hint, area: area, theme: theme, into: &buffer, capabilities: capabilities)
            return
        }
        // The reply whole, wrapped, with whom it goes to: what y sends.
        let to = prompt.recipient ?? reading?.ticket.contactEmail ?? list.selectedRow?.ticket.contactEmail ?? "the customer's contact"
        let width = min(area.width, 76)
        let text = body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { $0.isEmpty ? [""] : TextWrap.lines(Sanitizer.sanitize(String($0)), width: max(1, width - 4)) }
        let height = min(area.height, text.count + 5)
        let rect = area.centered(width: width, height: height)
        let inner = ModalChrome.frame(rect, title: prompt.title, theme: theme, into: &buffer, capabilities: capabilities)
        guard inner.height >= 2 else { return }
        buffer.put("To " + Sanitizer.sanitize(to), x: inner.x + 1, y: inner.y, style: theme[.textDim], maxWidth: inner.width - 2)
        for (i, line) in text.prefix(max(0, inner.height - 3)).enumerated() {
            buffer.put(line, x: inner.x + 1, y: inner.y + 2 + i, style: theme[.dialog], maxWidth: inner.width - 2)
        }
        ModalChrome.footer(prompt.error, hint: prompt.hint, inner: inner, theme: theme, into: &buffer)
    }

    /// A note or reply typed in the console: who reads it, then the multi-line area.
    func renderCompose(_ prompt: TicketPrompt, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let rect = area.centered(width: min(area.width, 76), height: min(area.height, 16))
        let inner = ModalChrome.frame(rect, title: prompt.title, theme: theme, into: &buffer, capabilities: capabilities)
        guard inner.height >= 4 else { return }
        let who = prompt.kind == .reply ? "To " + Sanitizer.sanitize(prompt.recipient ?? "the customer's contact")
            : "Internal: staff only, the customer never sees it"
        buffer.put(who, x: inner.x + 1, y: inner.y, style: theme[.textDim], maxWidth: inner.width - 2)
        let text = Rect(x: inner.x + 1, y: inner.y + 1, width: max(0, inner.width - 2), height: inner.height - 3)
        TextArea(focused: true, placeholder: prompt.placeholder, hasError: prompt.error != nil)
            .render(into: &buffer, area: text, theme: theme, state: prompt.area)
        ModalChrome.footer(prompt.error, hint: prompt.hint, inner: inner, theme: theme, into: &buffer)
    }

    // MARK: - Formatting

    /// The countdown of the most urgent counting clock: `-0:12` breached, `1:45` left,
    /// `paused` while waiting, `—` when no clock counts.
    static func countdown(_ sla: SLAStatus, now: Date) -> (String, ThemeKey) {
        if let left = sla.timeLeft(now: now) {
            return (SLACountdown.format(left), left < 0 ? .severityCritical : left < 3_600 ? .severityWarning : .text)
        }
        if sla.clocks.contains(where: { if case .paused = $0.state { true } else { false } }) { return ("paused", .textDim) }
        return ("—", .textDim)
    }

    static func priorityStyle(_ p: TicketPriority) -> ThemeKey {
        switch p {
        case .p1: .severityCritical
        case .p2: .severityWarning
        case .p3: .text
        case .p4: .textDim
        }
    }

    static func statusText(_ s: TicketStatus) -> String {
        switch s {
        case .waitingCustomer: "wait customer"
        case .waitingVendor: "wait vendor"
        default: s.rawValue
        }
    }

    /// "<1m", "42m", "5h", "3d".
    static func age(from start: Date, to now: Date) -> String {
        let s = max(0, Int(now.timeIntervalSince(start)))
        if s < 60 { return "<1m" }
        if s < 3_600 { return "\(s / 60)m" }
        if s < 86_400 * 2 { return "\(s / 3_600)h" }
        return "\(s / 86_400)d"
    }
}
