import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// On-call in the store: loading schedules (accounts checked, all or nothing), overrides
/// and who may make them, pages that follow the schedule, a level with nobody on call,
/// handoff reports, the load report and deactivation.
@Suite("On-call store")
struct OnCallStoreTests {
    static func at(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

    static let schedules = """
        schedule primary team mta tz UTC
        layer base priority 1 every daily start 2026-11-01 handoff 00:00 people alice,carol
        schedule days team mta tz America/New_York
        layer day priority 1 every daily start 2026-11-01 handoff 09:00 people dave restrict business-hours
        """

    struct World {
        let f: StoreFixture
        var db: AppDatabase { f.db }

        init(routing: String = "route mta *\nescalate mta 1 schedule:primary 10m\nescalate mta 2 bob 30m\n") throws {
            f = try StoreFixture()
            f.clock.set(OnCallStoreTests.at("2026-12-01T12:00:00Z"))
            try f.add("alice", [.ops], team: "mta")
            try f.add("bob", [.ops], team: "mta")
            try f.add("carol", [.ops], team: "mta")
            try f.add("dave", [.ops], team: "infra")
            try f.add("lead", [.ops], team: "mta")
            try f.add("sam", [.support], team: "mta")
            try f.db.loadOnCallSchedules(OnCallStoreTests.schedules, file: "s.conf", as: f.boss)
            try f.db.loadAlertRouting(routing, file: "r.conf", as: f.boss)
        }

        @discardableResult
        func fire(_ fingerprint: String) throws -> AlertRecord {
            try db.upsertAlert(AlertSignal(fingerprint: fingerprint, rule: "Q", labels: ["alertname": "Q\(fingerprint)", "service": "mta"],
                                           severity: .critical, status: .firing, summary: "queue \(fingerprint)", at: f.clock.now())).alert
        }

        func mail(_ kind: String = "alert") throws -> [String] {
            try db.read { db in try String.fetchAll(db, sql: "SELECT to_addr FROM outbox WHERE kind = ? ORDER BY id", arguments: [kind]) }
        }
    }

    @Test("load refuses unknown logins and logins that cannot take pages, at file:line, and changes nothing")
    func loadChecksAccounts() throws {
        let w = try World()
        let audit = try w.f.auditCount()
        let text = "schedule x team mta tz UTC\nlayer a priority 1 every daily start 2026-11-01 handoff 00:00 people alice,ghost\nlayer b priority 2 every daily start 2026-11-01 handoff 00:00 people sam restrict weekends\n"
        let error = try #require(opsError { () throws(OpsError) in try w.db.loadOnCallSchedules(text, file: "x.conf", as: w.f.boss) })
        #expect(error.fieldErrors.map(\.field) == ["x.conf:2", "x.conf:3"])
        #expect(error.fieldErrors[1].message.contains("alerts.ack"))
        #expect(try w.db.onCallSchedules(as: w.f.boss).map(\.schedule.name) == ["days", "primary"])
        #expect(try w.f.auditCount() == audit)
        #expect(opsError { () throws(OpsError) in try w.db.loadOnCallSchedules(Self.schedules, file: "s", as: w.f.actor("sam")) }?.exitCode == 4)
        let routing = opsError { () throws(OpsError) in try w.db.loadAlertRouting("route mta *\nescalate mta 1 schedule:nope 10m\n", file: "r", as: w.f.boss) }
        #expect(routing?.fieldErrors.first?.message.contains("schedule nope") == true)
    }

    @Test("a page goes to whoever is on call; an override changes who gets the next one; pages are recorded")
    func pagesFollowTheSchedule() throws {
        let w = try World()
        #expect(try w.db.onCallNow(team: "mta", as: w.f.boss).first { $0.schedule == "primary" }?.login == "alice")
        try w.fire("q1")
        #expect(try w.mail() == ["alice@example.com"])
        try w.db.addOnCallOverride(schedule: "primary", covering: "carol", covered: "alice", start: w.f.clock.now(),
                                   end: w.f.clock.now().addingTimeInterval(3600), as: w.f.actor("carol"))
        try w.fire("q2")
        #expect(try w.mail() == ["alice@example.com", "carol@example.com"])
        let load = try w.db.onCallLoad(since: Self.at("2026-11-01T00:00:00Z"), as: w.f.boss)
        #expect(load.map(\.login) == ["alice", "carol"] && load.map(\.pages) == [1, 1] && load.map(\.night) == [0, 0])
    }

    @Test("a level where nobody is on call escalates to the next at once and says why")
    func nobodyOnCallEscalates() throws {
        let w = try World(routing: "route mta *\nescalate mta 1 schedule:days 10m\nescalate mta 2 bob 30m\n")
        w.f.clock.set(Self.at("2026-12-02T03:00:00Z"))  // 22:00 in New York: outside business hours
        let alert = try w.fire("q1")
        #expect(alert.escalationLevel == 2)
        #expect(try w.mail() == ["bob@example.com"])
        let history = try w.db.alertDetail(id: alert.id, as: w.f.boss).history
        #expect(history.map(\.kind) == ["created", "page_skipped", "escalated", "paged"])
        #expect(history[1].note?.contains("nobody is on call in schedule days") == true)
        #expect(try w.db.onCallLoad(since: Self.at("2026-11-01T00:00:00Z"), as: w.f.boss).map(\.night) == [1], "03:00Z counts as night in UTC")
    }

    @Test("overrides: made by the covering person, the covered person or a team admin; flagged outside the covered person's shifts")
    func overridePermissions() throws {
        let w = try World()
        let now = w.f.clock.now(), hour = now.addingTimeInterval(3600)
        func add(_ actor: String, covering: String = "carol", covered: String = "alice") -> OpsError? {
            opsError { () throws(OpsError) in
                try w.db.addOnCallOverride(schedule: "primary", covering: covering, covered: covered, start: now, end: hour, as: w.f.actor(actor))
            }
        }
        #expect(add("alice") == nil)
        #expect(add("lead") == nil, "an mta admin (rules.manage on the team)")
        #expect(add("dave")?.exitCode == 4, "an admin of another team")
        #expect(add("sam", covering: "sam")?.exitCode == 4, "cannot take pages")
        #expect(add("bob", covering: "sam", covered: "alice") != nil)
        let flagged = try w.db.addOnCallOverride(schedule: "primary", covering: "bob", covered: "carol", start: now, end: hour, as: w.f.actor("bob"))
        #expect(flagged.flagged, "carol is not on call then")
        #expect(try w.db.onCallOverrides(schedule: "primary", as: w.f.boss).count == 3)
        #expect(opsError { () throws(OpsError) in try w.db.removeOnCallOverride(id: flagged.override.id, as: w.f.actor("dave")) }?.exitCode == 4)
        try w.db.removeOnCallOverride(id: flagged.override.id, as: w.f.actor("carol"))
        #expect(try w.db.onCallOverrides(schedule: "primary", as: w.f.boss).count == 2)
    }

    @Test("a handoff report at each shift change: stored once, mailed to the incoming person")
    func handoff() throws {
        let w = try World()
        try w.fire("q1")
        w.f.clock.set(Self.at("2026-12-02T00:00:30Z"))
        let made = try w.db.sweepOnCallHandoffs(at: w.f.clock.now())
        #expect(made == 3, "days: nobody → dave at 14:00Z and dave → nobody at 22:00Z; primary: alice → carol at midnight")
        #expect(try w.db.sweepOnCallHandoffs(at: w.f.clock.now()) == 0)
        #expect(try w.mail("oncall-handoff") == ["dave@example.com", "carol@example.com"])
        let report = try #require(try w.db.onCallHandoffs(schedule: "primary", as: w.f.boss).first)
        #expect(report.outgoing == "alice" && report.incoming == "carol")
        #expect(report.body.contains("Alerts fired during the shift: 1"))
        #expect(report.body.contains("queue q1"))
    }

    @Test("deactivating someone in a schedule lists their future shifts")
    func deactivationListsShifts() throws {
        let w = try World()
        let result = try w.db.deactivate(login: "carol", reason: "left", reassignTo: nil, expectedVersion: nil, as: w.f.boss)
        #expect(result.futureShifts.count == 45, "every other day over 90 days")
        #expect(result.futureShifts.first?.start == Self.at("2026-12-02T00:00:00Z"))
    }

    @Test("iCalendar import: all or nothing")
    func importICS() throws {
        let w = try World()
        let good = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:carol covers alice\nDTSTART:20261203T000000Z\nDTEND:20261203T060000Z\nEND:VEVENT\nEND:VCALENDAR\n"
        let bad = good + "BEGIN:VEVENT\nSUMMARY:sam covers alice\nDTSTART:20261205T000000Z\nDTEND:20261205T060000Z\nEND:VEVENT\n"
        #expect(opsError { () throws(OpsError) in try w.db.importOnCallOverrides(bad, file: "c.ics", schedule: "primary", as: w.f.boss) } != nil)
        #expect(try w.db.onCallOverrides(as: w.f.boss).isEmpty)
        #expect(try w.db.importOnCallOverrides(good, file: "c.ics", schedule: "primary", as: w.f.boss).count == 1)
    }
}
