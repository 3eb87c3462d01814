import Foundation
import OpsCore

/// `incidents show` as text: every untrusted string through `CLI.safe`.
enum IncidentText {
    static func lines(_ d: IncidentDetail, now: Date) -> [String] {
        let i = d.incident
        var lines = ["\(i.number): \(CLI.safe(i.title))",
                     "  \(i.severity) · \(i.category)\(i.securityClass.map { " (\($0))" } ?? "") · \(i.status) · version \(i.version) · source \(CLI.safe(i.source))",
                     "  services \(i.services.isEmpty ? "-" : i.services.joined(separator: ", ")) · customers \(i.customers.isEmpty ? "-" : CLI.safe(i.customers.joined(separator: ", ")))",
                     "  detected \(Timestamp.format(i.detectedAt)) · declared \(Timestamp.format(i.declaredAt)) by \(CLI.safe(i.declaredBy))"]
        var times: [String] = []
        if let at = i.acknowledgedAt { times.append("acknowledged \(Timestamp.format(at))") } else {
            times.append("ack due \(Timestamp.format(IncidentClocks.ackDue(i.severity, declaredAt: i.declaredAt)))")
        }
        if let at = i.mitigatedAt { times.append("mitigated \(Timestamp.format(at))") }
        if let at = i.resolvedAt { times.append("resolved \(Timestamp.format(at))") }
        if let at = i.closedAt { times.append("closed \(Timestamp.format(at))") }
        lines.append("  " + times.joined(separator: " · "))
        if let due = IncidentClocks.nextUpdateDue(i) {
            lines.append("  next update \(due < now ? "OVERDUE since" : "due") \(Timestamp.format(due)) (every \(AlertsCommand.age(i.severity.updateCadence)))")
        }
        if let reason = i.closeReason { lines.append("  closed as a false positive: \(CLI.safe(reason))") }
        switch IncidentClocks.breachState(i, now: now) {
        case .none: break
        case let .running(deadline, left): lines.append("  BREACH CLOCK: notify the regulator by \(Timestamp.format(deadline)) (\(AlertsCommand.age(left)) left)")
        case let .overdue(deadline, late): lines.append("  BREACH CLOCK: OVERDUE by \(AlertsCommand.age(late)) (deadline \(Timestamp.format(deadline)))")
        case let .notified(at, inTime): lines.append("  breach: regulator notified \(Timestamp.format(at)) (\(inTime ? "within 72 hours" : "LATE"))")
        }
        lines.append("Roles: " + IncidentRole.allCases.compactMap { role in d.roles[role].map { "\(role.title) \(CLI.safe($0))" } }.joined(separator: ", "))
        if !d.alerts.isEmpty { lines.append("Alerts: " + d.alerts.map(String.init).joined(separator: ", ")) }
        if !d.tickets.isEmpty { lines.append("Tickets: " + d.tickets.map(\.description).joined(separator: ", ")) }
        if !d.suspects.isEmpty {
            lines.append("What changed (24 h before detection):")
            for c in d.suspects {
                lines.append("  \(Timestamp.format(c.at)) \(c.kind) \(c.service) \(CLI.safe(c.version ?? "")) \(c.status) by \(CLI.safe(c.by)) (change \(c.id))")
            }
        }
        if !d.checklist.isEmpty {
            lines.append("Checklist:")
            for c in d.checklist {
                lines.append("  [\(c.doneAt == nil ? " " : "x")] \(c.item.rawValue): \(c.item.title)\(c.doneAt.map { " (\(CLI.safe(c.doneBy)), \(Timestamp.format($0)))" } ?? "")")
            }
        }
        if !d.evidence.isEmpty {
            lines.append("Evidence:")
            for e in d.evidence {
                lines.append("  E\(e.id) \(CLI.safe(e.name)) \(e.bytes) bytes sha256 \(e.sha256) · collected by \(CLI.safe(e.collectedBy)) \(Timestamp.format(e.collectedAt)) · held by \(CLI.safe(e.custodian))")
            }
        }
        if let pm = d.postmortem {
            let state = pm.publishedAt.map { "published \(Timestamp.format($0))" } ?? pm.dueAt.map { "due \(Timestamp.format($0))\($0 < now ? " (OVERDUE)" : "")" } ?? "-"
            lines.append("Postmortem: \(state); sections written: \(Postmortem.Section.allCases.filter { pm.sections[$0] != nil }.map(\.rawValue).joined(separator: ", "))")
        }
        if !d.actionItems.isEmpty {
            lines.append("Action items:")
            for a in d.actionItems {
                let state = a.doneAt.map { "done \(Timestamp.format($0).prefix(10))" } ?? (a.isOverdue(now: now) ? "OVERDUE" : "open")
                lines.append("  A\(a.id) \(CLI.safe(a.title)) · \(CLI.safe(a.owner)) · due \(Timestamp.format(a.dueAt).prefix(10)) · \(state)")
            }
        }
        lines.append("Timeline:")
        for e in d.entries {
            let mark = e.pinned ? "*" : (e.kind.isAutomatic ? " " : "+")
            let ref = e.refersTo.map { " (re #\($0))" } ?? ""
            lines.append("  #\(e.id) \(Timestamp.format(e.at)) \(mark) \(e.kind.rawValue)\(ref)  \(CLI.safe(e.author))")
            lines += e.body.split(separator: "\n", omittingEmptySubsequences: false).prefix(40).map { "      " + CLI.safe(String($0)) }
        }
        return lines
    }
}
