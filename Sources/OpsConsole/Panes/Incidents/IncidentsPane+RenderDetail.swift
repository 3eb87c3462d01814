import Foundation
import OpsCore
import OpsStore
import TermUI

/// One incident: a header strip (severity, status, roles, the acknowledgement and update
/// clocks, the breach clock once flagged, links) over its timeline, which is the main view:
/// a time gutter, the entry's kind, who, and the text; automatic entries dimmed, pinned ones
/// marked ★. Wide screens add the checklist, evidence and suspects on the right. Only the
/// rows on screen are loaded (`PagedTable`), so a 10,000-entry timeline draws like a short one.
extension IncidentsPane {
    func renderTimeline(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        let theme = env.theme
        guard let number else { return }
        guard let d = reading else {
            // Restricted: the label and nothing else, as in `pmops incidents show`.
            let label = IncidentAccess.restrictedLabel(number)
            let inner = Box(title: label, trailingTitle: "Esc back", focused: !modalIsOpen).render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
            buffer.put(label, x: inner.x + 1, y: inner.y, style: theme[.textDim], maxWidth: inner.width - 2)
            return
        }
        let inner = Box(title: "\(number): \(Sanitizer.sanitize(d.incident.title))", trailingTitle: "Esc back", focused: !modalIsOpen)
            .render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        guard inner.height > 0 else { return }
        for (row, segments) in strip(d).prefix(min(Self.stripRows, inner.height)).enumerated() {
            var x = inner.x + 1
            for (text, key) in segments where x < inner.maxX - 1 {
                x += buffer.put(text, x: x, y: inner.y + row, style: theme[key], maxWidth: inner.maxX - 1 - x)
            }
        }
        let table = timelineArea(in: area)
        renderEntries(into: &buffer, area: table)
        if inner.width >= Self.factsMinWidth {
            let facts = Rect(x: table.maxX + 1, y: table.y, width: max(0, inner.maxX - table.maxX - 1), height: table.height)
            DetailView().render(self.facts(d), in: facts, theme: theme, into: &buffer)
        }
    }

    func renderEntries(into buffer: inout ScreenBuffer, area: Rect) {
        let wide = area.width >= 90
        var columns = [TableColumn("TIME", width: .fixed(11)), TableColumn("", width: .fixed(1)), TableColumn("KIND", width: .fixed(10))]
        if wide { columns.append(TableColumn("BY", width: .fixed(10))) }
        columns.append(TableColumn("ENTRY (\(timeline.rowCount))", width: .flex(1)))
        let widget = Table(columns: columns, focused: !modalIsOpen, emptyMessage: "No entry yet.")
        let rows = timeline.window
        let today = env.shortDate(env.clock.now()).prefix(10)
        timeline.render(into: &buffer, area: area, widget: widget, theme: env.theme) { index -> [TableCell] in
            guard let e = rows[index] else { return [TableCell("…")] }
            let dim = e.kind.isAutomatic
            let stamp = env.shortDate(e.at)
            // The gutter: the time alone today, the day and time before.
            let time = stamp.hasPrefix(today) ? "      " + stamp.suffix(5) : String(stamp.dropFirst(5))
            let body = e.body.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            let text = Sanitizer.sanitize(String(body.first ?? "")) + (body.count > 1 ? " …" : "")
            var cells = [TableCell(time, style: .textDim), TableCell(e.pinned ? "★" : "", style: .highlight),
                         TableCell(e.kind.rawValue, style: Self.kindStyle(e.kind))]
            if wide { cells.append(TableCell(Sanitizer.sanitize(e.author), style: .textDim)) }
            cells.append(TableCell(text, style: dim ? .textDim : .text))
            return cells
        }
    }

    /// The four lines of the header strip, as styled segments.
    func strip(_ d: IncidentDetail) -> [[(String, ThemeKey)]] {
        let i = d.incident, now = env.clock.now()
        let active = i.status.isActive
        var first: [(String, ThemeKey)] = [(i.severity.description, Self.severityStyle(i.severity, active: true)), ("  ", .text),
                                           (i.status.rawValue, active ? .highlight : .textDim), ("  ", .text),
                                           (i.category.rawValue + (i.securityClass.map { " (\($0))" } ?? ""), .text),
                                           ("  declared \(env.shortDate(i.declaredAt)) by \(Sanitizer.sanitize(i.declaredBy)), \(Self.age(now.timeIntervalSince(i.declaredAt))) ago", .textDim)]
        if let reason = i.closeReason { first.append(("  false positive: " + Sanitizer.sanitize(reason), .textDim)) }
        var roles: [(String, ThemeKey)] = []
        for role in IncidentRole.allCases where role != .securityLead || i.category.isSecurity || d.roles[role] != nil {
            if !roles.isEmpty { roles.append((" · ", .textDim)) }
            roles.append((role.title + " ", .textDim))
            roles.append((d.roles[role].map(Sanitizer.sanitize) ?? "—", d.roles[role] == nil ? .textDim : .text))
        }
        return [first, roles, clocks(i, now: now), links(d)]
    }

    /// Acknowledgement, next update and (once flagged) the 72-hour breach clock.
    func clocks(_ i: Incident, now: Date) -> [(String, ThemeKey)] {
        var out: [(String, ThemeKey)] = [("ack ", .textDim)]
        if let ack = i.acknowledgedAt {
            out.append(("met in \(Self.age(ack.timeIntervalSince(i.declaredAt)))", .healthHealthy))
        } else {
            let left = IncidentClocks.ackDue(i.severity, declaredAt: i.declaredAt).timeIntervalSince(now)
            out.append((left < 0 ? "overdue \(Self.countdown(-left))" : "due in \(Self.countdown(left))", left < 0 ? .severityCritical : .severityWarning))
        }
        out.append(("  update ", .textDim))
        if let due = IncidentClocks.nextUpdateDue(i) {
            let left = due.timeIntervalSince(now)
            out.append((left < 0 ? "overdue \(Self.countdown(-left))" : "due in \(Self.countdown(left))",
                        left < 0 ? .severityCritical : left < 600 ? .severityWarning : .text))
            out.append((" (last \(Self.age(now.timeIntervalSince(i.lastUpdateAt))) ago, every \(Self.countdown(i.severity.updateCadence)))", .textDim))
        } else {
            out.append(("not owed (\(i.status))", .textDim))
        }
        switch IncidentClocks.breachState(i, now: now) {
        case .none: break
        case let .running(deadline, left):
            out.append(("  BREACH notify by \(env.shortDate(deadline)): \(Self.countdown(left)) left", left < 4 * 3_600 ? .severityCritical : .severityWarning))
        case let .overdue(_, late): out.append(("  BREACH notification overdue \(Self.countdown(late))", .severityCritical))
        case let .notified(at, inTime): out.append(("  breach notified \(env.shortDate(at))\(inTime ? "" : " (late)")", inTime ? .healthHealthy : .severityCritical))
        }
        return out
    }

    func links(_ d: IncidentDetail) -> [(String, ThemeKey)] {
        var out: [(String, ThemeKey)] = [("services ", .textDim), (d.incident.services.isEmpty ? "—" : Sanitizer.sanitize(d.incident.services.joined(separator: ", ")), .text)]
        out += [("  alerts ", .textDim), (d.alerts.isEmpty ? "—" : d.alerts.map(String.init).joined(separator: ", "), .text)]
        out += [("  tickets ", .textDim), (d.tickets.isEmpty ? "—" : d.tickets.map(\.description).joined(separator: ", "), .text)]
        if !d.checklist.isEmpty {
            let done = d.checklist.filter { $0.doneAt != nil }.count
            out += [("  checklist ", .textDim), ("\(done)/\(d.checklist.count)", done == d.checklist.count ? .healthHealthy : .severityWarning)]
        }
        if !d.evidence.isEmpty { out += [("  evidence ", .textDim), ("\(d.evidence.count)", .text)] }
        return out
    }

    /// The right column on wide screens.
    func facts(_ d: IncidentDetail) -> [DetailLine] {
        var lines: [DetailLine] = []
        if !d.checklist.isEmpty {
            lines.append(.title("Checklist (. ticks an item)"))
            for c in d.checklist {
                let who = c.doneBy.map { " · \($0) \(c.doneAt.map(env.shortDate) ?? "")" } ?? ""
                lines.append(DetailLine(label: c.doneAt == nil ? "[ ]" : "[x]", value: c.item.rawValue + who, style: c.doneAt == nil ? .text : .textDim))
            }
            lines.append(.blank)
        }
        lines.append(.title("Evidence (\(d.evidence.count))"))
        for e in d.evidence {
            lines.append(DetailLine(label: "#\(e.id)", value: "\(e.name) · sha256 \(e.sha256.prefix(12))… · \(e.custodian)"))
        }
        lines += [.blank, .title("Suspects: changes before detection (\(d.suspects.count))")]
        for c in d.suspects.prefix(12) {
            lines.append(DetailLine(label: env.shortDate(c.at).suffix(11).description, value: "\(c.kind) \(c.service)\(c.version.map { " " + $0 } ?? "") \(c.status)",
                                    style: c.status == .failed ? .severityWarning : .text))
        }
        return lines
    }

    static func kindStyle(_ kind: IncidentEntryKind) -> ThemeKey {
        switch kind {
        case .note, .decision, .action, .correction: .text
        case .comms: .healthHealthy
        case .alert, .reminder: .severityWarning
        case .breach: .severityCritical
        case .change, .evidence, .pin: .highlight
        default: .textDim
        }
    }
}
