import Foundation
import OpsCore
import OpsStore
import TermUI

/// The line the Health pane shows while a SEV-1 or SEV-2 incident is open:
/// "SEV-1 INC-231 open 14m: <title> — commander alice". A restricted incident the reader
/// may not see gives no banner (its severity is part of what is hidden).
public struct IncidentBanner: Equatable, Sendable {
    public var number: IncidentNumber
    public var severity: IncidentSeverity
    public var title: String
    public var commander: String?
    public var declaredAt: Date
    /// Other open major incidents, named as "+N more".
    public var others: Int

    public init(number: IncidentNumber, severity: IncidentSeverity, title: String, commander: String?, declaredAt: Date, others: Int = 0) {
        self.number = number
        self.severity = severity
        self.title = title
        self.commander = commander
        self.declaredAt = declaredAt
        self.others = others
    }

    /// The most severe open major incident, or nil (also without incidents.read: the
    /// dashboard needs only metrics.read, and the banner is a hint).
    @MainActor static func load(env: ConsoleEnvironment) -> IncidentBanner? {
        let filter = IncidentFilter(statuses: [.investigating, .identified, .monitoring], limit: 50)
        guard let rows = try? env.store.incidents(filter, as: env.actor) else { return nil }
        let major = rows.compactMap { row in row.incident.map { ($0, row.commander) } }.filter { $0.0.severity.isMajor }
        guard let (first, commander) = major.first else { return nil }
        return IncidentBanner(number: first.number, severity: first.severity, title: first.title, commander: commander,
                              declaredAt: first.declaredAt, others: major.count - 1)
    }

    func text(now: Date) -> String {
        let open = IncidentsPane.age(now.timeIntervalSince(declaredAt))
        let who = commander.map { " — commander \(Sanitizer.sanitize($0))" } ?? ""
        let more = others > 0 ? "  (+\(others) more major)" : ""
        return "\(severity) \(number) open \(open): \(Sanitizer.sanitize(title))\(who)\(more)"
    }
}

extension HealthPane {
    /// Below the header line, and one line lower while the banner shows.
    func bodyArea(_ area: Rect) -> Rect {
        let top = 1 + bannerLines
        return Rect(x: area.x, y: area.y + top, width: area.width, height: max(0, area.height - top))
    }

    func renderBanner(_ banner: IncidentBanner, into buffer: inout ScreenBuffer, area: Rect) {
        let style = env.theme[banner.severity == .sev1 ? .severityCritical : .severityWarning]
        buffer.put(" " + banner.text(now: env.clock.now()) + "  (Incidents pane)", x: area.x, y: area.y, style: style, maxWidth: area.width)
    }
}
