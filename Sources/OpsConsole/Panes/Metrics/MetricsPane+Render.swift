import Foundation
import OpsStore
import TermUI

extension MetricsPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        if charted != nil {
            renderCharts(into: &buffer, area: area, capabilities: capabilities)
        } else {
            renderList(into: &buffer, area: area)
        }
    }

    /// One chart, or two stacked on the same window and end time (one time axis, read
    /// top to bottom), each titled with its series: colour is not needed to tell them apart.
    func renderCharts(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        guard !charts.isEmpty else {
            buffer.put("No data for this series.", x: area.x + 1, y: area.y, style: env.theme[.textDim], maxWidth: area.width - 1)
            return
        }
        let heights = charts.count == 1 ? [area.height] : [area.height / 2, area.height - area.height / 2]
        let axis = charts.map(MetricChart.axisWidth(for:)).max() ?? 0
        var y = area.y
        for (metric, height) in zip(charts, heights) {
            MetricChart(metric: metric, window: window, now: readAt, env: env, minAxisWidth: axis)
                .render(into: &buffer, area: Rect(x: area.x, y: y, width: area.width, height: height), capabilities: capabilities)
            y += height
        }
    }

    func renderList(into buffer: inout ScreenBuffer, area: Rect) {
        let theme = env.theme
        var x = area.x + 1
        let count = list.rowCount == storedCount ? "\(storedCount.grouped) series" : "\(list.rowCount.grouped) of \(storedCount.grouped) series"
        x += buffer.put("Metrics  \(count)   Filter ", x: x, y: area.y, style: theme[.title])
        if let field = list.filterField {
            _ = TextField(focused: true, placeholder: "name text, label=value")
                .render(into: &buffer, area: Rect(x: x, y: area.y, width: min(40, max(0, area.maxX - x)), height: 1), theme: theme, state: field)
            x += min(40, max(0, area.maxX - x))
        } else {
            x += buffer.put(filterText.isEmpty ? "none (/)" : "\"\(Sanitizer.sanitize(filterText))\"", x: x, y: area.y,
                            style: theme[filterText.isEmpty ? .textDim : .highlight], maxWidth: max(0, area.maxX - x))
        }
        if let marked, area.maxX - x > 12 {
            x += 3
            x += buffer.put("Marked ", x: x, y: area.y, style: theme[.textDim])
            buffer.put(Self.display(marked), x: x, y: area.y, style: theme[.highlight], maxWidth: max(0, area.maxX - x - 1))
        }
        let wide = area.width >= 110
        let columns = [TableColumn("", width: .fixed(1)), TableColumn("NAME", width: .flex(wide ? 3 : 4)), TableColumn("LABELS", width: .flex(wide ? 4 : 3)),
                       TableColumn("VALUE", width: .fixed(wide ? 12 : 9), alignment: .right), TableColumn("AGE", width: .fixed(6), alignment: .right)]
        let empty = storedCount == 0
            ? "No series stored yet: run pmops collect, or add a scrape to its --config."
            : "No series matches this filter; / then Esc clears it."
        let widget = Table(columns: columns, focused: !list.isFiltering, emptyMessage: empty)
        let rows = list.window, marked = self.marked, now = readAt
        list.render(into: &buffer, area: area, widget: widget, theme: theme) { index -> [TableCell] in
            guard let r = rows[index] else { return [TableCell(""), TableCell("…")] }
            let age = r.latest.map { DurationText.text(max(0, now.timeIntervalSince($0.time))) } ?? "—"
            let stale = r.latest.map { now.timeIntervalSince($0.time) > 120 } ?? true
            return [TableCell(r.series == marked ? "*" : "", style: .highlight),
                    TableCell(Sanitizer.sanitize(r.series.name)),
                    TableCell(Self.labelText(r.series.labels), style: .textDim),
                    TableCell(r.latest.map { Self.number($0.value) } ?? "—", style: stale ? .textDim : .text),
                    TableCell(age, style: stale ? .textDim : .text)]
        }
    }

    /// A value as people read it in a narrow column: below a thousand to four significant
    /// digits, then whole and grouped (20,000), from a million on with a suffix (1.795G).
    nonisolated static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value > 0 ? "+Inf" : "-Inf" }
        let magnitude = abs(value)
        for (scale, suffix) in [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M")] where magnitude >= scale {
            return magnitude >= 1e18 ? String(format: "%.3e", value) : String(format: "%.4g", value / scale) + suffix
        }
        if magnitude >= 1000 || value == value.rounded() { return String(format: "%.0f", value).groupedThousands }
        return String(format: "%.4g", value)
    }
}

extension Int {
    /// 1,079 rather than 1079.
    var grouped: String { String(self).groupedThousands }
}
