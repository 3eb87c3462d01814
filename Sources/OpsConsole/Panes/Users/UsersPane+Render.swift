import Foundation
import OpsCore
import OpsStore
import TermUI

extension UsersPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        switch view {
        case .list: renderList(into: &buffer, area: area, capabilities: capabilities)
        case let .detail(login): renderDetail(login, into: &buffer, area: area, capabilities: capabilities)
        case .audit: renderAudit(into: &buffer, area: area, capabilities: capabilities)
        case .outbox: renderOutbox(into: &buffer, area: area, capabilities: capabilities)
        }
        renderModal(into: &buffer, area: area, capabilities: capabilities)
    }

    // MARK: - List

    static let listColumns = [
        TableColumn("LOGIN", width: .min(10)), TableColumn("NAME", width: .flex(3)), TableColumn("ROLES", width: .flex(3)),
        TableColumn("TEAM", width: .fixed(11)), TableColumn("STATUS", width: .fixed(11)), TableColumn("CHANGED", width: .fixed(16)),
    ]

    func renderList(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let filterBar = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        renderFilterBar(into: &buffer, area: filterBar)
        let columns = area.width < 100 ? Array(Self.listColumns.prefix(5)) : Self.listColumns
        let widget = Table(columns: columns, focused: !modal.isOpen, emptyMessage: "No staff account matches.")
        let window = list.window
        let env = self.env
        list.render(into: &buffer, area: area, widget: widget, theme: theme) { index -> [TableCell] in
            guard let a = window[index] else { return [TableCell("…")] }
            return [
                TableCell(a.login, style: a.isActive ? nil : .textDim),
                TableCell(a.displayName ?? "— archived", style: a.isActive ? nil : .textDim),
                TableCell(a.roles.isEmpty ? "—" : a.sortedRoles.map(\.rawValue).joined(separator: ", ")),
                TableCell(a.team ?? ""),
                TableCell(a.status.rawValue, style: a.isActive ? .healthHealthy : .textMuted),
                TableCell(env.shortDate(a.updatedAt), style: .textDim),
            ]
        }
    }

    func renderFilterBar(into buffer: inout ScreenBuffer, area: Rect) {
        let theme = env.theme
        var x = area.x + 1
        x += buffer.put("Filter ", x: x, y: area.y, style: theme[.textDim])
        if let field = list.filterField {
            _ = TextField(focused: true, placeholder: "login, name, email or team")
                .render(into: &buffer, area: Rect(x: x, y: area.y, width: min(40, area.maxX - x), height: 1), theme: theme, state: field)
            x += min(40, area.maxX - x) + 1
        } else {
            x += buffer.put(filter.text.map { "\"\($0)\"" } ?? "none (/)", x: x, y: area.y, style: theme[filter.text == nil ? .textDim : .highlight])
            x += 2
        }
        x += buffer.put("Status ", x: x, y: area.y, style: theme[.textDim])
        x += buffer.put(filter.status?.rawValue ?? "all", x: x, y: area.y, style: theme[filter.status == nil ? .text : .highlight])
        x += buffer.put(" (S)  Role ", x: x, y: area.y, style: theme[.textDim])
        x += buffer.put(filter.role?.rawValue ?? "all", x: x, y: area.y, style: theme[filter.role == nil ? .text : .highlight])
        x += buffer.put(" (F)", x: x, y: area.y, style: theme[.textDim])
        let count = "\(list.rowCount) account\(list.rowCount == 1 ? "" : "s") "
        let cw = TextWidth.width(of: count)
        if area.maxX - cw > x + 1 { buffer.put(count, x: area.maxX - cw, y: area.y, style: theme[.textDim]) }
    }

    // MARK: - Detail

    func renderDetail(_ login: String, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        guard let d = detail, d.account.login == login else { return }
        let a = d.account
        let inner = Box(title: "Account \(a.login)", trailingTitle: "Esc back", focused: !modal.isOpen)
            .render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        let columns = inner.width >= 90 ? inner.split(.horizontal, [.percent(45), .fill(1)]) : [inner]
        var y = columns[0].y
        let left = columns[0]
        func line(_ label: String, _ value: String, _ key: ThemeKey = .text) {
            guard y < left.maxY else { return }
            buffer.put(TextWidth.pad(label, toWidth: 12), x: left.x + 1, y: y, style: theme[.textDim])
            buffer.put(value, x: left.x + 14, y: y, style: theme[key], maxWidth: max(0, left.width - 15))
            y += 1
        }
        line("Name", a.displayName ?? "— archived")
        line("Email", a.email ?? "— archived")
        line("Team", a.team ?? "—")
        line("Status", a.status.rawValue, a.isActive ? .healthHealthy : .textMuted)
        line("Roles", a.roles.isEmpty ? "none" : a.sortedRoles.map(\.rawValue).joined(separator: ", "), .highlight)
        line("Version", "\(a.version), changed \(env.shortDate(a.updatedAt)) by \(a.updatedBy ?? "—")")
        line("Open work", d.openWork.isEmpty ? "none" : d.openWork.map { "\($0.kind) \($0.id)" }.joined(separator: ", "))
        y += 1
        if y < left.maxY { buffer.put("Effective permissions", x: left.x + 1, y: y, style: theme[.title]); y += 1 }
        for p in a.permissions.sorted() where y < left.maxY {
            buffer.put("• " + p.rawValue, x: left.x + 2, y: y, style: theme[.text], maxWidth: left.width - 3)
            y += 1
        }
        if a.permissions.isEmpty, y < left.maxY { buffer.put("none", x: left.x + 2, y: y, style: theme[.textDim]) }
        let right = columns.count > 1 ? columns[1] : Rect(x: inner.x, y: y + 1, width: inner.width, height: max(0, inner.maxY - y - 1))
        guard right.height > 1 else { return }
        buffer.put("Recent audit entries", x: right.x + 1, y: right.y, style: theme[.title])
        guard let audit = d.audit else {
            buffer.put("Needs audit.read.", x: right.x + 1, y: right.y + 1, style: theme[.textDim])
            return
        }
        for (i, e) in audit.prefix(right.height - 1).enumerated() {
            let text = "\(env.shortDate(e.at))  \(e.action)  \(e.actor == a.login ? "by self" : "by \(e.actor)")\(e.target.map { $0 == a.login ? "" : " → \($0)" } ?? "")"
            buffer.put(text, x: right.x + 1, y: right.y + 1 + i, style: theme[.text], maxWidth: right.width - 2)
        }
        if audit.isEmpty { buffer.put("none", x: right.x + 1, y: right.y + 1, style: theme[.textDim]) }
    }
}
