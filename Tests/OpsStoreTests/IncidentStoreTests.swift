import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// The incidents feature store: declaring from nothing, alerts and a ticket; each action one
/// transaction with its entry and audit row; nothing half-applied; restricted visibility;
/// suspects; the collector sweep's reminders.
@Suite("Incident store")
struct IncidentStoreTests {
    struct World {
        let f: StoreFixture
        var db: AppDatabase { f.db }
        var clock: ManualClock { f.clock }
        func actor(_ login: String) -> ActorContext { f.actor(login) }
    }

    static func world() throws -> World {
        let f = try StoreFixture()
        f.clock.set(Timestamp.parse("2026-12-07T10:00Z") ?? Date())
        try f.add("ic", [.ops])
        try f.add("comms", [.ops])
        try f.add("sec", [.security])
        try f.add("ro", [.readonly])
        try f.add("sup", [.support])
        return World(f: f)
    }

    static func alerts(_ w: World, count: Int, service: String = "mta") throws -> [Int64] {
        let signals = (1...count).map { i in
            AlertSignal(fingerprint: "am:\(service)\(i)", rule: "QueueHigh", source: "alertmanager",
                        labels: ["alertname": "QueueHigh", "service": service, "instance": "n\(i)"], severity: .critical, firing: true,
                        summary: "queue high on n\(i)", startsAt: w.clock.now() - 600)
        }
        _ = try w.db.ingestAlerts(signals, actor: w.f.boss, at: w.clock.now())
        return try w.db.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM alert ORDER BY id") }
    }

    static func entries(_ w: World, _ n: IncidentNumber) throws -> [IncidentEntry] {
        guard case let .full(d) = try w.db.incident(n, as: w.f.boss) else { return [] }
        return d.entries
    }

    @Test("declaring from many alerts links each, takes detection from the first, lists suspects, pages the roles, audits once")
    func declareFromAlerts() throws {
        let w = try Self.world()
        let change = try w.db.recordChange(NewChange(kind: .deploy, service: "mta", version: "2.4.1", status: .succeeded,
                                                     at: w.clock.now() - 3_600), as: w.f.boss)
        _ = try w.db.recordChange(NewChange(kind: .config, service: "billing", at: w.clock.now() - 3_600), as: w.f.boss)
        let ids = try Self.alerts(w, count: 5)
        let audits = try w.f.auditCount()
        let outbox = try w.db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
        w.clock.advance(by: 60)
        let incident = try w.db.declareIncident(NewIncident(title: "Mail queue stuck", category: .outage, severity: .sev1,
                                                            roles: [.commander: "ic", .commsLead: "comms"], alerts: ids), as: w.actor("ic"))
        #expect(incident.number == IncidentNumber(1))
        #expect(incident.services == ["mta"])
        #expect(incident.detectedAt == w.clock.now() - 660)
        #expect(incident.acknowledgedAt == w.clock.now(), "the declarer named themselves commander")
        #expect(try w.f.auditCount() == audits + 1)
        #expect(try w.db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 } == outbox + 2)
        guard case let .full(d) = try w.db.incident(incident.number, as: w.f.boss) else { Issue.record("restricted?"); return }
        #expect(d.alerts == ids)
        #expect(d.suspects.map(\.id) == [change.id], "only the affected service's change is a suspect")
        #expect(d.entries.filter { $0.kind == .alert }.count == 5)
        #expect(d.entries.contains { $0.kind == .change && $0.body.contains("2.4.1") })
        #expect(d.entries.contains { $0.kind == .reminder && $0.body.contains("paged commander ic") || $0.body.contains("paged ic") })
    }

    @Test("bad declarations are refused whole: unknown alert, missing roles, a responder without incidents.manage")
    func declareRefusals() throws {
        let w = try Self.world()
        let before = try w.f.auditCount()
        let cases: [(NewIncident, Int32)] = [
            (NewIncident(title: "x", category: .outage, severity: .sev2, roles: [.commander: "ic"], alerts: [999]), 3),
            (NewIncident(title: "x", category: .outage, severity: .sev2), 2),
            (NewIncident(title: "x", category: .outage, severity: .sev2, roles: [.commander: "sup"]), 5),
            (NewIncident(title: "x", category: .security, severity: .sev2, roles: [.commander: "ic", .securityLead: "sec"]), 2),
        ]
        for (new, code) in cases {
            let error = opsError { () throws(OpsError) in try w.db.declareIncident(new, as: w.actor("ic")) }
            #expect(error?.exitCode == code, "\(new): \(String(describing: error))")
        }
        #expect(opsError { () throws(OpsError) in
            try w.db.declareIncident(NewIncident(title: "x", category: .outage, severity: .sev2, roles: [.commander: "ic"]), as: w.actor("ro"))
        }?.exitCode == 4)
        #expect(try w.f.auditCount() == before)
        #expect(try w.db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incident") } == 0)
    }

    @Test("the status machine through the store: each move one entry and one audit row; mitigation, resolution, postmortem due; version races lose")
    func statusFlow() throws {
        let w = try Self.world()
        let n = try w.db.declareIncident(NewIncident(title: "API 500s", category: .degradation, severity: .sev2, roles: [.commander: "ic"]),
                                         as: w.actor("ic")).number
        let audits = try w.f.auditCount()
        let invalid = opsError { () throws(OpsError) in try w.db.setIncidentStatus(n, to: .postmortem, as: w.actor("ic")) }
        #expect(invalid?.exitCode == 5)
        #expect(invalid?.description.contains("identified, monitoring, resolved") == true, "\(String(describing: invalid))")
        w.clock.advance(by: 600)
        let monitoring = try w.db.setIncidentStatus(n, to: .monitoring, as: w.actor("ic"))
        #expect(monitoring.mitigatedAt == w.clock.now())
        #expect(opsError { () throws(OpsError) in try w.db.setIncidentStatus(n, to: .resolved, expectedVersion: 1, as: w.actor("ic")) }?.exitCode == 5)
        let resolved = try w.db.setIncidentStatus(n, to: .resolved, expectedVersion: monitoring.version, as: w.actor("ic"))
        #expect(resolved.resolvedAt == w.clock.now() && resolved.mitigatedAt == monitoring.mitigatedAt)
        #expect(try w.f.auditCount() == audits + 2)
        guard case let .full(d) = try w.db.incident(n, as: w.f.boss) else { return }
        #expect(d.postmortem?.dueAt == Timestamp.parse("2026-12-14T10:10Z"))
        _ = try w.db.setIncidentStatus(n, to: .postmortem, as: w.actor("ic"))
        #expect(opsError { () throws(OpsError) in try w.db.setIncidentStatus(n, to: .closed, as: w.actor("ic")) }?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try w.db.editIncidentPostmortem(n, sections: [.summary: "s"], publish: true, as: w.actor("ic")) }?.exitCode == 2)
        _ = try w.db.editIncidentPostmortem(n, sections: [.summary: "Cert expired.", .rootCause: "No renewal alert."], publish: true, as: w.actor("ic"))
        #expect(try w.db.setIncidentStatus(n, to: .closed, as: w.actor("ic")).closedAt == w.clock.now())
    }

    @Test("notes are append-only: a correction is a new entry, pins refer to entries, the SQL refuses an edit")
    func timeline() throws {
        let w = try Self.world()
        let n = try w.db.declareIncident(NewIncident(title: "t", category: .outage, severity: .sev3, roles: [.commander: "ic"]), as: w.actor("ic")).number
        _ = try w.db.noteIncident(n, body: "rolled back to 2.4.0", as: w.actor("ic"))
        let first = try #require(try Self.entries(w, n).last)
        _ = try w.db.noteIncident(n, body: "rolled back to 2.3.9", corrects: first.id, as: w.actor("ic"))
        _ = try w.db.pinIncidentEntry(n, entry: first.id, as: w.actor("ic"))
        #expect(opsError { () throws(OpsError) in try w.db.pinIncidentEntry(n, entry: first.id, as: w.actor("ic")) }?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try w.db.pinIncidentEntry(n, entry: 9_999, as: w.actor("ic")) }?.exitCode == 3)
        let entries = try Self.entries(w, n)
        #expect(entries.first { $0.id == first.id }?.pinned == true)
        #expect(entries.first { $0.id == first.id }?.body == "rolled back to 2.4.0")
        #expect(entries.contains { $0.kind == .correction && $0.refersTo == first.id })
        #expect(throws: (any Error).self) {
            try w.db.write { db in try db.execute(sql: "UPDATE incident_entry SET body = 'x' WHERE id = ?", arguments: [first.id]) }
        }
        let hostile = "\u{1B}]52;c;ZXZpbA==\u{07}# heading [x](http://e)"
        _ = try w.db.noteIncident(n, body: hostile, as: w.actor("ic"))
        #expect(try Self.entries(w, n).last?.body == hostile, "kept exact in the store")
    }

    @Test("a security incident: restricted to security and responders; checklist, breach clock, ongoing attack")
    func securityIncident() throws {
        let w = try Self.world()
        let n = try w.db.declareIncident(NewIncident(title: "Leaked API key", category: .security, severity: .sev2,
                                                     roles: [.commander: "ic", .securityLead: "sec"], securityClass: .credentialCompromise),
                                         as: w.actor("sec")).number
        #expect(try w.db.incident(n, as: w.actor("ro")) == .restricted(n))
        #expect(try w.db.incidents(as: w.actor("ro")).first?.isRestricted == true)
        #expect(try w.db.incidents(as: w.actor("ic")).first?.isRestricted == false, "a named responder sees it")
        #expect(opsError { () throws(OpsError) in try w.db.incidentForExport(n, as: w.actor("ro")) }?.exitCode == 4)
        #expect(opsError { () throws(OpsError) in try w.db.noteIncident(n, body: "x", as: w.actor("comms")) }?.exitCode == 4)
        _ = try w.db.tickIncidentChecklist(n, item: "revoke-sessions", as: w.actor("sec"))
        #expect(opsError { () throws(OpsError) in try w.db.tickIncidentChecklist(n, item: "suspend-tenant", as: w.actor("sec")) }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in try w.db.setIncidentRole(n, .securityLead, to: nil, as: w.actor("sec")) }?.exitCode == 5)
        _ = try w.db.recordIncidentBreach(n, as: w.actor("sec"))
        w.clock.advance(by: 49 * 3_600)
        let report = try w.db.sweepIncidents(at: w.clock.now())
        #expect(report.breachReminders == 1)
        #expect(try w.db.sweepIncidents(at: w.clock.now()).breachReminders == 0, "one reminder per mark")
        let raised = try w.db.setIncidentSeverity(n, to: .sev1, ongoingAttack: true, as: w.actor("sec"))
        #expect(raised.severity == .sev1)
        let notified = try w.db.recordIncidentBreach(n, notified: "CNIL ref 2026-4411", as: w.actor("sec"))
        #expect(IncidentClocks.breachState(notified, now: w.clock.now()) == .notified(at: w.clock.now(), inTime: true))
    }

    @Test("a restricted incident's severity and class do not leak through filters or order to someone who may not see it")
    func restrictedSeverityDoesNotLeak() throws {
        let w = try Self.world()
        let secret = try w.db.declareIncident(NewIncident(title: "Leaked API key", category: .security, severity: .sev1,
                                                          roles: [.commander: "ic", .securityLead: "sec"], securityClass: .credentialCompromise),
                                              as: w.actor("sec")).number
        let outage = try w.db.declareIncident(NewIncident(title: "Queue", category: .outage, severity: .sev3, roles: [.commander: "comms"]),
                                              as: w.actor("comms")).number
        let ro = w.actor("ro")
        // Filtered by its severity or class, the restricted one is simply not there for readonly…
        #expect(try w.db.incidents(IncidentFilter(severity: .sev1), as: ro).isEmpty)
        #expect(try w.db.incidents(IncidentFilter(category: .security), as: ro).isEmpty)
        #expect(try w.db.incidentCount(IncidentFilter(severity: .sev1), as: ro) == 0)
        #expect(try w.db.incidentPage(IncidentFilter(category: .security), offset: 0, limit: 10, as: ro).isEmpty)
        // …unfiltered it is listed as its label, after every incident they may see (not first, as a SEV-1 would be).
        #expect(try w.db.incidents(as: ro).map(\.number) == [outage, secret])
        #expect(try w.db.incidentPage(offset: 0, limit: 10, as: ro).map(\.number) == [outage, secret])
        #expect(try w.db.incidents(as: ro).last?.isRestricted == true)
        // Security and the named responders see it where it belongs.
        for who in ["sec", "ic"] {
            #expect(try w.db.incidents(IncidentFilter(severity: .sev1), as: w.actor(who)).map(\.number) == [secret], "\(who)")
            #expect(try w.db.incidentPage(offset: 0, limit: 10, as: w.actor(who)).map(\.number) == [secret, outage], "\(who)")
        }
    }

    @Test("the sweep: a missed update is an entry and a page to the comms lead; postmortem and action items remind once when due")
    func sweep() throws {
        let w = try Self.world()
        let n = try w.db.declareIncident(NewIncident(title: "t", category: .outage, severity: .sev1, roles: [.commander: "ic", .commsLead: "comms"]),
                                         as: w.actor("ic")).number
        #expect(try w.db.sweepIncidents(at: w.clock.now()).changed == false)
        w.clock.advance(by: 1_801)
        #expect(try w.db.sweepIncidents(at: w.clock.now()).updatesMissed == 1)
        #expect(try w.db.sweepIncidents(at: w.clock.now()).updatesMissed == 0)
        let mails = try w.db.read { db in try String.fetchAll(db, sql: "SELECT to_addr FROM outbox WHERE subject LIKE '%update overdue%'") }
        #expect(mails == ["comms@example.com"])
        _ = try w.db.noteIncident(n, kind: .comms, body: "Status page updated.", as: w.actor("comms"))
        w.clock.advance(by: 1_700)
        #expect(try w.db.sweepIncidents(at: w.clock.now()).updatesMissed == 0, "the comms entry restarted the clock")
        _ = try w.db.setIncidentStatus(n, to: .resolved, as: w.actor("ic"))
        _ = try w.db.addIncidentAction(n, title: "Add a queue alert", owner: "ic", due: w.clock.now() + 86_400, as: w.actor("ic"))
        w.clock.advance(by: 10 * 86_400)
        let report = try w.db.sweepIncidents(at: w.clock.now())
        #expect(report.postmortemReminders == 1 && report.actionReminders == 1 && report.updatesMissed == 0, "\(report)")
        #expect(try w.db.sweepIncidents(at: w.clock.now()).changed == false)
        let stats = try w.db.incidentStats(since: w.clock.now() - 30 * 86_400, as: w.actor("ro"))
        #expect(stats.postmortemsOverdue == 1 && stats.actionItemsOverdue == 1)
    }

    @Test("changes: recorded with an audit row, listed by service through the index, bad fields refused")
    func changes() throws {
        let w = try Self.world()
        let before = try w.f.auditCount()
        let failed = try w.db.recordChange(NewChange(kind: .deploy, service: "api", version: "v9", status: .failed, link: "https://ci.example/1"),
                                           as: w.actor("ic"))
        #expect(failed.suggestsIncident)
        #expect(try w.f.auditCount() == before + 1)
        #expect(opsError { () throws(OpsError) in try w.db.recordChange(NewChange(kind: .deploy, service: "api"), as: w.actor("ro")) }?.exitCode == 4)
        for bad in [NewChange(kind: .deploy, service: "API Gateway"), NewChange(kind: .deploy, service: "api", link: "javascript:alert(1)"),
                    NewChange(kind: .deploy, service: "api", at: w.clock.now() + 7_200)] {
            #expect(opsError { () throws(OpsError) in try w.db.recordChange(bad, as: w.actor("ic")) }?.exitCode == 2, "\(bad)")
        }
        #expect(try w.db.changes(service: "api", since: w.clock.now() - 3_600, as: w.actor("ro")).map(\.id) == [failed.id])
        let plan = try w.db.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM change_event WHERE service = 'api' AND at >= '2026' AND at <= '2027' ORDER BY at DESC")
                .map { $0["detail"] as String }
        }
        #expect(plan.joined().contains("change_event_service_at"), "\(plan)")
        let n = try w.db.declareIncident(NewIncident(title: "Deploy failed", category: .deployment, severity: .sev2, roles: [.commander: "ic"],
                                                     change: failed.id), as: w.actor("ic")).number
        guard case let .full(d) = try w.db.incident(n, as: w.actor("ro")) else { return }
        #expect(d.checklist.map(\.item) == IncidentChecklistItem.rollback)
        #expect(d.incident.services == ["api"])
    }
}
