import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// KPIs from hand-made inputs with a fixed instant, and the Markdown export's escaping.
@Suite("Incident KPIs and Markdown export")
struct IncidentStatsMarkdownTests {
    static let t0 = Timestamp.parse("2026-12-07T10:00Z") ?? Date()

    static func incident(_ n: Int, _ severity: IncidentSeverity, _ category: IncidentCategory, detected: TimeInterval, declared: TimeInterval,
                         ack: TimeInterval? = nil, mitigated: TimeInterval? = nil, resolved: TimeInterval? = nil) -> Incident {
        Incident(number: IncidentNumber(n), title: "i\(n)", category: category, severity: severity,
                 securityClass: category == .security ? .malware : nil, detectedAt: t0 + detected, declaredAt: t0 + declared,
                 acknowledgedAt: ack.map { t0 + $0 }, mitigatedAt: mitigated.map { t0 + $0 }, resolvedAt: resolved.map { t0 + $0 }, declaredBy: "ic")
    }

    @Test("MTTA, MTTD, time to mitigate and MTTR by severity and category; proactive detection; overdue counts; containment and breaches")
    func stats() {
        var security = Self.incident(3, .sev2, .security, detected: 0, declared: 600, ack: 660)
        security.breachAt = Self.t0
        security.breachNotifiedAt = Self.t0 + 3_600
        let inputs = [
            IncidentStatsInput(incident: Self.incident(1, .sev1, .outage, detected: 0, declared: 300, ack: 420, mitigated: 1_800, resolved: 3_600),
                               firstAlertAt: Self.t0, firstTicketAt: Self.t0 + 900, postmortemDue: Self.t0 + 86_400, actionItemsOpen: 2, actionItemsOverdue: 1),
            IncidentStatsInput(incident: Self.incident(2, .sev1, .deployment, detected: 0, declared: 900, ack: 960, mitigated: 1_200, resolved: 2_400),
                               firstTicketAt: Self.t0, postmortemDue: Self.t0 + 86_400, postmortemPublishedAt: Self.t0 + 80_000),
            IncidentStatsInput(incident: security, firstAlertAt: Self.t0, containedAt: Self.t0 + 7_200),
            IncidentStatsInput(incident: Self.incident(4, .sev3, .degradation, detected: 0, declared: 0)),
        ]
        let stats = IncidentStats.compute(inputs, since: Self.t0 - 86_400, now: Self.t0 + 2 * 86_400)
        #expect(stats.overall.incidents == 4)
        #expect(stats.overall.mtta == TimeInterval(80))
        #expect(stats.overall.mttd == TimeInterval(450))
        #expect(stats.overall.timeToMitigate == TimeInterval(1_500))
        #expect(stats.overall.mttr == TimeInterval(3_000))
        #expect(stats.bySeverity.map(\.key) == ["SEV-1", "SEV-2", "SEV-3"])
        #expect(stats.bySeverity.first?.times.mttr == 3_000)
        #expect(stats.byCategory.map(\.key) == ["outage", "degradation", "deployment", "security"])
        // 1: alert before ticket (proactive); 2: ticket only; 3: alert only (proactive); 4: no signal.
        let proactive: Double = 200.0 / 3
        #expect(stats.proactiveDetectionPercent == proactive)
        #expect(stats.postmortemsOverdue == 1)
        #expect(stats.actionItemsOpen == 2 && stats.actionItemsOverdue == 1)
        #expect(stats.securityTimeToContain == 7_200)
        #expect(stats.breachesInTime == 1 && stats.breachesLate == 0)
        let empty = IncidentStats.compute([], since: Self.t0, now: Self.t0)
        #expect(empty.overall.mtta == nil && empty.proactiveDetectionPercent == nil)
    }

    @Test("hostile text cannot open a heading, a link, an image, raw HTML or a table cell in the export")
    func escaping() {
        let hostile = "# Owned\n## also\n[click](http://evil.example) ![x](http://evil.example/x.png) <script>alert(1)</script> | cell | *bold* `code` \u{1B}[31mred"
        let escaped = IncidentMarkdown.escape(hostile)
        for line in escaped.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            #expect(!trimmed.hasPrefix("#"), "a line opens a heading: \(line)")
        }
        #expect(!escaped.contains("]("), "a link survived: \(escaped)")
        #expect(!escaped.contains("<script"), "raw HTML survived: \(escaped)")
        #expect(!escaped.contains(" | "), "a table cell survived: \(escaped)")
        #expect(!escaped.unicodeScalars.contains("\u{1B}"), "an escape sequence survived")
        #expect(escaped.contains("\\# Owned"))

        var incident = Self.incident(9, .sev2, .outage, detected: 0, declared: 60, resolved: 3_600)
        incident.title = "[pwn](http://evil.example)"
        let note = IncidentEntry(id: 5, incident: incident.number, kind: .note, author: "ic", body: hostile, at: Self.t0 + 120, pinned: true)
        let detail = IncidentDetail(incident: incident, roles: [.commander: "ic"], entries: [note],
                                    postmortem: Postmortem(sections: [.summary: "# not a heading", .rootCause: "cert expired"]),
                                    actionItems: [ActionItem(id: 1, incident: incident.number, title: "Renew <b>certs</b>", owner: "ic", dueAt: Self.t0 + 86_400)])
        let md = IncidentMarkdown.render(detail, now: Self.t0 + 7_200)
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(headings == ["# INC-9: \\[pwn\\]\\(http\\://evil\\.example\\)", "## Summary", "## Impact", "## Root cause", "## Contributing factors",
                             "## What went well", "## What went wrong", "## Key moments", "## Action items", "## Timeline"], "\(headings)")
        #expect(md.contains("- Minutes of impact: 60"))
        #expect(md.contains("Renew &lt;b&gt;certs&lt;/b&gt;"))
        #expect(!md.contains("]("))
    }
}
