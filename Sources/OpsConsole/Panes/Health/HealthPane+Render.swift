import Foundation
import TermUI

extension HealthPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        renderHeader(into: &buffer, area: Rect(x: area.x, y: area.y, width: area.width, height: 1))
        let body = bodyArea(area)
        if let banner = snapshot.majorIncident { renderBanner(banner, into: &buffer, area: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1)) }
        if let banner = snapshot.deployBanner {
            let y = area.y + (snapshot.majorIncident == nil ? 1 : 2)
            renderDeployBanner(banner, into: &buffer, area: Rect(x: area.x, y: y, width: area.width, height: 1))
        }
        if showingDetail, snapshot.selectable.indices.contains(selection) {
            MetricChart(metric: snapshot.selectable[selection], window: window, now: snapshot.takenAt, env: env)
                .render(into: &buffer, area: body, capabilities: capabilities)
            return
        }
        let areas = HealthBox.areas(body: body)
        let at = { (box: HealthBox) in areas[box] ?? Rect(x: body.x, y: body.y, width: 0, height: 0) }
        renderServices(into: &buffer, area: at(.services), capabilities: capabilities)
        renderKPIs(into: &buffer, area: at(.tiles), capabilities: capabilities)
        renderGauges(into: &buffer, area: at(.host), capabilities: capabilities)
        renderAlerts(into: &buffer, area: at(.firing), capabilities: capabilities)
        renderSources(into: &buffer, area: at(.sources), capabilities: capabilities)
        renderUptime(into: &buffer, area: at(.uptime), capabilities: capabilities)
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

    /// "Window 15m [1h] … (w)   Firing: …  Pending: N   as of …": what does not fit goes,
    /// least useful first (the stamp, then the other windows' names, then Pending), never
    /// cut mid-word.
    func renderHeader(into buffer: inout ScreenBuffer, area: Rect) {
        let theme = env.theme
        let severities: [(String, ThemeKey)] = [("critical", .severityCritical), ("warning", .severityWarning), ("info", .severityInfo)]
        let counts = severities.map { (text: "\(snapshot.severityCounts[$0.0, default: 0]) \($0.0)  ", key: $0.1, n: snapshot.severityCounts[$0.0, default: 0]) }
        let pending = snapshot.pending.isEmpty ? "" : "Pending: \(snapshot.pending.count)  "
        let fullWindows = DashboardWindow.allCases.map { $0 == window ? "[\($0.label)]" : " \($0.label) " }.joined()
        let firing = "  (w)   Firing: "
        let countsWidth = counts.reduce(0) { $0 + TextWidth.width(of: $1.text) }
        func width(_ windows: String, _ pending: String) -> Int {
            1 + TextWidth.width(of: "Window " + windows + firing + pending) + countsWidth
        }
        let compact = width(fullWindows, pending) > area.width
        var shownPending = pending
        if compact, width("[\(window.label)]", pending) > area.width { shownPending = "" }
        var x = area.x + 1
        x += buffer.put("Window ", x: x, y: area.y, style: theme[.textDim])
        for w in DashboardWindow.allCases where !compact || w == window {
            x += buffer.put(w == window ? "[\(w.label)]" : " \(w.label) ", x: x, y: area.y, style: theme[w == window ? .highlight : .textDim])
        }
        x += buffer.put(firing, x: x, y: area.y, style: theme[.textDim])
        for c in counts { x += buffer.put(c.text, x: x, y: area.y, style: theme[c.n > 0 ? c.key : .textDim]) }
        if !shownPending.isEmpty { x += buffer.put(shownPending, x: x, y: area.y, style: theme[.textDim]) }
        let stamp = "as of \(env.clockText(snapshot.takenAt)) "
        let w = TextWidth.width(of: stamp)
        if area.maxX - w > x { buffer.put(stamp, x: area.maxX - w, y: area.y, style: theme[.textDim]) }
    }

    /// Draws `box`'s frame and the rows that fit (`row(index, y)`), with "+N more ↓" in the
    /// border when some do not.
    @discardableResult
    func boxed(_ box: HealthBox, _ title: String, _ area: Rect, count: Int, trailing: String? = nil, rowHeight: Int = 1,
               perRow: Int = 1, items: Int? = nil, into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities,
               row: (Int, Int, inout ScreenBuffer) -> Void) -> Rect {
        let frame = Box(title: title, trailingTitle: trailing, focused: focusedBox == box)
        return (boxLists[box] ?? BoxList()).render(frame, area: area, count: count, rowHeight: rowHeight, perRow: perRow, items: items,
                                                   header: box == .uptime ? 1 : 0, theme: env.theme, capabilities: capabilities,
                                                   into: &buffer, row: row)
    }

    func renderServices(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let dot = capabilities.unicode ? "●" : "*"
        let services = BoxList.worstFirst(snapshot.services) { $0.health.rank }
        let nameWidth = min(16, max(8, (area.width - 2) / 3))
        let inner = boxed(.services, "Services", area, count: services.count, into: &buffer, capabilities: capabilities) { i, y, buffer in
            let s = services[i]
            var x = area.x + 2
            x += buffer.put(dot + " ", x: x, y: y, style: theme[healthKey(s.health)])
            buffer.put(TextWidth.truncate(s.name, toWidth: nameWidth), x: x, y: y, style: theme[.text])
            x += nameWidth + 1
            x += buffer.put(TextWidth.pad(s.health.rawValue, toWidth: 9), x: x, y: y, style: theme[healthKey(s.health)])
            buffer.put(s.detail, x: x, y: y, style: theme[.textDim], maxWidth: max(0, area.maxX - 1 - x))
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
        let theme = env.theme
        let columns = (area.width - 2) >= 90 ? 3 : 2
        let tileWidth = max(10, (area.width - 2) / columns)
        let height = min(3, max(1, area.height - 2))
        let kpis = snapshot.kpis
        let rows = (kpis.count + columns - 1) / columns
        boxed(.tiles, "PenguinMails", area, count: rows, trailing: "Enter charts", rowHeight: height, perRow: columns, items: kpis.count,
              into: &buffer, capabilities: capabilities) { row, y, buffer in
            for i in row * columns..<min(kpis.count, (row + 1) * columns) {
                let m = kpis[i]
                let x = area.x + 1 + (i % columns) * tileWidth
                buffer.put(TextWidth.truncate(m.title, toWidth: tileWidth - 2), x: x + 1, y: y, style: theme[i == selection ? .selection : .textDim])
                if height > 1 { buffer.put(formatted(m), x: x + 1, y: y + 1, style: theme[healthKey(m.health)], maxWidth: tileWidth - 2) }
                if height > 2 {
                    Sparkline(values: m.history, range: Self.dataRange(m.history))
                        .render(into: &buffer, area: Rect(x: x + 1, y: y + 2, width: tileWidth - 3, height: 1), theme: theme, capabilities: capabilities)
                }
            }
        }
    }

    func renderGauges(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let labelWidth = 10
        let order = hostOrder
        boxed(.host, "Host", area, count: order.count, into: &buffer, capabilities: capabilities) { row, y, buffer in
            let index = order[row]
            let g = snapshot.gauges[index]
            let selected = snapshot.kpis.count + index == selection
            buffer.put(TextWidth.pad(TextWidth.truncate(g.title, toWidth: labelWidth), toWidth: labelWidth), x: area.x + 2, y: y, style: theme[selected ? .selection : .text])
            let rest = area.width - 2 - labelWidth - 3
            let gaugeWidth = max(6, rest / 2)
            let label = g.value == nil ? "no data" : formatted(g)
            Gauge(ratio: g.ratio ?? 0, label: label).render(into: &buffer, area: Rect(x: area.x + labelWidth + 3, y: y, width: gaugeWidth, height: 1), theme: theme, capabilities: capabilities)
            Sparkline(values: g.history).render(into: &buffer, area: Rect(x: area.x + labelWidth + 4 + gaugeWidth, y: y, width: max(0, rest - gaugeWidth - 1), height: 1), theme: theme, capabilities: capabilities)
        }
    }

    func renderAlerts(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let firing = snapshot.firing
        let pending = snapshot.pending
        // One list: firing first, then pending (dimmed: on their way, nobody paged yet). When
        // nothing fires, row 0 says so and pending follows it.
        let lead = firing.isEmpty ? 1 : firing.count
        let inner = boxed(.firing, "Firing alerts", area, count: lead + pending.count, into: &buffer, capabilities: capabilities) { i, y, buffer in
            var x = area.x + 2
            if i < firing.count {
                let a = firing[i]
                let key: ThemeKey = a.severity == "critical" ? .severityCritical : (a.severity == "warning" ? .severityWarning : .severityInfo)
                x += buffer.put(TextWidth.pad(a.severity.uppercased(), toWidth: 9), x: x, y: y, style: theme[key])
                let age = "\(Self.age(snapshot.takenAt.timeIntervalSince(a.since)))  "
                x += buffer.put(TextWidth.pad(age, toWidth: 8), x: x, y: y, style: theme[.textDim])
                buffer.put(a.summary, x: x, y: y, style: theme[.text], maxWidth: max(0, area.maxX - 1 - x))
            } else if i < lead {
                buffer.put("Nothing is firing.", x: x - 1, y: y, style: theme[.healthHealthy])
            } else {
                let p = pending[i - lead]
                x += buffer.put(TextWidth.pad("pending", toWidth: 9), x: x, y: y, style: theme[.textDim])
                x += buffer.put(p.firesIn + "  ", x: x, y: y, style: theme[.textDim])
                buffer.put(p.summary, x: x, y: y, style: theme[.textDim], maxWidth: max(0, area.maxX - 1 - x))
            }
        }
        _ = inner
    }

    func renderSources(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let sources = BoxList.worstFirst(snapshot.sources) { $0.up == false ? 0 : $0.up == nil ? 1 : 2 }
        let inner = boxed(.sources, "Sources", area, count: sources.count, into: &buffer, capabilities: capabilities) { i, y, buffer in
            let s = sources[i]
            var x = area.x + 2
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
            buffer.put(detail, x: x, y: y, style: theme[s.up == false ? .statusError : .textDim], maxWidth: max(0, area.maxX - 1 - x))
        }
        if sources.isEmpty { buffer.put("No source has reported.", x: inner.x + 1, y: inner.y, style: theme[.textDim]) }
    }

    func renderUptime(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let uptime = BoxList.worstFirst(snapshot.uptime) { u in [u.day, u.week, u.month].contains { ($0 ?? 1) < 0.999 } ? 0 : 1 }
        let inner = boxed(.uptime, "Uptime (target 99.9 %)", area, count: uptime.count, into: &buffer, capabilities: capabilities) { i, y, buffer in
            let u = uptime[i]
            var x = area.x + 2
            x += buffer.put(TextWidth.pad(TextWidth.truncate(u.target, toWidth: 17), toWidth: 18), x: x, y: y, style: theme[.text])
            for value in [u.day, u.week, u.month] {
                let text = value.map { String(format: "%.3f %%", $0 * 100) } ?? "—"
                let key: ThemeKey = value.map { $0 >= 0.999 ? .healthHealthy : .healthDown } ?? .textDim
                x += buffer.put(TextWidth.pad(text, toWidth: 10), x: x, y: y, style: theme[key], maxWidth: max(0, area.maxX - 1 - x))
            }
        }
        guard inner.height > 0 else { return }
        let header = TextWidth.pad("probe", toWidth: 18) + TextWidth.pad("24h", toWidth: 10) + TextWidth.pad("7d", toWidth: 10) + "30d"
        buffer.put(header, x: inner.x + 1, y: inner.y, style: theme[.header], maxWidth: inner.width - 1)
        if uptime.isEmpty, inner.height > 1 { buffer.put("No probe samples yet.", x: inner.x + 1, y: inner.y + 1, style: theme[.textDim]) }
    }

    /// The range a sparkline spans: the data's own, so 98.3–98.7 % is not a flat full bar.
    nonisolated static func dataRange(_ values: [Double]) -> ClosedRange<Double>? {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return nil }
        let scale = MetricChart.scale(lo: lo, hi: hi)
        return scale.floor...scale.top
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
