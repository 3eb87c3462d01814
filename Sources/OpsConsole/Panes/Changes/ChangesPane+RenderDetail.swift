import Foundation
import OpsCore
import OpsStore
import TermUI

/// One change: its facts on the left (a change set's keys before → after, rationale,
/// author, approvals and environments; a flag's rollout step and versions; a deploy's
/// fields), the alerts that fired in the 30 minutes after it on the right (below on
/// narrow screens).
extension ChangesPane {
    func renderDetail(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        guard let d = reading else { return }
        let inner = Box(title: Self.detailTitle(d), trailingTitle: "Esc back", focused: !modalIsOpen)
            .render(into: &buffer, area: area, theme: env.theme, capabilities: capabilities)
        guard inner.height > 0 else { return }
        var left: [DetailLine] = []
        if case let .event(e) = d.row { left += eventLines(e) }
        if let set = d.changeSet { left += (left.isEmpty ? [] : [.blank]) + changeSetLines(set, d) }
        if let flag = d.flag {
            let version: Int? = if case let .event(e) = d.row { ChangeReference.flagVersion(of: e) } else { nil }
            left += [.blank] + flagLines(flag, d.flagHistory, this: version)
        }
        if !d.gates.isEmpty {
            left += [.blank, .title("Health gate")] + d.gates.prefix(5).map { gate in
                let style: ThemeKey = gate.status == .failed ? .severityCritical : gate.status == .passed ? .healthHealthy : .textDim
                let label = switch gate.subject {
                case let .flag(_, step): "\(step) %"
                case let .config(_, environment): environment.rawValue
                }
                return DetailLine(label: label, value: Sanitizer.sanitize(gate.summary), style: style)
            }
        }
        let right = healthLines(d)
        if inner.width >= 110 {
            let columns = inner.split(.horizontal, [.percent(55), .fill(1)])
            detail.render(left, in: columns[0], theme: env.theme, into: &buffer)
            detail.render(right, in: columns[1], theme: env.theme, into: &buffer)
        } else {
            detail.render(left + [.blank] + right, in: inner, theme: env.theme, into: &buffer)
        }
    }

    static func detailTitle(_ d: ChangeDetail) -> String {
        switch d.row {
        case let .openSet(set): "Change set cs-\(set.id)"
        case let .event(e): "\(e.kind) \(e.service) \(Sanitizer.sanitize(e.version ?? ""))"
        }
    }

    func eventLines(_ e: ChangeEvent) -> [DetailLine] {
        var lines: [DetailLine] = [
            DetailLine(label: "Kind", value: e.kind.rawValue, style: Self.kindStyle(e.kind)),
            DetailLine(label: "Service", value: e.service),
            DetailLine(label: "Version", value: e.version ?? "—"),
            DetailLine(label: "Status", value: e.status.rawValue, style: Self.statusStyle(e.status) == .textDim ? .healthHealthy : Self.statusStyle(e.status)),
            DetailLine(label: "When", value: env.shortDate(e.at)),
            DetailLine(label: "By", value: e.by + (e.recordedBy == e.by ? "" : " (recorded by \(e.recordedBy))")),
        ]
        if let link = e.link { lines.append(DetailLine(label: "Link", value: link)) }
        lines.append(DetailLine(label: "Change", value: "#\(e.id)", style: .textDim))
        return lines
    }

    func changeSetLines(_ set: ConfigChangeSet, _ d: ChangeDetail) -> [DetailLine] {
        var lines: [DetailLine] = [
            .title("Change set cs-\(set.id)"),
            DetailLine(label: "Status", value: set.status.rawValue, style: set.status.isOpen ? .severityWarning : .textDim),
            DetailLine(label: "Author", value: set.author),
            DetailLine(label: "Approver", value: set.approver ?? (set.status == .inReview ? "— (waiting: Z reviews)" : "—")),
            DetailLine(label: "Rationale", value: set.rationale),
        ]
        if let impact = set.impact { lines.append(DetailLine(label: "Impact", value: impact)) }
        if let reason = set.rejectReason { lines.append(DetailLine(label: "Rejected", value: reason, style: .severityCritical)) }
        if let of = set.rollbackOf { lines.append(DetailLine(label: "Rolls back", value: "cs-\(of)", style: .severityWarning)) }
        for environment in ConfigEnvironment.allCases {
            let items = set.items(in: environment)
            guard !items.isEmpty else { continue }
            lines += [.blank, .title("\(environment): \(Self.progress(set, environment, d.history))")]
            let width = items.map(\.key.count).max() ?? 0
            for item in items {
                let before = d.before["\(environment)/\(item.key)"] ?? "?"
                let key = item.key.padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append(DetailLine(label: "", value: "\(key)  \(before) → \(item.value)", style: before == item.value ? .textDim : .text))
            }
        }
        lines += [.blank, .title("History")]
        for h in d.history {
            let what = h.action + (h.environment.map { " \($0)" } ?? "") + (h.note.map { ": \($0)" } ?? "")
            lines.append(DetailLine(label: "", value: "\(env.shortDate(h.at))  \(h.by) \(what)", style: h.action == "reject" ? .severityCritical : .text))
        }
        return lines
    }

    /// "verified", "applied, not verified", "waiting".
    static func progress(_ set: ConfigChangeSet, _ environment: ConfigEnvironment, _ history: [ConfigHistoryEntry]) -> String {
        let mine = history.filter { $0.environment == environment }
        if mine.contains(where: { $0.action == "verify" }) { return "verified" }
        if mine.contains(where: { $0.action == "apply" }) { return "applied, not verified" }
        return "not applied"
    }

    /// `this`: the version the change opened made, marked in the history.
    func flagLines(_ stored: StoredFlag, _ history: [FlagVersion], this: Int?) -> [DetailLine] {
        let f = stored.flag
        let step: String = if f.killed { "killed: everyone gets \(f.defaultVariant)" }
            else if let r = f.rollout {
                "\(r.percent) % get \(r.variant)" + (FlagValidation.nextStep(after: r.percent).map { " · next step \($0) % (%)" } ?? " · fully rolled out")
            } else { "not started · next step 1 % (%)" }
        var lines: [DetailLine] = [
            .title("Flag \(f.key)"),
            DetailLine(label: "State", value: f.state.rawValue.lowercased() + " · \(f.kind.rawValue) · default \(f.defaultVariant)"),
            DetailLine(label: "Rollout", value: step, style: f.killed ? .severityCritical : .highlight),
            DetailLine(label: "Owner", value: f.owner),
            DetailLine(label: "Version", value: "v\(stored.version)"),
        ]
        if !f.description.isEmpty { lines.append(DetailLine(label: "About", value: f.description)) }
        lines += [.blank, .title("Versions")]
        for v in history.reversed() {
            let rollout = v.flag.killed ? "killed" : v.flag.rollout.map { "\($0.percent) % \($0.variant)" } ?? "no rollout"
            let mark = v.version == this ? " ◀" : ""
            lines.append(DetailLine(label: "v\(v.version) \(v.action)", value: "\(env.shortDate(v.at)) · \(v.by) · \(rollout)\(mark)",
                                    style: v.version == this ? .highlight : .text))
        }
        return lines
    }

    func healthLines(_ d: ChangeDetail) -> [DetailLine] {
        var lines: [DetailLine] = [.title("Alerts in the 30 min after")]
        if let refused = d.alertsRefused { return lines + [DetailLine(label: "", value: refused, style: .textDim)] }
        guard let alerts = d.alerts else {
            return lines + [DetailLine(label: "", value: "not applied yet: no change event to follow", style: .textDim)]
        }
        if alerts.isEmpty { lines.append(DetailLine(label: "", value: "none fired", style: .healthHealthy)) }
        for a in alerts {
            let style: ThemeKey = a.status == "resolved" ? .textDim : a.severity == "critical" ? .severityCritical : .severityWarning
            lines.append(DetailLine(label: env.clockText(a.startsAt, seconds: false), value: "#\(a.id) \(a.severity) \(a.service) \(a.status): \(a.summary)", style: style))
        }
        return lines
    }
}
