import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// The alert queue's service rules: transitions with who/when, bulk all-or-nothing,
/// occurrences, false positives, routing and timed escalation, silences, snoozes, flapping,
/// batch ingest and sync, reads and stats. Time comes from a ManualClock.
@Suite("Alert queue")
struct AlertQueueTests {
    static let routingText = """
    # test routing
    route mta service="mta"
    route infra *
    escalate mta 1 alice 10m
    escalate mta 2 bob,carol 30m
    """

    struct World {
        let f: StoreFixture
        var db: AppDatabase { f.db }
        var clock: ManualClock { f.clock }
        var boss: ActorContext { f.boss }
        let alice: ActorContext
        let bob: ActorContext

        init(routing: Bool = true) throws {
            f = try StoreFixture()
            try f.add("alice", [.ops])
            try f.add("bob", [.ops])
            try f.add("carol", [.ops])
            try f.add("sam", [.support])
            alice = f.actor("alice")
            bob = f.actor("bob")
            if routing { try f.db.loadAlertRouting(AlertQueueTests.routingText, file: "test.conf", as: f.boss) }
        }

        @discardableResult
        func fire(_ fingerprint: String, service: String = "mta", severity: AlertSeverity = .critical, summary: String? = nil,
                  labels extra: [String: String] = [:]) throws -> AlertRecord {
            var labels = ["alertname": "Queue\(fingerprint)", "service": service, "instance": "mx1"]
            for (k, v) in extra { labels[k] = v }
            return try db.upsertAlert(AlertSignal(fingerprint: fingerprint, rule: "Queue\(fingerprint)", labels: labels, severity: severity,
                                                  status: .firing, summary: summary ?? "queue \(fingerprint) backed up", at: clock.now())).alert
        }

        func outbox() throws -> [(to: String, subject: String)] {
            try db.read { db in try Row.fetchAll(db, sql: "SELECT to_addr, subject FROM outbox WHERE kind = 'alert' ORDER BY id") }
                .map { ($0["to_addr"], $0["subject"]) }
        }

        func history(_ id: Int64) throws -> [String] { try db.alertDetail(id: id, as: boss).history.map(\.kind) }
    }

    @Test("a firing alert is routed to its team and pages level 1 once")
    func routesAndPages() throws {
        let w = try World()
        let a = try w.fire("q1")
        #expect(a.team == "mta")
        #expect(a.escalationLevel == 1)
        #expect(a.state == .open)
        #expect(try w.outbox().map(\.to) == ["alice@example.com"])
        let b = try w.fire("q2", service: "db")
        #expect(b.team == "infra")
        #expect(b.escalationLevel == 0, "infra has no escalation policy")
        // A refresh neither re-routes nor re-pages.
        try w.fire("q1")
        #expect(try w.outbox().count == 1)
        #expect(try w.history(a.id) == ["created", "paged"])
    }

    @Test("acknowledge: who, when and note recorded with an audit row; a second ack names the first")
    func acknowledge() throws {
        let w = try World()
        let a = try w.fire("q1")
        let before = try w.f.auditCount()
        let acked = try w.db.acknowledgeAlerts([a.id], note: "looking at mx1", as: w.bob)[0]
        #expect(acked.state == .acknowledged)
        #expect(acked.ackedBy == "bob")
        #expect(acked.ackedAt == w.clock.now())
        #expect(acked.ackNote == "looking at mx1")
        #expect(acked.version == a.version + 1)
        #expect(try w.f.auditCount() == before + 1)
        // alice was paged, so she hears that bob has it.
        #expect(try w.outbox().map(\.to) == ["alice@example.com", "alice@example.com"])
        #expect(try w.outbox().last?.subject.hasPrefix("[ACK]") == true)
        let again = opsError { () throws(OpsError) in try w.db.acknowledgeAlerts([a.id], as: w.alice) }
        #expect(again?.exitCode == 5)
        #expect(again?.description == "Alert \(a.id) is already acknowledged by bob at \(Timestamp.format(w.clock.now())).")
        #expect(try w.history(a.id) == ["created", "paged", "acknowledge"])
    }

    @Test("permissions live in the service: support may read but not acknowledge; readonly may not resolve")
    func permissions() throws {
        let w = try World()
        let a = try w.fire("q1")
        #expect(opsError { () throws(OpsError) in try w.db.acknowledgeAlerts([a.id], as: w.f.actor("sam")) }?.exitCode == 4)
        #expect(try w.db.alertCount(.default, as: w.f.actor("sam")) == 1)
        #expect(opsError { () throws(OpsError) in try w.db.alertCount(.default, as: w.f.actor("nobody")) }?.exitCode == 4)
    }

    @Test("a bulk action is all or nothing and names the alert that stopped it")
    func bulkAllOrNothing() throws {
        let w = try World()
        let a = try w.fire("q1")
        let b = try w.fire("q2")
        try w.db.resolveAlerts([b.id], as: w.alice)
        let error = opsError { () throws(OpsError) in try w.db.acknowledgeAlerts([a.id, b.id], as: w.alice) }
        #expect(error?.exitCode == 5)
        #expect(error?.description.lowercased().contains("alert \(b.id)") == true)
        #expect(error?.description.hasSuffix("Nothing was changed.") == true)
        #expect(try w.db.alertDetail(id: a.id, as: w.boss).alert.state == .open)
        #expect(opsError { () throws(OpsError) in try w.db.acknowledgeAlerts([a.id, 999], as: w.alice) }?.exitCode == 3)
        #expect(try w.db.alertDetail(id: a.id, as: w.boss).alert.state == .open)
        let both = try w.db.assignAlerts([a.id, b.id], to: "carol", as: w.alice)
        #expect(both.map(\.assignee) == ["carol", "carol"])
        #expect(opsError { () throws(OpsError) in try w.db.assignAlerts([a.id], to: "sam", as: w.alice) }?.exitCode == 5)
    }

    @Test("the transition table: close needs resolved, closed alerts refuse everything but notes")
    func transitions() throws {
        let w = try World()
        let a = try w.fire("q1")
        #expect(opsError { () throws(OpsError) in try w.db.closeAlerts([a.id], falsePositive: false, reason: nil, as: w.alice) }?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try w.db.closeAlerts([a.id], falsePositive: true, reason: " ", as: w.alice) }?.exitCode == 2)
        try w.db.resolveAlerts([a.id], note: "restarted postfix", as: w.alice)
        let resolved = try w.db.alertDetail(id: a.id, as: w.boss).alert
        #expect(resolved.state == .resolved && resolved.status == .resolved && resolved.resolvedBy == "alice")
        let closed = try w.db.closeAlerts([a.id], falsePositive: false, reason: "postmortem done", as: w.bob)[0]
        #expect(closed.state == .closed && closed.closedBy == "bob" && !closed.falsePositive)
        let ack = opsError { () throws(OpsError) in try w.db.acknowledgeAlerts([a.id], as: w.alice) }
        #expect(ack?.description == "Alert \(a.id) is closed by bob at \(Timestamp.format(w.clock.now())); nothing to acknowledge.")
        try w.db.annotateAlert(a.id, note: "linked to INC-7", as: w.alice)
        #expect(try w.history(a.id).suffix(3) == ["resolved", "close", "note"])
        #expect(opsError { () throws(OpsError) in try w.db.annotateAlert(a.id, note: "bad\u{1B}[2J", as: w.alice) }?.exitCode == 2)
    }

    @Test("a hand-resolved alert that still fires comes back as a new linked occurrence")
    func resolvedThenFiresAgain() throws {
        let w = try World()
        let a = try w.fire("q1")
        try w.db.resolveAlerts([a.id], as: w.alice)
        w.clock.advance(by: 60)
        let b = try w.fire("q1")
        #expect(b.id != a.id)
        #expect(b.previousID == a.id)
        #expect(b.state == .open)
        #expect(try w.db.alertDetail(id: b.id, as: w.boss).previous.map(\.id) == [a.id])
    }

    @Test("a false positive stays closed while its source keeps firing; after it clears, a new firing is new")
    func falsePositive() throws {
        let w = try World()
        let a = try w.fire("q1")
        let closed = try w.db.closeAlerts([a.id], falsePositive: true, reason: "probe misconfigured", as: w.alice)[0]
        #expect(closed.state == .closed && closed.falsePositive && closed.closeReason == "probe misconfigured")
        w.clock.advance(by: 60)
        let refreshed = try w.fire("q1")
        #expect(refreshed.id == a.id)
        #expect(refreshed.state == .closed)
        try w.db.resolveAlert(fingerprint: "q1", at: w.clock.now())
        w.clock.advance(by: 60)
        let next = try w.fire("q1")
        #expect(next.id != a.id && next.state == .open)
    }

    @Test("unacknowledged alerts escalate level by level on the tick; acknowledging stops it")
    func escalation() throws {
        let w = try World()
        let a = try w.fire("q1")
        w.clock.advance(by: 9 * 60)
        #expect(try w.db.maintainAlerts(at: w.clock.now()).escalated == 0)
        w.clock.advance(by: 61)
        let report = try w.db.maintainAlerts(at: w.clock.now())
        #expect(report.escalated == 1)
        let level2 = try w.db.alertDetail(id: a.id, as: w.boss)
        #expect(level2.alert.escalationLevel == 2)
        #expect(level2.history.map(\.kind).suffix(2) == ["escalated", "paged"])
        #expect(try w.outbox().map(\.to) == ["alice@example.com", "bob@example.com", "carol@example.com"])
        // Last level: nothing further, however long.
        w.clock.advance(by: 3600)
        #expect(try w.db.maintainAlerts(at: w.clock.now()).escalated == 0)
        #expect(opsError { () throws(OpsError) in try w.db.escalateAlerts([a.id], as: w.alice) }?.exitCode == 5)
        // Acknowledged alerts never escalate.
        let b = try w.fire("q2")
        try w.db.acknowledgeAlerts([b.id], as: w.alice)
        w.clock.advance(by: 3600)
        try w.db.maintainAlerts(at: w.clock.now())
        #expect(try w.db.alertDetail(id: b.id, as: w.boss).alert.escalationLevel == 1)
        // Manual escalation pages the next level at once.
        let c = try w.fire("q3")
        let up = try w.db.escalateAlerts([c.id], note: "need db help", as: w.alice)[0]
        #expect(up.escalationLevel == 2)
        #expect(try w.outbox().suffix(2).map(\.to) == ["bob@example.com", "carol@example.com"])
    }

    @Test("silences mute matching alerts (visible, not paged), lift on expiry, and then paging resumes")
    func silences() throws {
        let w = try World()
        let (silence, muted0) = try w.db.addSilence(matchers: try LabelMatcher.parseList(#"service="mta", instance=~"mx.*""#),
                                                     endsAt: w.clock.now() + 3600, comment: "maintenance", as: w.alice)
        #expect(muted0 == 0)
        let a = try w.fire("q1")
        #expect(a.silenceID == silence.id)
        #expect(a.displayState == "silenced")
        #expect(a.escalationLevel == 0)
        #expect(try w.outbox().isEmpty)
        #expect(try w.db.unacknowledgedCriticalCount() == 0)
        var only = AlertQuery()
        only.silenced = .only
        #expect(try w.db.alertCount(only, as: w.boss) == 1)
        let other = try w.fire("q2", service: "db")
        #expect(other.silenceID == nil)
        let (_, unmuted) = try w.db.expireSilence(id: silence.id, as: w.bob)
        #expect(unmuted == 1)
        #expect(opsError { () throws(OpsError) in try w.db.expireSilence(id: silence.id, as: w.bob) }?.exitCode == 5)
        let report = try w.db.maintainAlerts(at: w.clock.now())
        #expect(report.paged == 1)
        #expect(try w.outbox().map(\.to) == ["alice@example.com"])
        // Bad input.
        #expect(opsError { () throws(OpsError) in try LabelMatcher.parseList(#"service=~"(""#) }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in
            try w.db.addSilence(matchers: [try LabelMatcher(name: "service", op: .notEqual, value: "x")], endsAt: w.clock.now() + 60, comment: "x", as: w.alice)
        }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in
            try w.db.addSilence(matchers: [try LabelMatcher(name: "service", op: .equal, value: "x")], endsAt: w.clock.now() + 60, comment: "", as: w.alice)
        }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in
            try w.db.addSilence(matchers: [try LabelMatcher(name: "service", op: .equal, value: "x")], endsAt: w.clock.now() + 60, comment: "c", as: w.f.actor("sam"))
        }?.exitCode == 4)
    }

    @Test("a silence that starts later mutes on the tick when it starts and unmutes when it ends")
    func scheduledSilence() throws {
        let w = try World()
        let a = try w.fire("q1")
        _ = try w.db.addSilence(matchers: [try LabelMatcher(name: "service", op: .equal, value: "mta")], startsAt: w.clock.now() + 600,
                            endsAt: w.clock.now() + 1200, comment: "window", as: w.alice)
        #expect(try w.db.alertDetail(id: a.id, as: w.boss).alert.silenceID == nil)
        w.clock.advance(by: 601)
        #expect(try w.db.maintainAlerts(at: w.clock.now()).muted == 1)
        w.clock.advance(by: 600)
        #expect(try w.db.maintainAlerts(at: w.clock.now()).unmuted == 1)
        #expect(try w.db.alertDetail(id: a.id, as: w.boss).alert.silenceID == nil)
    }

    @Test("a snooze holds the alert until its time, then it returns to where it was")
    func snooze() throws {
        let w = try World()
        let a = try w.fire("q1")
        #expect(opsError { () throws(OpsError) in try w.db.snoozeAlerts([a.id], until: w.clock.now() - 1, as: w.alice) }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in try w.db.snoozeAlerts([a.id], until: w.clock.now() + 8 * 86_400, as: w.alice) }?.exitCode == 2)
        let s = try w.db.snoozeAlerts([a.id], until: w.clock.now() + 300, as: w.alice)[0]
        #expect(s.state == .snoozed && s.snoozedUntil == w.clock.now() + 300)
        w.clock.advance(by: 20 * 60)
        #expect(try w.db.maintainAlerts(at: w.clock.now()).woken == 1)
        let woke = try w.db.alertDetail(id: a.id, as: w.boss).alert
        #expect(woke.state == .open)
        #expect(woke.escalationLevel == 1, "the escalation timer restarts when it wakes")
    }

    @Test("an alert that fires and clears often is marked flapping and its pages are held")
    func flapping() throws {
        let w = try World()
        try w.db.setSetting(.alertFlapping, to: "4/1h", as: w.boss)
        for _ in 0..<2 {
            try w.fire("q1")
            w.clock.advance(by: 60)
            try w.db.resolveAlert(fingerprint: "q1", at: w.clock.now())
            w.clock.advance(by: 60)
        }
        let flapping = try w.fire("q1")
        #expect(flapping.flapping)
        #expect(try w.outbox().count == 2, "the third firing is not paged")
        #expect(try w.history(flapping.id).contains("page_held"))
        w.clock.advance(by: 7200)
        let calm = try w.db.maintainAlerts(at: w.clock.now())
        #expect(calm.flappingCleared == 1, "\(calm)")
        #expect(opsError { () throws(OpsError) in try w.db.setSetting(.alertFlapping, to: "1/1h", as: w.boss) }?.exitCode == 2)
    }

    @Test("ingest applies a batch in one transaction; sync resolves what the source no longer lists")
    func ingestAndSync() throws {
        let w = try World()
        func signal(_ fp: String, firing: Bool = true) -> AlertSignal {
            AlertSignal(fingerprint: "am:\(fp)", rule: "HostDiskFull", source: "alertmanager", labels: ["alertname": "HostDiskFull", "service": "db", "instance": fp],
                        severity: .warning, firing: firing, summary: "disk full on \(fp)", startsAt: w.clock.now() - 120)
        }
        let first = try w.db.ingestAlerts([signal("db1"), signal("db2")], actor: w.alice, at: w.clock.now())
        #expect(first == AlertIngestReport(created: 2))
        #expect(try w.db.ingestAlerts([signal("db1"), signal("db2", firing: false)], actor: w.alice, at: w.clock.now())
                == AlertIngestReport(resolved: 1, unchanged: 1))
        let row = try #require(try w.db.openAlert(fingerprint: "am:db1"))
        #expect(row.startsAt == w.clock.now() - 120)
        #expect(row.team == "infra")
        #expect(opsError { () throws(OpsError) in try w.db.ingestAlerts([signal("db3")], actor: w.f.actor("sam"), at: w.clock.now()) }?.exitCode == 4)
        #expect(try w.db.openAlert(fingerprint: "am:db3") == nil)
        let synced = try w.db.syncAlerts([signal("db9")], source: "alertmanager:127.0.0.1:9093", actor: w.alice, at: w.clock.now())
        #expect(synced == AlertIngestReport(created: 0, updated: 1, resolved: 0, unchanged: 0) || synced.created == 1)
        let gone = try w.db.syncAlerts([], source: "alertmanager:127.0.0.1:9093", actor: w.alice, at: w.clock.now())
        #expect(gone.resolved == 1)
        #expect(try w.db.openAlert(fingerprint: "am:db9") == nil)
    }

    @Test("a payload pages once per person per team, lists its alerts, keeps each alert's history and writes one audit row")
    func batchPages() throws {
        let w = try World()
        func signal(_ fp: String, service: String, firing: Bool = true, severity: AlertSeverity = .critical) -> AlertSignal {
            AlertSignal(fingerprint: "am:\(fp)", rule: "QueueStuck", source: "alertmanager", labels: ["alertname": "QueueStuck", "service": service, "instance": fp],
                        severity: severity, firing: firing, summary: "queue stuck on \(fp)", startsAt: w.clock.now() - 60)
        }
        let auditBefore = try w.db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") ?? 0 }
        let report = try w.db.ingestAlerts([signal("mx1", service: "mta"), signal("mx2", service: "mta", severity: .warning),
                                            signal("mx3", service: "mta"), signal("db1", service: "db")], actor: w.alice, at: w.clock.now())
        #expect(report == AlertIngestReport(created: 4))
        // mta level 1 is alice: one email for the three mta alerts; infra has no policy.
        let mails = try w.outbox()
        #expect(mails.map(\.to) == ["alice@example.com"])
        #expect(mails.first?.subject == "[CRITICAL] 3 alerts for team mta")
        let body = try w.db.read { db in try String.fetchOne(db, sql: "SELECT body FROM outbox WHERE kind = 'alert'") } ?? ""
        let mx2 = try #require(try w.db.openAlert(fingerprint: "am:mx2"))
        #expect(body.contains("Alert \(mx2.id) [warning] queue stuck on mx2"))
        #expect(mx2.escalationLevel == 1)
        #expect(try w.history(mx2.id) == ["created", "paged"])
        let audit = try w.db.read { db in try Row.fetchAll(db, sql: "SELECT action, after FROM audit ORDER BY id") }.dropFirst(auditBefore)
        #expect(audit.map { $0["action"] as String } == ["alerts.batch"])
        #expect((audit.first?["after"] as String?)?.contains("\"created\":4") == true)
        // A payload with one alert pages with that alert's own subject, as before.
        _ = try w.db.ingestAlerts([signal("mx1", service: "mta", firing: false), signal("mx4", service: "mta")], actor: w.alice, at: w.clock.now())
        #expect(try w.outbox().last?.subject == "[CRITICAL] queue stuck on mx4")
        let mx1 = try w.db.alertDetail(id: try #require(try w.db.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM alert WHERE fingerprint = 'am:mx1'") }),
                                       as: w.boss)
        #expect(mx1.alert.state == .resolved && mx1.alert.status == .resolved)
        #expect(mx1.history.map(\.kind) == ["created", "paged", "resolved_by_source"])
        // The same fingerprint twice in one payload: fires, resolves, fires again (a new, linked occurrence).
        _ = try w.db.ingestAlerts([signal("db1", service: "db", firing: false), signal("db1", service: "db")], actor: w.alice, at: w.clock.now())
        let db1 = try #require(try w.db.openAlert(fingerprint: "am:db1"))
        #expect(db1.previousID != nil && db1.previousID != db1.id)
    }

    @Test("a large payload writes every history row and flip, in order; flips written by one payload count in the next")
    func largeBatchHistory() throws {
        let w = try World()
        try w.db.setSetting(.alertFlapping, to: "4/1h", as: w.boss)
        func signal(_ n: Int, firing: Bool = true) -> AlertSignal {
            AlertSignal(fingerprint: "am:big\(n)", rule: "Big", source: "alertmanager", labels: ["alertname": "Big", "service": "mta", "instance": "h\(n)"],
                        severity: .warning, firing: firing, summary: "big \(n)", startsAt: w.clock.now() - 60)
        }
        // 203 new alerts: 406 history rows (created, paged) and 203 flips, in chunks of 64, 32, … 1.
        #expect(try w.db.ingestAlerts((0..<203).map { signal($0) }, actor: w.alice, at: w.clock.now()) == AlertIngestReport(created: 203))
        // 77 of them resolve.
        #expect(try w.db.ingestAlerts((0..<77).map { signal($0, firing: false) }, actor: w.alice, at: w.clock.now()).resolved == 77)
        let rows = try w.db.read { db in
            try Row.fetchAll(db, sql: "SELECT e.id, e.alert_id, e.kind, a.fingerprint FROM alert_event e JOIN alert a ON a.id = e.alert_id ORDER BY e.id")
        }
        #expect(rows.count == 203 * 2 + 77)
        // Each alert's rows in order, alerts in payload order: created and paged of big0, of big1, …, then the resolutions.
        let expected = (0..<203).flatMap { ["am:big\($0) created", "am:big\($0) paged"] } + (0..<77).map { "am:big\($0) resolved_by_source" }
        #expect(rows.map { "\($0["fingerprint"] as String) \($0["kind"] as String)" } == expected)
        #expect(try w.db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM alert_flip WHERE fingerprint LIKE 'am:big%'") } == 203 + 77)
        // Two more changes for big0 (fire, resolve) and a fifth (fire) in three payloads: the flips
        // of earlier payloads are read back, so the fifth change is flapping.
        _ = try w.db.ingestAlerts([signal(0)], actor: w.alice, at: w.clock.now())
        _ = try w.db.ingestAlerts([signal(0, firing: false)], actor: w.alice, at: w.clock.now())
        _ = try w.db.ingestAlerts([signal(0)], actor: w.alice, at: w.clock.now())
        let big0 = try #require(try w.db.openAlert(fingerprint: "am:big0"))
        #expect(big0.flapping)
        #expect(try w.history(big0.id) == ["created", "flapping", "page_held"])
    }

    @Test("the queue's default order, filters, search, sort, groups and windows")
    func queries() throws {
        let w = try World(routing: false)
        let warnOld = try w.fire("w1", severity: .warning, summary: "warning old")
        w.clock.advance(by: 10)
        let critNew = try w.fire("c2", summary: "critical new")
        w.clock.advance(by: 10)
        let critAcked = try w.fire("c3", service: "db", summary: "critical acked")
        try w.db.acknowledgeAlerts([critAcked.id], as: w.alice)
        w.clock.advance(by: 10)
        let info = try w.fire("i4", severity: .info, summary: "info newest")
        try w.db.assignAlerts([info.id], to: "alice", as: w.alice)
        #expect(try w.db.alertWindow(.default, offset: 0, limit: 10, as: w.boss).map(\.id) == [critNew.id, warnOld.id, info.id, critAcked.id])
        var q = AlertQuery()
        q.severities = [.critical]
        #expect(try w.db.alertCount(q, as: w.boss) == 2)
        q = AlertQuery()
        q.assignee = "alice"
        #expect(try w.db.alertWindow(q, offset: 0, limit: 10, as: w.boss).map(\.id) == [info.id])
        q = AlertQuery()
        q.text = "ACKED"
        #expect(try w.db.alertWindow(q, offset: 0, limit: 10, as: w.boss).map(\.id) == [critAcked.id])
        q = AlertQuery()
        q.text = "100%_"
        #expect(try w.db.alertCount(q, as: w.boss) == 0)
        q = AlertQuery()
        q.sort = .age
        #expect(try w.db.alertWindow(q, offset: 0, limit: 2, as: w.boss).map(\.id) == [info.id, critAcked.id])
        q.sort = .summary
        #expect(try w.db.alertWindow(q, offset: 1, limit: 1, as: w.boss).map(\.id) == [critNew.id])
        let page = try w.db.alertPage(.default, offset: 50, limit: 2, as: w.boss)
        #expect(page.total == 4 && page.rows.count == 1)
        let groups = try w.db.alertGroups(.default, as: w.boss)
        #expect(groups.count == 4)
        #expect(groups.first?.worst == .critical)
        let detail = try w.db.alertDetail(id: critNew.id, as: w.boss)
        #expect(Set(detail.related.map(\.id)) == [warnOld.id, critAcked.id, info.id], "same service or host within 5 minutes")
        #expect(opsError { () throws(OpsError) in try w.db.alertDetail(id: 12345, as: w.boss) }?.exitCode == 3)
    }

    @Test("stats: time to acknowledge and to resolve, median and p90, by severity and team")
    func stats() throws {
        let w = try World()
        var ids: [Int64] = []
        for i in 0..<10 { ids.append(try w.fire("s\(i)").id) }
        for (i, id) in ids.enumerated() {
            w.clock.advance(by: 60)
            try w.db.acknowledgeAlerts([id], as: w.alice)
            if i < 5 { try w.db.resolveAlerts([id], as: w.alice) }
        }
        let rows = try w.db.alertStats(since: w.clock.now() - 86_400, as: w.boss)
        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row.severity == "critical" && row.team == "mta" && row.alerts == 10 && row.acknowledged == 10 && row.resolved == 5)
        #expect(row.ackMedian == 300)
        #expect(row.ackP90 == 540)
        #expect(row.resolveMedian == 180)
        #expect(row.resolveP90 == 300)
    }

    @Test("deactivating someone lists their open alerts and moves them to the heir")
    func openWork() throws {
        let w = try World()
        let a = try w.fire("q1")
        try w.db.assignAlerts([a.id], to: "bob", as: w.alice)
        let refused = opsError { () throws(OpsError) in try w.db.deactivate(login: "bob", reason: "left", as: w.boss) }
        #expect(refused?.exitCode == 5)
        #expect(refused?.description.contains("alert \(a.id)") == true)
        _ = try w.db.deactivate(login: "bob", reason: "left", reassignTo: "carol", as: w.boss)
        #expect(try w.db.alertDetail(id: a.id, as: w.boss).alert.assignee == "carol")
    }

    @Test("labels and annotations with quotes, escapes, controls and wide text read back exactly")
    func hostileLabelsRoundTrip() throws {
        let w = try World(routing: false)
        let labels = ["alertname": "Q\"uote\\back", "service": "mta", "esc": "\u{1B}[2J\u{7}", "cjk": "配信キュー 👍🏽", "nl": "a\nb", "empty": "x"]
        let annotations = ["summary": "tab\there", "description": String(repeating: "é", count: 500)]
        let stored = try w.db.upsertAlert(AlertSignal(fingerprint: "h1", rule: "R", labels: labels, annotations: annotations, severity: .warning,
                                                      status: .firing, summary: "s", at: w.clock.now())).alert
        let again = try w.db.alertDetail(id: stored.id, as: w.boss).alert
        #expect(again.labels == labels)
        #expect(again.annotations == annotations)
    }

    @Test("routing files: errors name file:line; unknown logins are refused")
    func routingLoad() throws {
        let w = try World(routing: false)
        let bad = opsError { () throws(OpsError) in
            try w.db.loadAlertRouting("route mta service=\"mta\"\nescalate mta 1 zed 10m\n", file: "r.conf", as: w.boss)
        }
        #expect(bad?.description == "Invalid r.conf:2: 'zed' (team mta level 1) is not a staff account.")
        #expect(opsError { () throws(OpsError) in try w.db.loadAlertRouting(AlertQueueTests.routingText, file: "r", as: w.f.actor("sam")) }?.exitCode == 4)
        let loaded = try w.db.loadAlertRouting(AlertQueueTests.routingText, file: "r", as: w.boss)
        #expect(try w.db.alertRouting() == (try AlertRouting.parse(loaded.text)))
    }
}
