import Foundation
import OpsCore
import OpsStore
import TermUI

extension SchedulesPane {
    public func render(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        if let handoff {
            renderHandoff(handoff, into: &buffer, area: area, capabilities: capabilities)
        } else if let row = shownRow, let timeline {
            renderTimeline(timeline, row: row, into: &buffer, area: area, capabilities: capabilities)
        } else {
            renderList(into: &buffer, area: area)
        }
        if let form = overrideForm { renderForm(form, into: &buffer, area: area, capabilities: capabilities) }
    }

    // MARK: - List

    func renderList(into buffer: inout ScreenBuffer, area: Rect) {
        let theme = env.theme
        let withGaps = rows.filter { !$0.gaps.isEmpty }.count
        var x = area.x + 1
        x += buffer.put("On-call schedules  \(rows.count) · \(withGaps) with gaps in 14 days   Filter ", x: x, y: area.y, style: theme[.title])
        if let field = list.filterField {
            _ = TextField(focused: true, placeholder: "schedule, team or login")
                .render(into: &buffer, area: Rect(x: x, y: area.y, width: min(40, max(0, area.maxX - x)), height: 1), theme: theme, state: field)
        } else {
            buffer.put(filterText.isEmpty ? "none (/)" : "\"\(filterText)\"", x: x, y: area.y,
                       style: theme[filterText.isEmpty ? .textDim : .highlight], maxWidth: max(0, area.maxX - x))
        }
        let wide = area.width >= 110
        var columns = [TableColumn("SCHEDULE", width: .min(14)), TableColumn("TEAM", width: .min(8)), TableColumn("ON CALL", width: .flex(2)),
                       TableColumn("UNTIL", width: .fixed(14)), TableColumn("NEXT", width: .flex(1)), TableColumn("GAPS (14D)", width: .flex(2))]
        if wide { columns.append(TableColumn("ZONE", width: .min(16))) }
        let widget = Table(columns: columns, focused: !modalIsOpen,
                           emptyMessage: "No on-call schedule. Load one with pmops oncall schedule load FILE (see Config/oncall-schedules.conf).")
        let shown = list.window
        list.render(into: &buffer, area: area, widget: widget, theme: theme) { index -> [TableCell] in
            guard let row = shown[index] else { return [TableCell("…")] }
            let s = row.stored.schedule
            // Every time of the row in the schedule's own zone, as the timeline draws it.
            let zone = ZoneClock.shared(s.timeZone)
            let who = row.now?.login.map { $0 + (row.now?.covering.map { " (covering \($0))" } ?? "") }
            var cells = [TableCell(s.name), TableCell(s.team),
                         TableCell(who ?? "nobody", style: who == nil ? .severityCritical : .text),
                         TableCell(zone.flatMap { z in row.now?.until.map { ScheduleTime.weekdayTimeZone($0, zone: z) } } ?? "—", style: .textDim),
                         TableCell(row.now?.next ?? "—"),
                         Self.gapCell(row.gaps, zone: zone)]
            if wide { cells.append(TableCell(s.timeZone, style: .textDim)) }
            return cells
        }
    }

    static func gapCell(_ gaps: [OnCallShift], zone: ZoneClock?) -> TableCell {
        guard let first = gaps.first, let zone else { return TableCell("none", style: .textDim) }
        let hours = gaps.reduce(0) { $0 + $1.end.timeIntervalSince($1.start) } / 3600
        return TableCell("! \(gaps.count) gap\(gaps.count == 1 ? "" : "s") (\(Int(hours.rounded(.up)))h), first \(ScheduleTime.weekdayTime(first.start, zone: zone))",
                         style: .severityWarning)
    }

    // MARK: - Timeline

    func renderTimeline(_ t: ScheduleTimeline, row: Row, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let s = row.stored.schedule
        let inner = Box(title: "Schedule \(s.name) · team \(s.team) · \(t.days) days in \(s.timeZone)", trailingTitle: "Esc back",
                        focused: !modalIsOpen).render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        guard inner.height >= 4, let zone else { return }
        let x0 = inner.x + 1 + Self.laneTitleWidth
        var y = inner.y
        // Day names, then the day ticks with now.
        for d in 0..<t.days {
            let day = CivilDate(days: t.firstDay.days + Int64(d))
            buffer.put(Self.dayLabel(day, width: t.cellsPerDay), x: x0 + d * t.cellsPerDay, y: y, style: theme[day.weekday == 0 || day.weekday == 6 ? .textDim : .header],
                       maxWidth: t.cellsPerDay)
        }
        y += 1
        // Day ticks in one put (a put per cell was most of a frame in debug builds).
        let day = "╷" + String(repeating: " ", count: t.cellsPerDay - 1)
        buffer.put(String(repeating: day, count: t.days), x: x0, y: y, style: theme[.textDim], maxWidth: t.columns)
        if let now = t.nowColumn { buffer.put("▼", x: x0 + now, y: y, style: theme[.highlight]) }
        if t.nowColumn != nil { buffer.put("now", x: inner.x + 1, y: y, style: theme[.highlight], maxWidth: Self.laneTitleWidth) }
        y += 1
        for lane in t.lanes where y < inner.maxY {
            buffer.put(TextWidth.truncate(lane.title, toWidth: Self.laneTitleWidth - 1), x: inner.x + 1, y: y,
                       style: theme[lane.isFinal ? .title : .text])
            for segment in lane.segments { drawSegment(segment, x: x0 + segment.column, y: y, into: &buffer) }
            if lane.isFinal, cursor < t.columns, x0 + cursor < buffer.size.width, y < buffer.size.height {
                buffer[x0 + cursor, y].style = theme[.selection]
            }
            y += 1
        }
        if y < inner.maxY {
            buffer.put("▲", x: x0 + cursor, y: y, style: theme[.selection])
            y += 1
        }
        var lines = slotLines(t, zone: zone)
        lines += overrideLines(t, schedule: s.name, zone: zone)
        for line in lines where y < inner.maxY - 1 {
            buffer.put(line.text, x: inner.x + 1, y: y, style: theme[line.style], maxWidth: inner.width - 2)
            y += 1
        }
        buffer.put("▏name shift  ▏*name override  ░ gap  · layer off  ▼ now  ▲ cursor   ←/→ slot ↑/↓ day [ ] week  Enter handoff report  n override  x remove",
                   x: inner.x + 1, y: inner.maxY - 1, style: theme[.textDim], maxWidth: inner.width - 2)
    }

    /// "Tue 03 Mar", "Tue 03", "Tu03", "03", as the day's width allows.
    static func dayLabel(_ day: CivilDate, width: Int) -> String {
        let name = ScheduleTime.weekdays[day.weekday], c = day.components
        let dd = String(format: "%02d", c.day)
        if width >= 11 { return "\(name) \(dd) \(ScheduleTime.months[c.month - 1])" }
        if width >= 7 { return "\(name) \(dd)" }
        if width >= 4 { return String(name.prefix(2)) + dd }
        return dd
    }

    /// One bar: "▏alice" for a shift, "▏*bob" for an override, "░" for a gap, "·" for a
    /// layer that has nobody then; the name is sanitised by `put` and cut to the bar.
    func drawSegment(_ segment: ScheduleTimeline.Segment, x: Int, y: Int, into buffer: inout ScreenBuffer) {
        let theme = env.theme, w = segment.width
        let text: String, key: ThemeKey
        let name = segment.login ?? ""
        switch segment.kind {
        case .shift:
            text = w == 1 ? String(name.prefix(1)) : "▏" + name
            key = .selectionInactive
        case .override:
            text = w == 1 ? "*" : w == 2 ? "*" + name : "▏*" + name
            key = .highlight
        case .gap:
            text = String(repeating: "░", count: w)
            key = .severityCritical
        case .off:
            text = String(repeating: "·", count: w)
            key = .textDim
        }
        let fitted = TextWidth.pad(TextWidth.truncate(Sanitizer.sanitize(text), toWidth: w, ellipsis: ""), toWidth: w)
        buffer.put(fitted, x: x, y: y, style: theme[key], maxWidth: w)
    }

    struct Line {
        var text: String
        var style: ThemeKey = .text
    }

    /// What the cursor's slot holds in the final schedule.
    func slotLines(_ t: ScheduleTimeline, zone: ZoneClock) -> [Line] {
        guard let slot = cursorSlot, let segment = cursorSegment else { return [] }
        let end = ScheduleTime.local(slot.end, zone: zone).minute
        let when = "\(ScheduleTime.dayTime(slot.start, zone: zone))–" + String(format: "%02d:%02d", end / 60, end % 60)
        let stretch = "\(ScheduleTime.weekdayTime(segment.from, zone: zone)) → \(ScheduleTime.weekdayTimeZone(segment.to, zone: zone))"
        switch segment.kind {
        case .gap: return [Line(text: "\(when): nobody on call \(stretch) (gap); n covers it", style: .severityWarning)]
        case .override:
            return [Line(text: "\(when): \(segment.login ?? "") covers \(segment.covering ?? "") \(stretch)" +
                         (segment.overrideID.map { " (override \($0); x removes it)" } ?? ""), style: .highlight)]
        case .shift, .off:
            return [Line(text: "\(when): \(segment.login ?? "nobody") on call \(stretch)")]
        }
    }

    /// The overrides that overlap the timeline.
    func overrideLines(_ t: ScheduleTimeline, schedule: String, zone: ZoneClock) -> [Line] {
        guard let first = t.bounds.first, let last = t.bounds.last else { return [] }
        let shown = overrides.filter { $0.override.schedule == schedule && $0.override.end > first && $0.override.start < last }
        var out = [Line(text: ""), Line(text: "Overrides in view: \(shown.count)", style: .title)]
        for o in shown {
            let v = o.override
            out.append(Line(text: "#\(v.id) \(v.covering) covers \(v.covered), \(ScheduleTime.dayTime(v.start, zone: zone)) → \(ScheduleTime.dayTime(v.end, zone: zone)) by \(v.createdBy)"
                            + (o.flagged ? " (flagged: no shift of \(v.covered))" : ""), style: o.flagged ? .severityWarning : .text))
        }
        return out
    }

    // MARK: - Dialog

    func renderForm(_ f: OverrideForm, into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        let height = min(area.height, Form().fieldRows(for: f.form).last.map { $0 + 2 + 4 } ?? 10)
        let rect = area.centered(width: min(area.width, 76), height: height)
        let inner = ModalChrome.frame(rect, title: "Override in \(f.schedule)", theme: theme, into: &buffer, capabilities: capabilities)
        guard inner.height >= 3 else { return }
        buffer.put("Times are \(f.zoneIdentifier). The covering person takes the pages.", x: inner.x + 1, y: inner.y,
                   style: theme[.textDim], maxWidth: inner.width - 2)
        Form().render(into: &buffer, area: Rect(x: inner.x + 1, y: inner.y + 2, width: inner.width - 2, height: max(0, inner.height - 3)),
                      theme: theme, state: f.form, capabilities: capabilities)
        ModalChrome.footer(f.error, hint: "Enter saves · Tab next field · Esc cancels", inner: inner, theme: theme, into: &buffer)
    }
}
