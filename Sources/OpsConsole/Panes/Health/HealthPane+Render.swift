import Foundation
import TermUI

extension HealthPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        renderHeader(into: &buffer, area: Rect(x: area.x, y: area.y, width: area.width, height: 1))
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        if showingDetail, snapshot.selectable.indices.contains(selection) {
            MetricChart(metric: snapshot.selectable[selection], window: window, now: snapshot.takenAt, env: env)
                .render(into: &buffer, area: body, capabilities: capabilities)
            return
        }
        let rows = body.split(.vertical, [.percent(42), .percent(30), .fill(1)])
        let top = rows[0].split(.horizontal, [.percent(38), .fill(1)])
        let middle = rows[1].split(.horizontal, [.percent(50), .fill(1)])
        let bottom = rows[2].split(.horizontal, [.percent(50), .fill(1)])
        renderServices(into: &buffer, area: top[0], capabilities: capabilities)
        renderKPIs(into: &buffer, area: top[1], capabilities: capabilities)
        renderGauges(into: &buffer, area: middle[0], capabilities: capabilities)
        renderAlerts(into: &buffer, area: middle[1], capabilities: capabilities)
        renderSources(into: &buffer, area: bottom[0], capabilities: capabilities)
        renderUptime(into: &buffer, area: bottom[1], capabilities: capabilities)
        _ = theme
    }

    func healthKey(_ h: DashboardSnapshot.Health) -> ThemeKey {
        switch h {
        case .healthy: .healthHealthy
        case .degraded: .healthDegraded
        case .down: .healthDown
        case .pending: .textDim
        case .unknown: .healthUnknown
        }
    }

    func renderHeader(into buffer: inout ScreenBuffer, area: Rect) {
        let theme = env.theme
        var x = area.x + 1
        x += buffer.put("Window ", x: x, y: area.y, style: theme[.textDim])
        for w in DashboardWindow.allCases {
            x += buffer.put(w == window ? "[\(w.label)]" : " \(w.label) ", x: x, y: area.y, style: theme[w == window ? .highlight : .textDim])
        }
        x += buffer.put("  (w)   Firing: ", x: x, y: area.y, style: theme[.textDim])
        for (severity, key) in [("critical", ThemeKey.severityCritical), ("warning", .severityWarning), ("info", .severityInfo)] {
            let n = snapshot.severityCounts[severity, default: 0]
            x += buffer.put("\(n) \(severity)  ", x: x, y: area.y, style: theme[n > 0 ? key : .textDim])
        }
        if !snapshot.pending.isEmpty { x += buffer.put("Pending: \(snapshot.pending.count)  ", x: x, y: area.y, style: theme[.textDim]) }
        let stamp = "as of \(env.clockText(snapshot.takenAt)) "
        let w = TextWidth.width(of: stamp)
        if area.maxX - w > x { buffer.put(stamp, x: area.maxX - w, y: area.y, style: theme[.textDim]) }
    }

    func box(_ title: String, _ area: Rect, into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities, trailing: String? = nil) -> Rect {
        Box(title: title, trailingTitle: trailing, focused: false).render(into: &buffer, area: area, theme: env.theme, capabilities: capabilities)
    }

    func renderServices(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let inner = box("Services", area, into: &buffer, capabilities: capabilities)
        let theme = env.theme
        let dot = capabilities.unicode ? "●" : "*"
        let nameWidth = min(16, max(8, inner.width / 3))
        for (i, s) in snapshot.services.prefix(inner.height).enumerated() {
            let y = inner.y + i
            var x = inner.x + 1
            x += buffer.put(dot + " ", x: x, y: y, style: theme[healthKey(s.health)])
            buffer.put(TextWidth.truncate(s.name, toWidth: nameWidth), x: x, y: y, style: theme[.text])
            x += nameWidth + 1
            x += buffer.put(TextWidth.pad(s.health.rawValue, toWidth: 9), x: x, y: y, style: theme[healthKey(s.health)])
            buffer.put(s.detail, x: x, y: y, style: theme[.textDim], maxWidth: max(0, inner.maxX - x))
        }
        if snapshot.services.isEmpty { buffer.put("No data yet: is the collector running?", x: inner.x + 1, y: inner.y, style: theme[.textDim], maxWidth: inner.width - 1) }
    }

    func formatted(_ m: DashboardSnapshot.Metric) -> String {
        guard let v = m.value, v.isFinite else { return "—" }
        let number: String
        if abs(v) >= 10_000 { number = String(format: "%.0f", v).groupedThousands }
        else if abs(v) >= 100 { number = String(format: "%.0f", v) }
        else if abs(v) >= 10 { number = String(format: "%.1f", v) }
        else { number = String(format: "%.2f", v) }
        return m.unit.isEmpty ? number : "\(number) \(m.unit)"
    }

    func renderKPIs(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let inner = box("PenguinMails", area, into: &buffer, capabilities: capabilities, trailing: "Enter charts")
        let theme = env.theme
        let columns = inner.width >= 90 ? 3 : 2
        let tileWidth = max(10, inner.width / columns)
        for (i, m) in snapshot.kpis.enumerated() {
            let x = inner.x + (i % columns) * tileWidth
            let y = inner.y + (i / columns) * 3
            guard y + 2 < inner.maxY || (y + 1 < inner.maxY && inner.height < 6) else { break }
            let selected = i == selection
            buffer.put(TextWidth.truncate(m.title, toWidth: tileWidth - 2), x: x + 1, y: y, style: theme[selected ? .selection : .textDim])
            buffer.put(formatted(m), x: x + 1, y: y + 1, style: theme[healthKey(m.health)], maxWidth: tileWidth - 2)
            if y + 2 < inner.maxY {
                Sparkline(values: m.history).render(into: &buffer, area: Rect(x: x + 1, y: y + 2, width: tileWidth - 3, height: 1), theme: theme, capabilities: capabilities)
            }
        }
    }

    func renderGauges(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let inner = box("Host", area, into: &buffer, capabilities: capabilities)
        let theme = env.theme
        let labelWidth = 10
        for (i, g) in snapshot.gauges.prefix(inner.height).enumerated() {
            let y = inner.y + i
            let selected = snapshot.kpis.count + i == selection
            buffer.put(TextWidth.pad(TextWidth.truncate(g.title, toWidth: labelWidth), toWidth: labelWidth), x: inner.x + 1, y: y, style: theme[selected ? .selection : .text])
            let rest = inner.width - labelWidth - 3
            let gaugeWidth = max(6, rest / 2)
            Gauge(ratio: g.ratio ?? 0, label: formatted(g)).render(into: &buffer, area: Rect(x: inner.x + labelWidth + 2, y: y, width: gaugeWidth, height: 1), theme: theme, capabilities: capabilities)
            Sparkline(values: g.history).render(into: &buffer, area: Rect(x: inner.x + labelWidth + 3 + gaugeWidth, y: y, width: max(0, rest - gaugeWidth - 1), height: 1), theme: theme, capabilities: capabilities)
        }
    }

    func renderAlerts(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let inner = box("Firing alerts", area, into: &buffer, capabilities: capabilities)
        let theme = env.theme
        for (i, a) in snapshot.firing.prefix(inner.height).enumerated() {
            let key: ThemeKey = a.severity == "critical" ? .severityCritical : (a.severity == "warning" ? .severityWarning : .severityInfo)
            var x = inner.x + 1
            x += buffer.put(TextWidth.pad(a.severity.uppercased(), toWidth: 9), x: x, y: inner.y + i, style: theme[key])
            let age = "\(Self.age(snapshot.takenAt.timeIntervalSince(a.since)))  "
            x += buffer.put(TextWidth.pad(age, toWidth: 8), x: x, y: inner.y + i, style: theme[.textDim])
            buffer.put(a.summary, x: x, y: inner.y + i, style: theme[.text], maxWidth: max(0, inner.maxX - x))
        }
        // Pending alerts follow, dimmed: on their way, nobody paged yet.
        let pendingRows = max(0, inner.height - max(1, snapshot.firing.count))
        for (i, p) in snapshot.pending.prefix(pendingRows).enumerated() {
            let y = inner.y + max(1, snapshot.firing.count) + i
            var x = inner.x + 1
            x += buffer.put(TextWidth.pad("pending", toWidth: 9), x: x, y: y, style: theme[.textDim])
            x += buffer.put(p.firesIn + "  ", x: x, y: y, style: theme[.textDim])
            buffer.put(p.summary, x: x, y: y, style: theme[.textDim], maxWidth: max(0, inner.maxX - x))
        }
        if snapshot.firing.isEmpty { buffer.put("Nothing is firing.", x: inner.x + 1, y: inner.y, style: theme[.healthHealthy]) }
    }

    func renderSources(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let inner = box("Sources", area, into: &buffer, capabilities: capabilities)
        let theme = env.theme
        for (i, s) in snapshot.sources.prefix(inner.height).enumerated() {
            let y = inner.y + i
            var x = inner.x + 1
            x += buffer.put(TextWidth.pad(TextWidth.truncate(s.name, toWidth: 14), toWidth: 15), x: x, y: y, style: theme[.text])
            let (label, key): (String, ThemeKey) = switch s.up {
            case true?: ("up", .healthHealthy)
            case false?: ("DOWN", .healthDown)
            case nil: ("unknown", .healthUnknown)
            }
            x += buffer.put(TextWidth.pad(label, toWidth: 8), x: x, y: y, style: theme[key])
            var detail = s.lastSuccess.map { "ok \(Self.age(snapshot.takenAt.timeIntervalSince($0))) ago" } ?? "never ok"
            if let age = s.lastSuccess.map({ snapshot.takenAt.timeIntervalSince($0) }), age > 30 { detail = "stale \(Self.age(age))" }
            if let e = s.lastError, s.up == false { detail += "  " + e }
            buffer.put(detail, x: x, y: y, style: theme[s.up == false ? .statusError : .textDim], maxWidth: max(0, inner.maxX - x))
        }
        if snapshot.sources.isEmpty { buffer.put("No source has reported.", x: inner.x + 1, y: inner.y, style: theme[.textDim]) }
    }

    func renderUptime(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let inner = box("Uptime (target 99.9 %)", area, into: &buffer, capabilities: capabilities)
        let theme = env.theme
        guard inner.height > 0 else { return }
        let header = TextWidth.pad("probe", toWidth: 18) + TextWidth.pad("24h", toWidth: 10) + TextWidth.pad("7d", toWidth: 10) + "30d"
        buffer.put(header, x: inner.x + 1, y: inner.y, style: theme[.header], maxWidth: inner.width - 1)
        for (i, u) in snapshot.uptime.prefix(max(0, inner.height - 1)).enumerated() {
            let y = inner.y + 1 + i
            var x = inner.x + 1
            x += buffer.put(TextWidth.pad(TextWidth.truncate(u.target, toWidth: 17), toWidth: 18), x: x, y: y, style: theme[.text])
            for value in [u.day, u.week, u.month] {
                let text = value.map { String(format: "%.3f %%", $0 * 100) } ?? "—"
                let key: ThemeKey = value.map { $0 >= 0.999 ? .healthHealthy : .healthDown } ?? .textDim
                x += buffer.put(TextWidth.pad(text, toWidth: 10), x: x, y: y, style: theme[key], maxWidth: max(0, inner.maxX - x))
            }
        }
        if snapshot.uptime.isEmpty, inner.height > 1 { buffer.put("No probe samples yet.", x: inner.x + 1, y: inner.y + 1, style: theme[.textDim]) }
    }

    /// "42s", "5m", "3h", "2d".
    nonisolated static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 90 { return "\(s)s" }
        if s < 5400 { return "\(s / 60)m" }
        if s < 172_800 { return "\(s / 3600)h" }
        return "\(s / 86_400)d"
    }
}

extension String {
    /// "15400" → "15,400".
    var groupedThousands: String {
        let negative = hasPrefix("-")
        let digits = negative ? String(dropFirst()) : self
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (negative ? "-" : "") + String(out.reversed())
    }
}
