import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Automatic timeline entries after declaration: each source (a linked alert, a linked
/// ticket, a change to an affected service) writes its entry and audit row in the event's
/// own transaction; unlinked events, other services and finished incidents get none.
@Suite("Incident automatic entries")
struct IncidentAutoEntryTests {
    typealias W = IncidentStoreTests.World

    static func declare(_ w: W, alerts: [Int64] = [], ticket: TicketNumber? = nil, services: [String] = []) throws -> IncidentNumber {
        try w.db.declareIncident(NewIncident(title: "Mail queue stuck", category: .outage, severity: .sev2, services: services,
                                             roles: [.commander: "ic"], alerts: alerts, ticket: ticket), as: w.actor("ic")).number
    }

    static func auto(_ w: W, _ n: IncidentNumber, after count: Int) throws -> [IncidentEntry] {
        Array(try IncidentStoreTests.entries(w, n).dropFirst(count)).filter { $0.author == "system" && $0.kind != .reminder }
    }

    static func autoAudits(_ w: W) throws -> Int {
        try w.db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit WHERE action = 'incident.entry.auto'") ?? 0 }
    }

    @Test("a linked alert acknowledged, resolved and firing again: one entry each, with its audit row; an unlinked alert adds nothing")
    func alerts() throws {
        let w = try IncidentStoreTests.world()
        let ids = try IncidentStoreTests.alerts(w, count: 2)
        let n = try Self.declare(w, alerts: [ids[0]])
        let start = try IncidentStoreTests.entries(w, n).count
        w.clock.advance(by: 60)
        try w.db.acknowledgeAlerts([ids[0]], note: "looking at the MTA", as: w.actor("ic"))
        try w.db.acknowledgeAlerts([ids[1]], as: w.actor("ic"))
        var added = try Self.auto(w, n, after: start)
        #expect(added.map(\.body) == ["alert \(ids[0]) acknowledged by ic: looking at the MTA"])
        #expect(added.first?.kind == .alert)
        #expect(try Self.autoAudits(w) == 1)
        w.clock.advance(by: 60)
        try w.db.resolveAlerts([ids[0]], as: w.actor("ic"))
        added = try Self.auto(w, n, after: start)
        #expect(added.last?.body == "alert \(ids[0]) resolved by ic")
        // An escalation by hand (the test routing has no policy: refused, so nothing is added).
        #expect(throws: OpsError.self) { try w.db.escalateAlerts([ids[0]], as: w.actor("ic")) }
        #expect(try Self.auto(w, n, after: start).count == 2)

        // Linked alert 2: its source resolves it, then fires it again (the batch path both times).
        try w.db.linkIncident(n, .alert(ids[1]), as: w.actor("ic"))
        let signal = { (firing: Bool) in
            AlertSignal(fingerprint: "am:mta2", rule: "QueueHigh", source: "alertmanager",
                        labels: ["alertname": "QueueHigh", "service": "mta", "instance": "n2"], severity: .critical,
                        firing: firing, summary: "queue high on n2", startsAt: w.clock.now())
        }
        w.clock.advance(by: 60)
        _ = try w.db.ingestAlerts([signal(false)], actor: w.f.boss, at: w.clock.now())
        added = try Self.auto(w, n, after: start)
        #expect(added.last?.body == "alert \(ids[1]) resolved by its source by boss")
        w.clock.advance(by: 60)
        _ = try w.db.ingestAlerts([signal(true)], actor: w.f.boss, at: w.clock.now())
        let again = try w.db.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM alert") ?? 0 }
        added = try Self.auto(w, n, after: start)
        #expect(added.last?.body == "alert \(ids[1]) fired again as alert \(again) (linked): queue high on n2")
        guard case let .full(d) = try w.db.incident(n, as: w.f.boss) else { Issue.record("restricted?"); return }
        #expect(d.alerts.contains(again))
        w.clock.advance(by: 60)
        try w.db.acknowledgeAlerts([again], as: w.actor("ic"))
        added = try Self.auto(w, n, after: start)
        #expect(added.last?.body == "alert \(again) acknowledged by ic", "the new occurrence is followed too")
        #expect(try Self.autoAudits(w) == added.count)
    }

    @Test("a linked ticket's status change and replies reach the incident; a staff note does not")
    func tickets() throws {
        let w = try IncidentStoreTests.world()
        _ = try w.db.importCustomers([TicketStoreTests.acme], as: w.f.boss)
        let ticket = try w.db.openTicket(NewTicket(customer: "acme", contactEmail: "jo@acme.example", title: "Bounces since 09:00",
                                                   category: .deliverability, priority: .p2, body: "Every mail bounces."), as: w.f.boss)
        let n = try Self.declare(w, ticket: ticket.number)
        let start = try IncidentStoreTests.entries(w, n).count
        let audits = try w.f.auditCount()
        try w.db.setTicketStatus(ticket.number, to: .investigating, as: w.f.boss)
        #expect(try w.f.auditCount() == audits + 2, "the ticket's audit row and the entry's")
        try w.db.replyToTicket(ticket.number, body: "We are on it.\nNext update at 10:30.", as: w.f.boss)
        try w.db.noteTicket(ticket.number, body: "internal: the MTA again", as: w.f.boss)
        let added = try Self.auto(w, n, after: start)
        #expect(added.map(\.kind) == [.ticket, .ticket])
        #expect(added.first?.body.hasPrefix("\(ticket.number) status ") == true)
        #expect(added.first?.body.hasSuffix("investigating") == true)
        #expect(added.last?.body == "\(ticket.number) boss replied to the customer: We are on it. …")
    }

    @Test("a change to an affected service reaches every incident still open on it; other services and finished incidents get none")
    func changes() throws {
        let w = try IncidentStoreTests.world()
        let n = try Self.declare(w, services: ["mta", "dns"])
        let other = try Self.declare(w, services: ["mta-relay"])
        let start = try IncidentStoreTests.entries(w, n).count
        let startOther = try IncidentStoreTests.entries(w, other).count
        w.clock.advance(by: 120)
        let change = try w.db.recordChange(NewChange(kind: .rollback, service: "mta", version: "2.4.0", status: .succeeded), as: w.actor("ic"))
        _ = try w.db.recordChange(NewChange(kind: .config, service: "billing"), as: w.actor("ic"))
        #expect(try Self.auto(w, n, after: start).map(\.body) == [AppDatabase.describe(change)])
        #expect(try Self.auto(w, other, after: startOther).isEmpty, "mta-relay is not mta")
        // Resolved still follows (a recurrence reopens it); the postmortem does not.
        try w.db.setIncidentStatus(n, to: .resolved, as: w.actor("ic"))
        _ = try w.db.recordChange(NewChange(kind: .deploy, service: "dns", status: .started), as: w.actor("ic"))
        #expect(try Self.auto(w, n, after: start).count == 2)
        try w.db.setIncidentStatus(n, to: .postmortem, as: w.actor("ic"))
        _ = try w.db.recordChange(NewChange(kind: .deploy, service: "dns", status: .succeeded), as: w.actor("ic"))
        #expect(try Self.auto(w, n, after: start).count == 2)
        #expect(try Self.autoAudits(w) == 2)
    }
}


/// The batch path's raw statements after the single-alert path ran the same cached SQL:
/// a manual resolve, then the source firing the fingerprint again, wrote NULLs (SQLite
/// refused the binds on a statement GRDB had left stepped).
@Suite("Alert batch after the single path")
struct AlertBatchAfterSinglePathTests {
    @Test("a hand-resolved alert fired again by its source starts a new occurrence")
    func refireAfterManualResolve() throws {
        let w = try IncidentStoreTests.world()
        let ids = try IncidentStoreTests.alerts(w, count: 2)
        w.clock.advance(by: 60)
        try w.db.resolveAlerts([ids[0]], as: w.actor("ic"))
        w.clock.advance(by: 60)
        let report = try w.db.ingestAlerts([AlertSignal(fingerprint: "am:mta1", rule: "QueueHigh", source: "alertmanager",
                                                        labels: ["alertname": "QueueHigh", "service": "mta", "instance": "n1"], severity: .critical,
                                                        firing: true, summary: "queue high on n1", startsAt: w.clock.now())],
                                           actor: w.f.boss, at: w.clock.now())
        #expect(report.created == 1)
        let previous = try w.db.read { db in try Int64.fetchOne(db, sql: "SELECT previous_id FROM alert ORDER BY id DESC LIMIT 1") }
        #expect(previous == ids[0])
        let flips = try w.db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert_flip WHERE fingerprint = 'am:mta1'") ?? 0 }
        #expect(flips == 3, "fired, resolved by hand, fired again")
    }
}
