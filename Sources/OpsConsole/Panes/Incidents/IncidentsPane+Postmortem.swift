import Foundation
import OpsCore
import OpsStore
import TermUI

/// The postmortem, read as the Markdown export orders it: summary, impact, the pinned
/// entries as the timeline excerpt, root cause, contributing factors, what went well and
/// wrong, and the action items. Sections are written with `e` (one prompt each) or with
/// `pmops incidents postmortem`.
extension IncidentsPane {
    func renderPostmortem(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        guard let d = reading else { return }
        let inner = Box(title: "\(d.incident.number) postmortem: \(Sanitizer.sanitize(d.incident.title))", trailingTitle: "Esc timeline",
                        focused: !modalIsOpen).render(into: &buffer, area: area, theme: env.theme, capabilities: capabilities)
        guard inner.height > 0 else { return }
        postmortem.render(postmortemLines(d), in: inner, theme: env.theme, into: &buffer)
    }

    func postmortemLines(_ d: IncidentDetail) -> [DetailLine] {
        let i = d.incident, p = d.postmortem, now = env.clock.now()
        var state: (String, ThemeKey)
        if let published = p?.publishedAt {
            state = ("published \(env.shortDate(published))", .healthHealthy)
        } else if let due = p?.dueAt {
            state = ("draft, due \(env.shortDate(due))", due < now ? .severityCritical : .severityWarning)
        } else if i.resolvedAt == nil {
            state = ("starts once the incident is resolved (it is \(i.status))", .textDim)
        } else {
            state = ("not started (e writes a section)", .severityWarning)
        }
        var lines: [DetailLine] = [DetailLine(label: "Postmortem", value: state.0, style: state.1)]
        if let by = p?.updatedBy, let at = p?.updatedAt { lines.append(DetailLine(label: "Last edit", value: "\(by), \(env.shortDate(at))", style: .textDim)) }
        lines += section(.summary, p)
        lines += [.blank, .title(Postmortem.Section.impact.title)]
        let minutes = p?.minutesAffected ?? i.resolvedAt.map { Int($0.timeIntervalSince(i.detectedAt) / 60) }
        lines.append(DetailLine(label: "Customers", value: p?.customersAffected.map(String.init) ?? (i.customers.isEmpty ? "—" : "\(i.customers.count) named")))
        lines.append(DetailLine(label: "Minutes", value: minutes.map { "\($0)\(p?.minutesAffected == nil ? " (detected → resolved)" : "")" } ?? "—"))
        lines.append(DetailLine(label: "Services", value: i.services.isEmpty ? "—" : i.services.joined(separator: ", ")))
        lines += text(p?.sections[.impact])
        lines += [.blank, .title("Timeline excerpt (pinned entries: # pins one on the timeline)")]
        if pinned.isEmpty { lines.append(DetailLine(label: "", value: "nothing pinned yet", style: .textDim)) }
        for e in pinned {
            lines.append(DetailLine(label: env.shortDate(e.at).suffix(11).description, value: "\(e.kind) · \(e.author): \(e.body)"))
        }
        for s in [Postmortem.Section.rootCause, .contributing, .wentWell, .wentWrong] { lines += section(s, p) }
        lines += [.blank, .title("Action items (\(d.actionItems.count): n adds one, . marks one done)")]
        if d.actionItems.isEmpty { lines.append(DetailLine(label: "", value: "none yet", style: .textDim)) }
        for a in d.actionItems {
            let state = a.doneAt.map { "done \(env.shortDate($0))" } ?? (a.isOverdue(now: now) ? "OVERDUE, due \(env.shortDate(a.dueAt))" : "due \(env.shortDate(a.dueAt))")
            lines.append(DetailLine(label: "A\(a.id)", value: "\(a.title) · \(a.owner) · \(state)",
                                    style: a.doneAt != nil ? .textDim : a.isOverdue(now: now) ? .severityCritical : .text))
        }
        return lines
    }

    private func section(_ s: Postmortem.Section, _ p: Postmortem?) -> [DetailLine] {
        [.blank, .title(s.title)] + text(p?.sections[s])
    }

    private func text(_ body: String?) -> [DetailLine] {
        guard let body, !body.isEmpty else { return [DetailLine(label: "", value: "not written yet", style: .textDim)] }
        return body.split(separator: "\n", omittingEmptySubsequences: false).map { DetailLine(label: "", value: $0.isEmpty ? " " : String($0)) }
    }

    /// Reads the pinned entries when the postmortem opens (not on every frame).
    func loadPinned() {
        guard let number else { return }
        pinned = env.attempt { () throws(OpsError) in try env.store.incidentPinnedEntries(number, as: env.actor) } ?? []
    }
}
