import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Issue #11 §10: work is never handed to someone who cannot do it, the hand-over shows
/// in each item's history, and no page is skipped silently.
@Suite("Work hand-over and paging deactivated accounts")
struct WorkHandoverTests {
    typealias World = AlertQueueTests.World

    @Test("a reassignee lacking what the work needs is refused by name; nothing moves", arguments: [
        ([Role.support], "alerts.ack and alerts.manage"), ([.readonly], "alerts.ack and alerts.manage"), ([.auditor], "alerts.ack and alerts.manage"),
    ] as [([Role], String)])
    func reassigneeNeedsPermissions(roles: [Role], missing: String) throws {
        let w = try World()
        try w.f.add("heir", roles)
        let a = try w.fire("q1")
        try w.db.assignAlerts([a.id], to: "bob", as: w.alice)
        let before = try w.f.auditCount()
        let error = opsError { () throws(OpsError) in try w.db.deactivate(login: "bob", reason: "left", reassignTo: "heir", as: w.boss) }
        #expect(error == .conflict("Cannot reassign alerts to 'heir': they lack \(missing), which the work needs; choose someone who can finish it. Nothing was changed."))
        #expect(try w.f.account("bob").isActive)
        #expect(try w.db.alertDetail(id: a.id, as: w.boss).alert.assignee == "bob")
        #expect(try w.f.auditCount() == before)
    }

    @Test("the hand-over is written in each alert's own history, in the deactivation's transaction")
    func historyRows() throws {
        let w = try World()
        let a = try w.fire("q1"), b = try w.fire("q2")
        try w.db.assignAlerts([a.id, b.id], to: "bob", as: w.alice)
        let result = try w.db.deactivate(login: "bob", reason: "left the company", reassignTo: "carol", as: w.boss)
        #expect(result.reassigned == 2)
        for id in [a.id, b.id] {
            let detail = try w.db.alertDetail(id: id, as: w.boss)
            #expect(detail.alert.assignee == "carol")
            let last = try #require(detail.history.last)
            #expect(last.kind == "assign")
            #expect(last.actor == StoreFixture.bossLogin)
            #expect(last.note == "'bob' was deactivated: left the company")
        }
    }

    @Test("deactivation returns the escalation levels that still page the account")
    func routingLevelsReturned() throws {
        let w = try World()
        #expect(try w.db.routingLevels(paging: "bob").map { "\($0.team)/\($0.level)" } == ["mta/2"])
        let result = try w.db.deactivate(login: "bob", reason: "left", as: w.boss)
        #expect(result.routingLevels.map { "\($0.team)/\($0.level)" } == ["mta/2"])
        #expect(try w.db.deactivate(login: "sam", reason: "left", as: w.boss).routingLevels.isEmpty)
        // db check flags the stale routing too.
        #expect(try w.db.check().problems == ["routing: 'bob' (team mta level 2) is deactivated."])
    }

    @Test("a page to a deactivated account is recorded, and a level nobody can take escalates at once")
    func pagesNeverSkippedSilently() throws {
        let w = try World()
        _ = try w.db.deactivate(login: "alice", reason: "left", as: w.boss)
        let a = try w.fire("q1")
        #expect(a.escalationLevel == 2)
        let history = try w.db.alertDetail(id: a.id, as: w.boss).history
        #expect(history.map(\.kind) == ["created", "page_skipped", "escalated", "paged"])
        #expect(history[1].note == "level 1: 'alice' is deactivated")
        #expect(history[2].note == "nobody at level 1 can be paged; on to level 2")
        #expect(try w.outbox().map(\.to) == ["bob@example.com", "carol@example.com"])
        // One of two at a level gone: the other is paged when the tick escalates, and the miss is written down.
        let v = try World()
        _ = try v.db.deactivate(login: "carol", reason: "left", as: v.boss)
        let b = try v.fire("q2")
        v.clock.advance(by: 11 * 60)
        #expect(try v.db.maintainAlerts(at: v.clock.now()).escalated == 1)
        let later = try v.db.alertDetail(id: b.id, as: v.boss).history
        #expect(later.map(\.kind) == ["created", "paged", "escalated", "page_skipped", "paged"])
        #expect(later[3].note == "level 2: 'carol' is deactivated")
        #expect(try v.outbox().map(\.to) == ["alice@example.com", "bob@example.com"])
    }

    @Test("a webhook batch whose level 1 is gone pages level 2 and says why")
    func batchPath() throws {
        let w = try World()
        _ = try w.db.deactivate(login: "alice", reason: "left", as: w.boss)
        let signal = AlertSignal(fingerprint: "am:mx1", rule: "QueueStuck", source: "alertmanager",
                                 labels: ["alertname": "QueueStuck", "service": "mta", "instance": "mx1"],
                                 severity: .critical, firing: true, summary: "queue stuck on mx1", startsAt: w.clock.now() - 60)
        _ = try w.db.ingestAlerts([signal], actor: w.bob, at: w.clock.now())
        let alert = try #require(try w.db.openAlert(fingerprint: "am:mx1"))
        #expect(alert.escalationLevel == 2)
        #expect(try w.history(alert.id) == ["created", "page_skipped", "escalated", "paged"])
        #expect(try w.outbox().map(\.to) == ["bob@example.com", "carol@example.com"])
    }

    @Test("a role change cannot strip what someone's open work needs; a paged login that lost alerts.ack is skipped and said so")
    func roleChangeKeepsWorkable() throws {
        let w = try World()
        let a = try w.fire("q1")
        try w.db.assignAlerts([a.id], to: "bob", as: w.alice)
        let error = opsError { () throws(OpsError) in try w.db.setRoles(login: "bob", roles: ["support"], as: w.boss) }
        #expect(error == .conflict("'bob' still holds 1 open alerts, which need alerts.ack and alerts.manage; reassign them before removing those roles."))
        #expect(try w.f.account("bob").roles == [.ops])
        _ = try w.db.setRoles(login: "bob", roles: ["ops", "support"], as: w.boss)
        // alice (level 1) moves to support: her pages go on to level 2, with the reason in the history.
        _ = try w.db.setRoles(login: "alice", roles: ["support"], as: w.boss)
        let b = try w.fire("q2")
        let history = try w.db.alertDetail(id: b.id, as: w.boss).history
        #expect(history.map(\.kind) == ["created", "page_skipped", "escalated", "paged"])
        #expect(history[1].note == "level 1: 'alice' cannot acknowledge alerts")
        let assign = opsError { () throws(OpsError) in try w.db.assignAlerts([b.id], to: "sam", as: w.bob) }
        #expect(assign == .conflict("'sam' cannot acknowledge alerts (lacks alerts.ack); assign to someone on call."))
    }

    @Test("routing refuses logins that cannot take a page: unknown, deactivated, lacking alerts.ack")
    func routingChecks() throws {
        let w = try World(routing: false)
        _ = try w.db.deactivate(login: "carol", reason: "left", as: w.boss)
        let text = "route mta *\nescalate mta 1 sam 10m\nescalate mta 2 carol,zed,bob 30m\n"
        let (_, problems) = try w.db.checkAlertRouting(text, file: "r.conf")
        #expect(problems.map { "\($0.field): \($0.message)" } == [
            "r.conf:2: 'sam' (team mta level 1) cannot acknowledge alerts (lacks alerts.ack).",
            "r.conf:3: 'carol' (team mta level 2) is deactivated.",
            "r.conf:3: 'zed' (team mta level 2) is not a staff account.",
        ])
        let load = opsError { () throws(OpsError) in try w.db.loadAlertRouting(text, file: "r.conf", as: w.boss) }
        #expect(load?.fieldErrors.count == 3)
        #expect(try w.db.alertRouting().levels.isEmpty)
    }
}
