import Foundation
import OpsCore
import OpsStore
import TermUI

extension AlertsPane {
    func renderDetail(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        guard let d = detail else { return }
        let a = d.alert
        let inner = Box(title: "Alert \(a.id): \(a.summary)", trailingTitle: "Esc back", focused: !modal.isOpen)
            .render(into: &buffer, area: area, theme: env.theme, capabilities: capabilities)
        guard inner.height > 0 else { return }
        let left = facts(d), right = timeline(d)
        if inner.width >= 110 {
            let columns = inner.split(.horizontal, [.percent(50), .fill(1)])
            draw(left, in: columns[0], into: &buffer)
            draw(right, in: columns[1], into: &buffer)
        } else {
            draw(left + [.blank] + right, in: inner, into: &buffer)
        }
    }

    private func draw(_ lines: [DetailLine], in rect: Rect, into buffer: inout ScreenBuffer) {
        detailView.render(lines, in: rect, theme: env.theme, into: &buffer)
    }

    /// What the alert is: state, ownership, silence, labels, annotations, runbook.
    func facts(_ d: AlertDetail) -> [DetailLine] {
        let a = d.alert
        let now = env.clock.now()
        let sevStyle: ThemeKey = a.severity == .critical ? .severityCritical : a.severity == .warning ? .severityWarning : .severityInfo
        var lines: [DetailLine] = [
            DetailLine(label: "Severity", value: a.severity.rawValue, style: sevStyle),
            DetailLine(label: "State", value: a.displayState + (a.flapping ? " (flapping)" : ""), style: a.isSilenced ? .textDim : .text),
            DetailLine(label: "Source says", value: "\(a.status.rawValue) (\(a.source), rule \(a.rule))"),
            DetailLine(label: "Service", value: a.service.isEmpty ? "—" : a.service),
            DetailLine(label: "Team", value: a.team ?? "—"),
            DetailLine(label: "Assignee", value: a.assignee ?? "—"),
            DetailLine(label: "Escalation", value: a.escalationLevel == 0 ? "none" : "level \(a.escalationLevel)" + (a.escalatedAt.map { " since \(env.shortDate($0))" } ?? "")),
            DetailLine(label: "Started", value: "\(env.shortDate(a.startsAt)) (\(Self.age(from: a.startsAt, to: now)) ago)"),
            DetailLine(label: "Last seen", value: env.shortDate(a.lastSeenAt)),
            DetailLine(label: "Occurrences", value: String(a.occurrences)),
        ]
        if let value = a.value { lines.append(DetailLine(label: "Value", value: String(value))) }
        if let incident = incidentOf[a.id] { lines.append(DetailLine(label: "Incident", value: "\(incident) (Incidents pane)", style: .highlight)) }
        if let by = a.ackedBy {
            lines.append(DetailLine(label: "Acknowledged", value: "by \(by)" + (a.ackedAt.map { " at \(env.shortDate($0))" } ?? "") + (a.ackNote.map { ": \($0)" } ?? "")))
        }
        if let until = a.snoozedUntil { lines.append(DetailLine(label: "Snoozed until", value: env.shortDate(until))) }
        if let by = a.resolvedBy { lines.append(DetailLine(label: "Resolved", value: "by \(by)" + (a.resolvedAt.map { " at \(env.shortDate($0))" } ?? ""))) }
        if let by = a.closedBy {
            lines.append(DetailLine(label: "Closed", value: "by \(by)" + (a.falsePositive ? " as false positive" : "") + (a.closeReason.map { ": \($0)" } ?? "")))
        }
        if let s = d.silence {
            lines.append(DetailLine(label: "Silenced", value: "by silence \(s.id) until \(env.shortDate(s.endsAt)) (\(s.createdBy)): \(s.comment)", style: .textDim))
            lines.append(DetailLine(label: "Matchers", value: s.matchers.map(\.description).joined(separator: ", "), style: .textDim))
        }
        lines.append(DetailLine(label: "Runbook", value: a.runbookURL ?? "—", style: a.runbookURL == nil ? .textDim : .highlight))
        lines += pagingLines(d)
        lines.append(.blank)
        lines.append(.title("Labels"))
        if a.labels.isEmpty { lines.append(DetailLine(label: "", value: "none", style: .textDim)) }
        for key in a.labels.keys.sorted() { lines.append(DetailLine(label: key, value: a.labels[key] ?? "")) }
        lines.append(.blank)
        lines.append(.title("Annotations"))
        if a.annotations.isEmpty { lines.append(DetailLine(label: "", value: "none", style: .textDim)) }
        for key in a.annotations.keys.sorted() { lines.append(DetailLine(label: key, value: a.annotations[key] ?? "")) }
        return lines
    }

    /// What happened: the full history, earlier occurrences, alerts around the same time.
    func timeline(_ d: AlertDetail) -> [DetailLine] {
        var lines: [DetailLine] = [.title("History (\(d.history.count))")]
        if d.history.isEmpty { lines.append(DetailLine(label: "", value: "none", style: .textDim)) }
        for e in d.history {
            var text = "\(e.kind) by \(e.actor)"
            if let from = e.fromState, let to = e.toState { text += " (\(from) → \(to))" }
            if let note = e.note { text += ": \(note)" }
            lines.append(DetailLine(label: env.shortDate(e.at).dropFirst(5).description, value: text))
        }
        lines.append(.blank)
        lines.append(.title("Previous occurrences (\(d.previous.count))"))
        if d.previous.isEmpty { lines.append(DetailLine(label: "", value: "none", style: .textDim)) }
        for p in d.previous {
            lines.append(DetailLine(label: env.shortDate(p.startsAt).dropFirst(5).description,
                                    value: "#\(p.id) \(p.state.rawValue)" + (p.endsAt.map { ", ended \(env.shortDate($0))" } ?? ""), style: .textDim))
        }
        lines.append(.blank)
        lines.append(.title("Related alerts, ±5 min, same service or host (\(d.related.count))"))
        if d.related.isEmpty { lines.append(DetailLine(label: "", value: "none", style: .textDim)) }
        for r in d.related {
            lines.append(DetailLine(label: env.shortDate(r.startsAt).dropFirst(5).description,
                                    value: "#\(r.id) \(Self.severityText(r.severity)) \(r.displayState) \(r.service): \(r.summary)"))
        }
        return lines
    }

    /// An http(s) URL, as a runbook or an annotation may hold one.
    nonisolated static func isURL(_ text: String) -> Bool {
        text.hasPrefix("https://") || text.hasPrefix("http://")
    }
}
