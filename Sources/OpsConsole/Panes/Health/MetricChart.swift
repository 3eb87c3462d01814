import Foundation
import TermUI

/// The detail chart of one metric: a filled column chart over the window with a value
/// axis on the left, a time axis below, and min / avg / max. Block elements (▁…█) give
/// eight levels per row; ASCII terminals get '#'. The axis spans the data (`scale`), not
/// zero to the maximum, so 98.3–98.7 % shows its shape instead of a flat full bar.
@MainActor struct MetricChart {
    let metric: DashboardSnapshot.Metric
    let window: DashboardWindow
    let now: Date
    let env: ConsoleEnvironment
    /// At least this wide a value axis: charts stacked on one time axis take the widest
    /// (`axisWidth(for:)`) so their columns line up.
    var minAxisWidth = 0

    static let blocks = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let values = metric.history.filter(\.isFinite)
        let lo = values.min() ?? 0, hi = values.max() ?? 0
        let avg = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        let stats = values.isEmpty ? "no data in this window" : "min \(Self.short(lo))  avg \(Self.short(avg))  max \(Self.short(hi)) \(metric.unit)"
        let inner = Box(title: "\(metric.title) · last \(window.label)", trailingTitle: "Esc back · w window", focused: true)
            .render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        guard inner.height >= 4, inner.width >= 20 else { return }
        buffer.put(stats, x: inner.x + 1, y: inner.y, style: theme[.title], maxWidth: inner.width - 2)
        let (floor, top) = Self.scale(lo: lo, hi: hi)
        let axisWidth = max(minAxisWidth, Self.short(top).count + 1, Self.short(floor).count + 1)
        let plot = Rect(x: inner.x + axisWidth + 1, y: inner.y + 1, width: inner.width - axisWidth - 2, height: inner.height - 3)
        guard plot.width > 2, plot.height > 0 else { return }
        let span = top - floor
        // Axis labels: top and bottom of the scale.
        buffer.put(TextWidth.pad(Self.short(top), toWidth: axisWidth, alignment: .right), x: inner.x, y: plot.y, style: theme[.chartAxis])
        buffer.put(TextWidth.pad(Self.short(floor), toWidth: axisWidth, alignment: .right), x: inner.x, y: plot.maxY - 1, style: theme[.chartAxis])
        let vertical = capabilities.unicode ? "│" : "|"
        for y in plot.y..<plot.maxY { buffer.put(vertical, x: plot.x - 1, y: y, style: theme[.chartAxis]) }
        let horizontal = capabilities.unicode ? "─" : "-"
        buffer.put(String(repeating: horizontal, count: plot.width), x: plot.x, y: plot.maxY, style: theme[.chartAxis])
        let start = "-\(window.label)"
        let end = "now \(env.clockText(now, seconds: false))"
        buffer.put(start, x: plot.x, y: plot.maxY + 1, style: theme[.chartAxis])
        buffer.put(end, x: plot.maxX - TextWidth.width(of: end), y: plot.maxY + 1, style: theme[.chartAxis])
        guard !values.isEmpty else { return }
        // One column per bucket of samples: the bucket's max, so spikes are not averaged away.
        let slots = metric.history
        let columns = plot.width
        for col in 0..<columns {
            let from = col * slots.count / columns, to = max(from + 1, (col + 1) * slots.count / columns)
            guard from < slots.count else { break }
            guard let v = slots[from..<min(to, slots.count)].filter(\.isFinite).max() else { continue }
            let eighths = Int(((v - floor) / span) * Double(plot.height * 8))
            for row in 0..<plot.height {
                let fill = eighths - row * 8
                guard fill > 0 else { break }
                let glyph = capabilities.unicode ? Self.blocks[min(7, fill - 1)] : (fill >= 4 ? "#" : ".")
                buffer.put(glyph, x: plot.x + col, y: plot.maxY - 1 - row, style: theme[.chartLine])
            }
        }
    }

    /// The width the value axis of `metric` needs: its labels and a space.
    static func axisWidth(for metric: DashboardSnapshot.Metric) -> Int {
        let values = metric.history.filter(\.isFinite)
        let (floor, top) = scale(lo: values.min() ?? 0, hi: values.max() ?? 0)
        return max(short(top).count, short(floor).count) + 1
    }

    /// The value axis for data from `lo` to `hi`: a tenth of the range below the lowest
    /// value (so it still draws a bar, never below zero for data that is not), the highest
    /// at the top; a flat series sits mid-height.
    nonisolated static func scale(lo: Double, hi: Double) -> (floor: Double, top: Double) {
        guard lo.isFinite, hi.isFinite else { return (0, 1) }
        let pad = hi > lo ? (hi - lo) / 10 : max(abs(hi) * 0.05, 1)
        let floor = lo >= 0 ? max(0, lo - pad) : lo - pad
        return (floor, hi > lo ? hi : hi + pad)
    }

    static func short(_ v: Double) -> String {
        if abs(v) >= 1_000_000 { return String(format: "%.1fM", v / 1_000_000) }
        if abs(v) >= 10_000 { return String(format: "%.0fk", v / 1000) }
        if abs(v) >= 100 { return String(format: "%.0f", v) }
        if abs(v) >= 1 { return String(format: "%.1f", v) }
        return String(format: "%.2f", v)
    }
}
