import Foundation
import OpsCore
import OpsStore
import TermUI

extension AlertsPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        switch view {
        case .queue: renderQueue(into: &buffer, area: area, unicode: capabilities.unicode)
        case .detail: renderDetail(into: &buffer, area: area, capabilities: capabilities)
        }
        renderModal(into: &buffer, area: area, capabilities: capabilities)
    }

    // MARK: - Queue

    /// Column order is fixed; `sort` names the column each `AlertQuery.Sort` orders by.
    static let columns: [(title: String, width: TableColumn.Width, alignment: TextAlignment, sort: AlertQuery.Sort?)] = [
        ("", .fixed(2), .left, nil),
        ("SEV", .fixed(5), .left, .severity),
        ("STATE", .fixed(8), .left, .state),
        ("AGE", .fixed(5), .right, .age),
        ("SERVICE", .flex(1), .left, .service),
        ("SUMMARY", .flex(3), .left, .summary),
        ("N", .fixed(4), .right, .count),
        ("ASSIGNEE", .fixed(9), .left, .assignee),
        ("TEAM", .fixed(8), .left, .team),
        ("LVL", .fixed(4), .right, .level),
    ]

    /// The header marks the sorted column with ▲ (ascending) or ▼; the queue order
    /// (state, severity, age) is marked on SEV with "q".
    func tableColumns(unicode: Bool) -> [TableColumn] {
        let arrow = query.descending ? (unicode ? "▼" : "v") : (unicode ? "▲" : "^")
        return Self.columns.map { c in
            var title = c.title
            if c.sort == query.sort || (query.sort == .queue && c.sort == .severity) {
                title += query.sort == .queue ? "q" + arrow : arrow
            }
            return TableColumn(title, width: c.width, alignment: c.alignment)
        }
    }

    func renderQueue(into buffer: inout ScreenBuffer, area: Rect, unicode: Bool) {
        guard area.height > 2 else { return }
        renderFilterBar(into: &buffer, area: Rect(x: area.x, y: area.y, width: area.width, height: 1))
        let widget = Table(columns: tableColumns(unicode: unicode), focused: !modal.isOpen,
                           emptyMessage: query == AlertQuery() ? "No active alerts. All quiet." : "No alert matches the filters (X clears them).")
        let now = env.clock.now()
        renderPending(into: &buffer, area: area, now: now)
        queue.render(into: &buffer, area: queueArea(area), widget: widget, theme: env.theme) { index -> [TableCell] in
            if grouped {
                guard groupRows.indices.contains(index) else { return [TableCell("…")] }
                switch groupRows[index] {
                case let .alert(a): return cells(for: a, now: now, indent: true)
                case let .group(g, open): return groupCells(g, expanded: open, now: now, unicode: unicode)
                case let .more(_, hidden): return ["", "", "", "", "", TableCell("… \(hidden) more in this group (filter to see them)", style: .textDim)]
                }
            }
            guard let a = queue.window[index] else { return [TableCell("…")] }
            return cells(for: a, now: now, indent: false)
        }
    }

    func cells(for a: AlertRecord, now: Date, indent: Bool) -> [TableCell] {
        let style: ThemeKey? = isHighlighted(a) ? .highlight : a.isSilenced ? .textDim : a.state.isActive ? nil : .textMuted
        let mark = (marked.contains(a.id) ? "*" : " ") + (a.flapping ? "~" : " ")
        let sevStyle: ThemeKey = switch a.severity {
        case .critical: .severityCritical
        case .warning: .severityWarning
        case .info: .severityInfo
        }
        return [
            TableCell(mark, style: marked.contains(a.id) ? .highlight : style),
            TableCell(Self.severityText(a.severity), style: style ?? sevStyle),
            TableCell(Self.stateText(a), style: style ?? (a.state == .open ? .text : .textDim)),
            TableCell(Self.age(from: a.startsAt, to: now), style: style),
            TableCell(a.service.isEmpty ? "—" : a.service, style: style),
            TableCell((indent ? "  " : "") + (incidentOf[a.id].map { "[\($0)] " } ?? "") + a.summary, style: style),
            TableCell(String(a.occurrences), style: style),
            TableCell(a.assignee ?? "—", style: style ?? (a.assignee == nil ? .textDim : nil)),
            TableCell(a.team ?? "—", style: style),
            TableCell(a.escalationLevel == 0 ? "—" : "L\(a.escalationLevel)", style: style),
        ]
    }

    func groupCells(_ g: AlertGroup, expanded: Bool, now: Date, unicode: Bool) -> [TableCell] {
        let sevStyle: ThemeKey = g.worst == .critical ? .severityCritical : g.worst == .warning ? .severityWarning : .severityInfo
        let ids = members[g.key]?.rows.map(\.id) ?? []
        let allMarked = !ids.isEmpty && ids.allSatisfy(marked.contains)
        let twisty = expanded ? (unicode ? "▾" : "-") : (unicode ? "▸" : "+")
        // group_key is "alertname/service" by default; show each part in its column.
        let slash = g.key.lastIndex(of: "/")
        let name = slash.map { String(g.key[..<$0]) } ?? g.key
        let service = slash.map { g.key[g.key.index(after: $0)...] }
        return [
            TableCell(allMarked ? "*" : "", style: .highlight),
            TableCell(Self.severityText(g.worst), style: sevStyle),
            TableCell("\(g.unacknowledged) open", style: g.unacknowledged > 0 ? .text : .textDim),
            TableCell(Self.age(from: g.oldest, to: now)),
            TableCell(service.map(String.init) ?? "", style: .title),
            TableCell("\(twisty) \(name) · \(g.summary)", style: .title),
            TableCell(String(g.count), style: .title),
            "", "", "",
        ]
    }

    func renderFilterBar(into buffer: inout ScreenBuffer, area: Rect) {
        let severity = query.severities.count == 1 ? query.severities.first?.rawValue ?? "all" : "all"
        var parts = [FilterBar.Part(label: "sev ", value: severity, active: severity != "all"),
                     FilterBar.Part(label: "state ", value: Self.stateFilterText(query.states), active: !query.isActiveOnly)]
        if let team = query.team { parts.append(FilterBar.Part(label: "team ", value: team, active: true)) }
        if query.assignee != nil { parts.append(FilterBar.Part(label: "", value: "mine", active: true)) }
        if query.silenced != .include {
            parts.append(FilterBar.Part(label: "silenced ", value: query.silenced == .exclude ? "hidden" : "only", active: true))
        }
        if grouped { parts.append(FilterBar.Part(label: "", value: "grouped", active: true)) }
        var right = grouped ? "\(groups.count) group\(groups.count == 1 ? "" : "s") " : "\(queue.rowCount)\(countExact ? "" : "+") alert\(queue.rowCount == 1 && countExact ? "" : "s") "
        if !marked.isEmpty { right = "\(marked.count) selected · " + right }
        FilterBar(field: queue.filterField, placeholder: "summary, service, rule or label", text: query.text, parts: parts, right: right,
                  rightStyle: marked.isEmpty ? .textDim : .highlight)
            .render(into: &buffer, area: area, theme: env.theme)
    }

    // MARK: - Formatting

    static func severityText(_ s: AlertSeverity) -> String {
        switch s {
        case .critical: "crit"
        case .warning: "warn"
        case .info: "info"
        }
    }

    static func stateText(_ a: AlertRecord) -> String {
        // Both when muted and handled: "ack+sil" (the column is 8 wide).
        if a.isSilenced && a.state.isActive { return a.state == .acknowledged ? "ack+sil" : a.state == .snoozed ? "snz+sil" : "silenced" }
        switch a.state {
        case .acknowledged: return "acked"
        default: return a.state.rawValue
        }
    }

    static func stateFilterText(_ states: Set<AlertState>) -> String {
        if states.isEmpty || states.count == AlertState.allCases.count { return "all" }
        if states == [.open, .acknowledged, .snoozed] { return "active" }
        return AlertState.allCases.filter(states.contains).map(\.rawValue).joined(separator: "+")
    }

    /// "<1m", "42m", "5h", "3d": minutes at most, so the column changes once a minute.
    static func age(from start: Date, to now: Date) -> String {
        let s = max(0, Int(now.timeIntervalSince(start)))
        if s < 60 { return "<1m" }
        if s < 3_600 { return "\(s / 60)m" }
        if s < 86_400 * 2 { return "\(s / 3_600)h" }
        return "\(s / 86_400)d"
    }
}
