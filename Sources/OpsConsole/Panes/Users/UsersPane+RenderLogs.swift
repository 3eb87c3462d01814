import Foundation
import OpsCore
import OpsStore
import TermUI

extension UsersPane {
    // MARK: - Audit trail

    func renderAudit(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        var x = area.x + 1
        x += buffer.put("Audit trail  Filter ", x: x, y: area.y, style: theme[.title])
        if let field = audit.filterField {
            _ = TextField(focused: true, placeholder: "actor, action or target")
                .render(into: &buffer, area: Rect(x: x, y: area.y, width: min(40, area.maxX - x), height: 1), theme: theme, state: field)
        } else {
            buffer.put(auditFilterText.isEmpty ? "none (/)   v verifies the chain" : "\"\(auditFilterText)\"", x: x, y: area.y,
                       style: theme[auditFilterText.isEmpty ? .textDim : .highlight])
        }
        let count = "\(audit.rowCount) rows "
        buffer.put(count, x: area.maxX - TextWidth.width(of: count), y: area.y, style: theme[.textDim])
        let wide = area.width >= 110
        var columns = [TableColumn("#", width: .fixed(7), alignment: .right), TableColumn("WHEN", width: .fixed(16)),
                       TableColumn("ACTOR", width: .min(10)), TableColumn("ACTION", width: .min(16)), TableColumn("TARGET", width: .flex(1))]
        if wide { columns.append(TableColumn("REASON", width: .flex(2))) }
        let widget = Table(columns: columns, focused: !modal.isOpen, emptyMessage: "No audit row matches.")
        let window = audit.window
        let env = self.env
        audit.render(into: &buffer, area: area, widget: widget, theme: theme) { index -> [TableCell] in
            guard let e = window[index] else { return [TableCell("…")] }
            var cells = [TableCell(String(e.id)), TableCell(env.shortDate(e.at), style: .textDim),
                         TableCell(e.impersonator.map { "\(e.actor) (by \($0))" } ?? e.actor),
                         TableCell(e.action, style: e.action.hasSuffix("deactivate") ? .severityWarning : nil), TableCell(e.target ?? "")]
            if wide { cells.append(TableCell(e.reason ?? "", style: .textDim)) }
            return cells
        }
    }

    // MARK: - Outbox

    func renderOutbox(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let rows = outbox.window.rows
        let counts = rows.reduce(into: [String: Int]()) { $0[$1.status, default: 0] += 1 }
        let summary = "Outbox  queued \(counts["queued", default: 0])  sent \(counts["sent", default: 0])  failed \(counts["failed", default: 0])   deliver with: pmops outbox deliver"
        buffer.put(summary, x: area.x + 1, y: area.y, style: theme[.title], maxWidth: area.width - 2)
        let columns = [TableColumn("#", width: .fixed(5), alignment: .right), TableColumn("STATUS", width: .fixed(7)),
                       TableColumn("TRIES", width: .fixed(5), alignment: .right), TableColumn("TO", width: .flex(2)),
                       TableColumn("SUBJECT", width: .flex(3)), TableColumn("LAST ERROR", width: .flex(2))]
        let widget = Table(columns: columns, focused: !modal.isOpen, emptyMessage: "No email has been queued.")
        outbox.render(into: &buffer, area: area, widget: widget, theme: theme) { index -> [TableCell] in
            guard rows.indices.contains(index) else { return [] }
            let m = rows[index]
            let statusKey: ThemeKey = m.status == "sent" ? .healthHealthy : (m.status == "failed" ? .severityCritical : .severityWarning)
            return [TableCell(String(m.id)), TableCell(m.status, style: statusKey), TableCell(String(m.attempts)),
                    TableCell(m.to), TableCell(m.subject), TableCell(m.lastError ?? "", style: .statusError)]
        }
    }
}
