import Foundation
@testable import OpsConsole
import OpsCore
import OpsFixtures
import OpsStore
import TermUI

/// A harness on the Incidents pane with a few incidents lived through the store's named
/// operations at pinned times: an open SEV-1 outage with notes (one hostile, one pinned), an
/// overdue SEV-3, a security incident (restricted), and a resolved deployment incident with
/// its postmortem. The clock ends back at the harness's instant.
@MainActor
enum IncidentFixtures {
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    struct Seeded {
        var outage: IncidentNumber
        var overdue: IncidentNumber
        var security: IncidentNumber
        var deployment: IncidentNumber
        var alert: Int64
    }

    static func harness(size: Size = Size(width: 120, height: 40), theme: Theme = .default, role: Role? = nil,
                        readOnly: Bool = false) throws -> (ConsoleHarness, IncidentsPane, Seeded) {
        let h: ConsoleHarness
        if let role {
            h = try ConsoleHarness(role: role, size: size, startPane: "incidents")
        } else {
            h = try ConsoleHarness(size: size, readOnly: readOnly, theme: theme, startPane: "incidents")
        }
        let seeded = try seed(h)
        _ = h.app.refresh(force: true)
        let pane: IncidentsPane = try ConsoleHarness.pane("incidents", of: h.app)
        _ = pane.refresh(force: true)
        h.frame()
        return (h, pane, seeded)
    }

    static func login(_ h: ConsoleHarness, _ role: Role) throws -> String {
        let holders = try h.store.listStaff(StaffFilter(role: role), as: op).filter(\.isActive).map(\.login).sorted()
        guard let first = holders.first else { throw OpsError.notFound("no seeded \(role.rawValue) account") }
        return first
    }

    static func seed(_ h: ConsoleHarness) throws -> Seeded {
        let base = h.clock.now()
        func at(_ minutes: Double) { h.clock.set(base.addingTimeInterval(minutes * 60)) }
        defer { h.clock.set(base) }
        let me = ConsoleHarness.operatorLogin
        let ops = try login(h, .ops), security = try login(h, .security)

        // A resolved deployment incident, three days ago, with its postmortem.
        at(-3 * 1_440)
        let deployment = try h.store.declareIncident(NewIncident(title: "API 2026.12.4 failed its canary", category: .deployment, severity: .sev2,
                                                                 services: ["api"], roles: [.commander: me]), as: op).number
        at(-3 * 1_440 + 10)
        try h.store.noteIncident(deployment, kind: .decision, body: "Roll back to 2026.12.3.", as: op)
        at(-3 * 1_440 + 40)
        _ = try h.store.setIncidentStatus(deployment, to: .resolved, as: op)
        let decision = try h.store.incidentEntries(deployment, offset: 0, limit: 50, as: op).first { $0.kind == .decision }
        if let decision { _ = try h.store.pinIncidentEntry(deployment, entry: decision.id, as: op) }
        try h.store.editIncidentPostmortem(deployment, sections: [
            .summary: "A canary of API 2026.12.4 returned 502 for 38 minutes; rolled back.",
            .rootCause: "A connection pool setting shipped with the release was ten times too small.",
            .wentWell: "The rollback took four minutes.",
        ], customers: 12, minutes: 38, as: op)
        _ = try h.store.addIncidentAction(deployment, title: "Check pool settings in the canary gate", owner: ops,
                                          due: base.addingTimeInterval(4 * 86_400), as: op)

        // A SEV-3 nobody updated for six hours: its update is overdue.
        at(-360)
        let overdue = try h.store.declareIncident(NewIncident(title: "Webhook retries slow for some tenants", category: .degradation, severity: .sev3,
                                                              services: ["webhooks"], roles: [.commander: ops]), as: op).number

        // A security incident: restricted to security holders and its responders.
        at(-120)
        let secret = try h.store.declareIncident(NewIncident(title: "API key of tenant acme leaked in a public repository", category: .security,
                                                             severity: .sev2, roles: [.commander: me, .securityLead: security],
                                                             securityClass: .credentialCompromise), as: op).number
        at(-100)
        _ = try h.store.recordIncidentBreach(secret, as: op)
        _ = try h.store.tickIncidentChecklist(secret, item: "revoke-sessions", as: op)

        // The open SEV-1 from a blacklist alert, with notes.
        at(-60)
        let alert = try h.store.upsertAlert(AlertSignal(fingerprint: "BlacklistListed/mta", rule: "BlacklistListed",
                                                        labels: ["alertname": "BlacklistListed", "service": "mta"], severity: .critical,
                                                        status: .firing, summary: "mx3 listed on Spamhaus", at: base.addingTimeInterval(-3_900))).alert.id
        at(-50)
        let outage = try h.store.declareIncident(NewIncident(title: "Outbound mail delayed: mx3 blacklisted", category: .outage, severity: .sev1,
                                                             roles: [.commander: me], alerts: [alert]), as: op).number
        at(-45)
        _ = try h.store.setIncidentRole(outage, .techLead, to: ops, as: op)
        at(-40)
        try h.store.noteIncident(outage, body: "Queue depth 48k on mx3; moving traffic to mx1 and mx2.", as: op)
        at(-35)
        _ = try h.store.setIncidentStatus(outage, to: .identified, as: op)
        at(-30)
        try h.store.noteIncident(outage, body: "Delisting asked \u{1b}[31m<b>urgent</b>\u{1b}[0m\nticket SPH-2231 at Spamhaus", as: op)
        let note = try h.store.incidentEntries(outage, offset: 0, limit: 50, as: op).first { $0.kind == .note }
        if let note { _ = try h.store.pinIncidentEntry(outage, entry: note.id, as: op) }
        at(-20)
        try h.store.noteIncident(outage, kind: .comms, body: "Status page: delays for some outbound mail, fix under way.", as: op)
        return Seeded(outage: outage, overdue: overdue, security: secret, deployment: deployment, alert: alert)
    }

    /// Puts the list's cursor on `number`.
    static func select(_ number: IncidentNumber, in h: ConsoleHarness, pane: IncidentsPane) {
        h.press(.home)
        for _ in 0..<50 {
            if pane.list.selectedRow?.number == number { return }
            h.press(.down)
        }
    }
}
