import Foundation
import OpsCore
import OpsStore
import TermUI

extension SilencesPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let now = env.clock.now()
        if let reading {
            let inner = Box(title: "Silence \(reading.id)", trailingTitle: "Esc back").render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
            detail.render(lines(for: reading, now: now), in: inner, theme: theme, into: &buffer)
        } else {
            renderList(into: &buffer, area: area, now: now)
        }
        if let field = extendField, let silence = current {
            ModalChrome.prompt(title: "Extend silence \(silence.id)", label: "Extend by", placeholder: "30m, 2h, 1d (at most 90d in all)",
                               field: field, error: extendError, hint: "Enter extends (expire and recreate) · Esc cancels",
                               area: area, theme: theme, into: &buffer, capabilities: capabilities)
        }
    }

    func renderList(into buffer: inout ScreenBuffer, area: Rect, now: Date) {
        let theme = env.theme
        let pending = all.filter { $0.startsAt > now }.count
        var x = area.x + 1
        x += buffer.put("Silences  \(all.count - pending) active · \(pending) pending   Filter ", x: x, y: area.y, style: theme[.title])
        if let field = list.filterField {
            _ = TextField(focused: true, placeholder: "matcher, comment or author")
                .render(into: &buffer, area: Rect(x: x, y: area.y, width: min(40, max(0, area.maxX - x)), height: 1), theme: theme, state: field)
        } else {
            buffer.put(filterText.isEmpty ? "none (/)" : "\"\(filterText)\"", x: x, y: area.y,
                       style: theme[filterText.isEmpty ? .textDim : .highlight], maxWidth: max(0, area.maxX - x))
        }
        let wide = area.width >= 110
        var columns = [TableColumn("#", width: .fixed(4), alignment: .right), TableColumn("STATE", width: .fixed(7)),
                       TableColumn("MATCHERS", width: .flex(3)), TableColumn("ENDS", width: .fixed(16)),
                       TableColumn("LEFT", width: .fixed(7), alignment: .right)]
        if wide { columns += [TableColumn("BY", width: .min(8)), TableColumn("COMMENT", width: .flex(2))] }
        let widget = Table(columns: columns, focused: !modalIsOpen, emptyMessage: "No active or pending silence. Silence an alert from the Alerts pane (s).")
        let rows = list.window
        let env = self.env
        list.render(into: &buffer, area: area, widget: widget, theme: theme) { index -> [TableCell] in
            guard let s = rows[index] else { return [TableCell("…")] }
            let pendingRow = s.startsAt > now
            var cells = [TableCell(String(s.id)),
                         TableCell(pendingRow ? "pending" : "active", style: pendingRow ? .textDim : .severityWarning),
                         TableCell(s.matchers.map(\.description).joined(separator: ", ")),
                         TableCell(env.shortDate(s.endsAt), style: .textDim),
                         TableCell(DurationText.text(max(0, s.endsAt.timeIntervalSince(now))))]
            if wide { cells += [TableCell(s.createdBy), TableCell(s.comment, style: .textDim)] }
            return cells
        }
    }

    func lines(for s: Silence, now: Date) -> [DetailLine] {
        var out: [DetailLine] = [.title("Silence \(s.id) · \(s.status(at: now))")]
        out += s.matchers.map { DetailLine(label: "Matcher", value: $0.description) }
        out += [DetailLine(label: "Starts", value: env.shortDate(s.startsAt)),
                DetailLine(label: "Ends", value: "\(env.shortDate(s.endsAt)) (in \(DurationText.text(max(0, s.endsAt.timeIntervalSince(now)))))"),
                DetailLine(label: "Created by", value: "\(s.createdBy) at \(env.shortDate(s.createdAt))"),
                DetailLine(label: "Comment", value: s.comment)]
        if let by = s.expiredBy { out.append(DetailLine(label: "Expired by", value: by)) }
        out += [.blank, DetailLine(label: "Keys", value: "x expires now · + extends · Esc back", style: .textDim)]
        return out
    }
}
