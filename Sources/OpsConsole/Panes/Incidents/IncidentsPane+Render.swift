import Foundation
import OpsCore
import OpsStore
import TermUI

/// The list: a filter bar, then the table, active incidents first. The time since the last
/// update turns red once the severity's update cadence has passed (`IncidentClocks`). A
/// restricted incident the reader may not see is its label and nothing else. Titles and
/// names go through `Sanitizer` on screen (kept exact in the store).
extension IncidentsPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        switch view {
        case .list:
            renderFilterBar(into: &buffer, area: area)
            renderList(into: &buffer, area: area)
        case .timeline: renderTimeline(into: &buffer, area: area, capabilities: capabilities)
        case .postmortem: renderPostmortem(into: &buffer, area: area, capabilities: capabilities)
        case .entry: renderEntry(into: &buffer, area: area, capabilities: capabilities)
        }
        if let prompt { renderPrompt(prompt, into: &buffer, area: area, capabilities: capabilities) }
        if let form { renderForm(form, into: &buffer, area: area, capabilities: capabilities) }
    }

    func renderList(into buffer: inout ScreenBuffer, area: Rect) {
        let now = env.clock.now()
        let wide = area.width >= 110
        var columns = [TableColumn("INC", width: .fixed(8)), TableColumn("SEV", width: .fixed(5)),
                       TableColumn("STATUS", width: .fixed(13)), TableColumn("COMMANDER", width: .fixed(10)),
                       TableColumn("AGE", width: .fixed(4), alignment: .right), TableColumn("UPDATE", width: .fixed(7), alignment: .right),
                       TableColumn("TITLE", width: .flex(4))]
        if wide { columns.append(TableColumn("SERVICES", width: .flex(2))) }
        let empty = filter == IncidentFilter() ? "No open incident. Declare one with n, `pmops incidents declare`, or from marked alerts (D in Alerts)."
            : "No incident matches these filters (X clears them)."
        let widget = Table(columns: columns, focused: !modalIsOpen, emptyMessage: empty)
        let rows = list.window
        list.render(into: &buffer, area: area, widget: widget, theme: env.theme) { index -> [TableCell] in
            guard let row = rows[index] else { return [TableCell("…")] }
            guard let i = row.incident else {
                var cells = [TableCell(""), TableCell(""), TableCell(""), TableCell(""), TableCell(""), TableCell(""),
                             TableCell(IncidentAccess.restrictedLabel(row.number), style: .textDim)]
                if wide { cells.append(TableCell("")) }
                return cells
            }
            let active = i.status.isActive
            let (update, updateStyle) = Self.updateText(i, due: row.nextUpdateDue, now: now)
            var cells = [TableCell(i.number.description, style: active ? .text : .textDim),
                         TableCell(i.severity.description, style: Self.severityStyle(i.severity, active: active)),
                         TableCell(i.status.rawValue, style: active ? .highlight : .textDim),
                         TableCell(row.commander.map(Sanitizer.sanitize) ?? "—", style: row.commander == nil ? .textDim : .text),
                         TableCell(Self.age(now.timeIntervalSince(i.declaredAt)), style: .textDim),
                         TableCell(update, style: updateStyle),
                         TableCell(Sanitizer.sanitize(i.title), style: active ? .text : .textDim)]
            if wide { cells.append(TableCell(Sanitizer.sanitize(i.services.joined(separator: ", ")), style: .textDim)) }
            return cells
        }
    }

    func renderFilterBar(into buffer: inout ScreenBuffer, area: Rect) {
        var parts = [FilterBar.Part(label: "status ", value: Self.statusChoices[statusChoice].title, active: statusChoice != 0)]
        if let severity = filter.severity { parts.append(FilterBar.Part(label: "sev ", value: severity.description, active: true)) }
        FilterBar(field: nil, placeholder: "", text: nil, parts: parts,
                  right: "\(list.rowCount) incident\(list.rowCount == 1 ? "" : "s") ")
            .render(into: &buffer, area: area, theme: env.theme)
    }

    func renderPrompt(_ prompt: IncidentPrompt, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        guard prompt.kind.isCompose else {
            ModalChrome.prompt(title: prompt.title, label: prompt.label, placeholder: prompt.placeholder, field: prompt.field,
                               error: prompt.error, hint: prompt.hint, area: area, theme: theme, into: &buffer, capabilities: capabilities)
            return
        }
        let rect = area.centered(width: min(area.width, 76), height: min(area.height, 16))
        let inner = ModalChrome.frame(rect, title: prompt.title, theme: theme, into: &buffer, capabilities: capabilities)
        guard inner.height >= 4 else { return }
        let who = prompt.kind == .note ? "On the timeline for every responder; a correction is a new note"
            : "Replaces the section's text; the postmortem records who wrote it"
        buffer.put(who, x: inner.x + 1, y: inner.y, style: theme[.textDim], maxWidth: inner.width - 2)
        let text = Rect(x: inner.x + 1, y: inner.y + 1, width: max(0, inner.width - 2), height: inner.height - 3)
        TextArea(focused: true, placeholder: prompt.placeholder, hasError: prompt.error != nil)
            .render(into: &buffer, area: text, theme: theme, state: prompt.area)
        ModalChrome.footer(prompt.error, hint: prompt.hint, inner: inner, theme: theme, into: &buffer)
    }

    // MARK: - Formatting

    /// Time since the last update; red with "!" once the next one is overdue.
    static func updateText(_ incident: Incident, due: Date?, now: Date) -> (String, ThemeKey) {
        let since = age(now.timeIntervalSince(incident.lastUpdateAt))
        guard let due else { return (since, .textDim) }
        if due < now { return (since + "!", .severityCritical) }
        return (since, due.timeIntervalSince(now) < 600 ? .severityWarning : .text)
    }

    static func severityStyle(_ severity: IncidentSeverity, active: Bool) -> ThemeKey {
        guard active else { return .textDim }
        switch severity {
        case .sev1: return .severityCritical
        case .sev2: return .severityWarning
        case .sev3: return .text
        case .sev4: return .textDim
        }
    }

    /// "<1m", "42m", "5h", "3d".
    nonisolated static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "<1m" }
        if s < 3_600 { return "\(s / 60)m" }
        if s < 86_400 * 2 { return "\(s / 3_600)h" }
        return "\(s / 86_400)d"
    }

    /// "14m", "1h 05m", "-0h 12m" for a countdown (negative when late).
    nonisolated static func countdown(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded()), a = abs(s)
        let text = a < 3_600 ? "\(a / 60)m" : String(format: "%dh %02dm", a / 3_600, a % 3_600 / 60)
        return s < 0 ? "-" + text : text
    }
}
