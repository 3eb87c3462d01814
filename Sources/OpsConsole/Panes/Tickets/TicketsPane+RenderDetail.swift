import Foundation
import OpsCore
import OpsStore
import TermUI

/// A ticket: its facts, clocks, the customer's card and linked alerts on the left, the
/// timeline on the right (below on narrow screens). Internal notes are labelled and
/// coloured apart from what the customer wrote or was sent.
extension TicketsPane {
    func renderDetail(into buffer: inout ScreenBuffer, area: Rect, capabilities: TerminalCapabilities) {
        guard let d = reading else { return }
        let inner = Box(title: "\(d.ticket.number): \(Sanitizer.sanitize(d.ticket.title))", trailingTitle: "Esc back", focused: !modalIsOpen)
            .render(into: &buffer, area: area, theme: env.theme, capabilities: capabilities)
        guard inner.height > 0 else { return }
        let left = facts(d), right = timeline(d)
        if inner.width >= 110 {
            let columns = inner.split(.horizontal, [.percent(45), .fill(1)])
            detail.render(left, in: columns[0], theme: env.theme, into: &buffer)
            detail.render(right, in: columns[1], theme: env.theme, into: &buffer)
        } else {
            detail.render(left + [.blank] + right, in: inner, theme: env.theme, into: &buffer)
        }
    }

    func facts(_ d: TicketDetail) -> [DetailLine] {
        let t = d.ticket, c = d.customer
        let now = env.clock.now()
        var lines: [DetailLine] = [
            DetailLine(label: "Status", value: t.status.title + (t.vendor.map { " (\($0))" } ?? ""), style: t.status.isOpen ? .highlight : .textDim),
            DetailLine(label: "Priority", value: "\(t.priority) · \(t.category.title)", style: Self.priorityStyle(t.priority)),
            DetailLine(label: "Team", value: t.team),
            DetailLine(label: "Assignee", value: t.assignee ?? "— (A assigns)"),
            DetailLine(label: "Opened", value: "\(env.shortDate(t.openedAt)) by \(t.reporter) (\(Self.age(from: t.openedAt, to: now)) ago)"),
        ]
        if let parent = t.parent { lines.append(DetailLine(label: "Parent", value: parent.description)) }
        if !d.children.isEmpty { lines.append(DetailLine(label: "Children", value: d.children.map(\.description).joined(separator: ", "))) }
        if let resolution = t.resolution { lines.append(DetailLine(label: "Resolution", value: resolution)) }
        if let csat = t.csat { lines.append(DetailLine(label: "CSAT", value: "\(csat)/5", style: csat >= 4 ? .healthHealthy : csat <= 2 ? .severityCritical : .text)) }
        lines += [.blank, .title("SLA")]
        lines += d.sla.clocks.compactMap { clock in
            Self.clockText(clock.state, now: now).map { DetailLine(label: clock.kind == .firstResponse ? "1st response" : clock.kind.title, value: $0.0, style: $0.1) }
        }
        lines += [.blank, .title("Customer")]
        lines += [
            DetailLine(label: "Name", value: "\(c.name) (\(c.id))"),
            DetailLine(label: "Plan", value: "\(c.plan.rawValue) · \(c.status.rawValue)"),
            DetailLine(label: "Success mgr", value: c.successManager ?? "—"),
            DetailLine(label: "Open tickets", value: readingContext.map { String($0.openTicketsOfCustomer) } ?? "—"),
            DetailLine(label: "Contact", value: t.contactEmail.map { email in
                (c.contact(email: email).map { "\($0.name) <\(email)>" } ?? email) } ?? "none (staff opened it)"),
        ]
        lines += [.blank, .title("Linked alerts")]
        let alerts = readingContext?.alerts ?? []
        if alerts.isEmpty { lines.append(DetailLine(label: "", value: "none (& links one)", style: .textDim)) }
        for a in alerts {
            let live = a.status == "resolved" ? "resolved" : "\(a.status) · \(a.state)"
            let style: ThemeKey = a.status == "resolved" ? .textDim : a.severity == "critical" ? .severityCritical : .severityWarning
            lines.append(DetailLine(label: "alert \(a.id)", value: "\(a.severity) \(live): \(a.summary)", style: style))
        }
        return lines
    }

    /// Oldest first, as it happened. Customer-facing entries say which way they went.
    func timeline(_ d: TicketDetail) -> [DetailLine] {
        var lines: [DetailLine] = [.title("Timeline (\(d.entries.count))")]
        for e in d.entries {
            let (label, style) = Self.entryLabel(e.kind)
            let author = e.author.hasPrefix("customer:") ? String(e.author.dropFirst("customer:".count)) : e.author
            lines.append(DetailLine(label: label, value: "\(env.shortDate(e.at)) · \(author)", style: style == .text ? .textDim : style))
            let body = e.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (i, part) in body.enumerated() where !(part.isEmpty && i == body.count - 1) {
                lines.append(DetailLine(label: " ", value: part.isEmpty ? " " : part, style: style))
            }
        }
        return lines
    }

    static func entryLabel(_ kind: TicketEntryKind) -> (String, ThemeKey) {
        switch kind {
        case .note: ("INTERNAL note", .severityWarning)
        case .messageIn: ("← customer", .highlight)
        case .updateOut: ("→ customer", .healthHealthy)
        case .resolution: ("resolution", .text)
        default: (kind.rawValue, .textDim)
        }
    }

    static func clockText(_ state: SLAClock.State, now: Date) -> (String, ThemeKey)? {
        switch state {
        case let .running(due): ("\(SLACountdown.format(due.timeIntervalSince(now))) left", due.timeIntervalSince(now) < 3_600 ? .severityWarning : .text)
        case let .breached(due): ("breached \(SLACountdown.format(due.timeIntervalSince(now)))", .severityCritical)
        case let .paused(left): ("paused, \(SLACountdown.format(left)) left", .textDim)
        case .met: ("met", .healthHealthy)
        case .missed: ("missed", .severityCritical)
        case .inactive: nil
        }
    }
}
