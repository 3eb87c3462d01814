import Foundation
import OpsCore
import OpsStore
import TermUI

extension KPIPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        if let reading {
            let inner = Box(title: reading.definition.name, trailingTitle: "Esc back").render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
            detail.render(lines(for: reading), in: inner, theme: theme, into: &buffer)
        } else {
            renderList(into: &buffer, area: area)
        }
    }

    /// "admin", "ops", "tech", "business": the group in a narrow column.
    static func shortGroup(_ group: KPIGroup) -> String {
        switch group {
        case .administrative: "admin"
        case .operational: "ops"
        case .technical: "tech"
        case .business: "business"
        }
    }

    func renderList(into buffer: inout ScreenBuffer, area: Rect) {
        let theme = env.theme
        var x = area.x + 1
        var header = "KPIs  last \(period.label)"
        if let report { header += " (\(env.shortDate(report.since)) – \(env.shortDate(report.until)))" }
        x += buffer.put(header + "   Filter ", x: x, y: area.y, style: theme[.title])
        if let field = list.filterField {
            _ = TextField(focused: true, placeholder: "name, id or group")
                .render(into: &buffer, area: Rect(x: x, y: area.y, width: min(30, max(0, area.maxX - x)), height: 1), theme: theme, state: field)
        } else {
            x += buffer.put(filterText.isEmpty ? "none (/)" : "\"\(filterText)\"", x: x, y: area.y,
                            style: theme[filterText.isEmpty ? .textDim : .highlight], maxWidth: max(0, area.maxX - x))
            if let computedAt, area.maxX - x > 40 {
                buffer.put("   computed \(env.clockText(computedAt, seconds: false)) · w/W period", x: x, y: area.y, style: theme[.textDim],
                           maxWidth: max(0, area.maxX - x))
            }
        }
        let wide = area.width >= 160
        var columns = [TableColumn("AREA", width: .fixed(8)), TableColumn("KPI", width: .flex(3)),
                       TableColumn("VALUE", width: .fixed(11), alignment: .right),
                       TableColumn("TREND", width: .fixed(Self.buckets)), TableColumn("DETAIL", width: .flex(3))]
        if wide { columns.append(TableColumn("DEFINITION", width: .flex(4))) }
        let widget = Table(columns: columns, focused: true, emptyMessage: report == nil ? "The KPI report could not be computed (see the status line)." : "No figure matches the filter.")
        let rows = list.window
        list.render(into: &buffer, area: area, widget: widget, theme: theme) { index -> [TableCell] in
            guard let row = rows[index] else { return [TableCell("…")] }
            let shown = Self.isShown(row.value)
            var cells = [TableCell(Self.shortGroup(row.definition.group), style: .textDim),
                         TableCell(row.definition.name),
                         TableCell(KPIFormat.value(row.value, unit: row.definition.unit), style: shown ? .text : .textDim),
                         TableCell(row.trend.isEmpty ? "" : KPIFormat.sparkline(row.trend), style: .highlight),
                         TableCell(KPIFormat.detail(row.value), style: .textDim)]
            if wide { cells.append(TableCell(row.definition.definition, style: .textDim)) }
            return cells
        }
    }

    static func isShown(_ value: KPIValue) -> Bool {
        if case .value = value { return true }
        return false
    }

    func lines(for row: KPIRow) -> [DetailLine] {
        let d = row.definition
        var out: [DetailLine] = [.title("\(d.name) · \(d.group.title)")]
        out.append(DetailLine(label: "Value", value: KPIFormat.value(row.value, unit: d.unit), style: Self.isShown(row.value) ? .title : .textDim))
        switch row.value {
        case let .value(_, sample, note):
            out.append(DetailLine(label: "Sample", value: String(sample)))
            if let note { out.append(DetailLine(label: "Note", value: note)) }
        case let .noData(reason): out.append(DetailLine(label: "No data", value: reason, style: .textDim))
        case let .hidden(permission): out.append(DetailLine(label: "Hidden", value: "needs \(permission.rawValue), which your roles do not grant", style: .textDim))
        }
        out.append(DetailLine(label: "Definition", value: d.definition))
        out.append(DetailLine(label: "Id", value: "\(d.id) (pmops kpi --json)", style: .textDim))
        if let report {
            out.append(DetailLine(label: "Period", value: "\(env.shortDate(report.since)) – \(env.shortDate(report.until)) (last \(period.label))"))
            if !row.trend.isEmpty {
                out += [.blank, DetailLine(label: "Trend", value: KPIFormat.sparkline(row.trend), style: .highlight)]
                let spans = KPIMath.buckets(since: report.since, until: report.until, count: row.trend.count)
                for (span, value) in zip(spans, row.trend) {
                    out.append(DetailLine(label: env.shortDate(span.from), value: value.map { KPIFormat.number($0, unit: d.unit) } ?? "nothing in this bucket",
                                          style: value == nil ? .textDim : .text))
                }
            }
        }
        out += [.blank, DetailLine(label: "Keys", value: "w/W period · Esc back · pmops kpi --md for the monthly report", style: .textDim)]
        return out
    }
}
