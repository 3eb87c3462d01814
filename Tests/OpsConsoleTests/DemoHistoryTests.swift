import Foundation
import OpsCollector
import OpsConsole
import OpsCore
import OpsFixtures
import OpsStore
import Testing
import _OpsTestSupport

/// `pmops demo`'s first open: a week of metrics behind the charts and uptime, past alerts
/// acknowledged, resolved and closed as false positives, silences, and the routing, all
/// seeded quickly on a real file store (as the demo does).
@Suite("Demo history: a lived-in store on first open")
struct DemoHistoryTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    final class Seeded: @unchecked Sendable {
        let dir: TemporaryDirectory
        let db: AppDatabase
        let report: DemoHistoryReport
        let me = ActorContext(osLogin: "op")

        init() throws {
            dir = try TemporaryDirectory("pmops-demo-history")
            db = try AppDatabase(path: dir.file("demo.sqlite"), clock: ManualClock(DemoHistoryTests.now))
            _ = try db.seedDemo(seed: 42, as: me)
            let workload = DemoWorkload(start: DemoHistoryTests.now)
            report = try db.seedDemoHistory(now: DemoHistoryTests.now, samples: { time in
                workload.samples(at: time).map { SampleInput(series: MetricSeriesKey(name: $0.name, labels: $0.labels), time: time, value: $0.value) }
            }, as: me)
        }
    }

    static let seeded = Result { try Seeded() }

    @Test("charts over every window have points across it, not one cell", arguments: DashboardWindow.allCases)
    func chartsFilled(_ window: DashboardWindow) throws {
        let s = try Self.seeded.get()
        let snapshot = try DashboardLoader(store: s.db).load(window: window, now: Self.now)
        for kpi in snapshot.kpis {
            let filled = kpi.history.filter { !$0.isNaN }.count
            #expect(filled >= kpi.history.count / 2, "\(kpi.title) over \(window): \(filled) of \(kpi.history.count) slots")
        }
    }

    @Test("uptime over the day and the week, with the seeded outages")
    func uptime() throws {
        let s = try Self.seeded.get()
        let uptime = try DashboardLoader(store: s.db).load(window: .h1, now: Self.now).uptime
        let mx = try #require(uptime.first { $0.target == "mx.penguinmails.example.com:25" })
        #expect(mx.day == 1)
        let week = try #require(mx.week)
        #expect(week < 1 && week > 0.99, "half an hour down in a week: \(week)")
        #expect(uptime.count == DemoWorkload.probeTargets.count)
    }

    @Test("every service check of the demo has data: its probes carry the kind a real probe does (no 'API unknown, no probe configured')")
    func everyCheckHasData() throws {
        let s = try Self.seeded.get()
        let services = try DashboardLoader(store: s.db).load(window: .h1, now: Self.now).services
        for name in ["SMTP", "API", "DNS", "Blacklists", "MTA queue"] {
            let check = try #require(services.first { $0.name == name }, "\(services.map(\.name))")
            #expect(check.health != .unknown, "\(name): \(check.detail)")
        }
        #expect(services.first { $0.name == "API" }?.detail == "2 up")
    }

    @Test("alert stats and history: acknowledged, resolved, a false positive, one open; silences; pages delivered")
    func alerts() throws {
        let s = try Self.seeded.get()
        let stats = try s.db.alertStats(since: Self.now.addingTimeInterval(-8 * 86_400), as: s.me)
        // Six seeded alerts and the gate alert of the demo's degraded mta release (rolled back automatically).
        #expect(stats.reduce(0) { $0 + $1.alerts } == 7, "\(stats)")
        #expect(try s.db.alerts(limit: 100).filter { $0.rule == "DeployGateFailed" }.map(\.status) == [.resolved, .resolved])
        #expect(stats.reduce(0) { $0 + $1.acknowledged } == 4, "\(stats)")
        let all = try s.db.alerts(limit: 100)
        #expect(all.filter(\.falsePositive).count == 1)
        let open = try s.db.openAlerts()
        #expect(open.map(\.rule) == ["CertificateExpiry"])
        #expect(open.first?.state == .acknowledged)
        let silences = try s.db.silences(includeExpired: true, as: s.me)
        #expect(silences.map { $0.status(at: Self.now) }.sorted() == ["active", "expired"])
        let first = try #require(all.first { $0.rule == "queue_depth_critical" })
        let history = try s.db.alertDetail(id: first.id, as: s.me).history.map(\.kind)
        #expect(history.contains("paged") && history.contains("delivered") && history.contains("acknowledge"), "\(history)")
        #expect(try !s.db.alertRouting().levels.isEmpty)
    }

    // How long seeding takes is the console's first frame (`pmops bench footprint`), not a
    // test: on CI's two loaded cores a debug build's seconds say nothing about the code.
    @Test("seeding fills the store once; a second call adds nothing")
    func quickAndOnce() throws {
        let s = try Self.seeded.get()
        #expect(s.report.samples > 50_000)
        let again = try s.db.seedDemoHistory(now: Self.now, samples: { _ in [] }, as: s.me)
        #expect(again == DemoHistoryReport())
    }

    @Test("the support desk: ~200 tenants and ~150 tickets in every state, some breached, some linked to alerts")
    func supportDesk() throws {
        let s = try Self.seeded.get()
        #expect(s.report.customers == 200 && s.report.tickets == 150)
        let all = try s.db.ticketPage(TicketFilter(statuses: Set(TicketStatus.allCases)), offset: 0, limit: 500, as: s.me)
        #expect(all.count == 151, "the desk's 150 and the billing dispute's ticket")
        let statuses = Set(all.map(\.ticket.status))
        #expect(statuses.isSuperset(of: [.new, .investigating, .waitingCustomer, .waitingVendor, .resolved, .closed]), "\(statuses)")
        #expect(all.contains { $0.sla.isBreached } && all.contains { $0.ticket.csat != nil })
        #expect(Set(all.map(\.ticket.category)).count >= 8 && Set(all.map(\.ticket.priority)).count == 4)
        let linked = try all.filter { try !s.db.ticket($0.ticket.number, as: s.me).alerts.isEmpty }
        #expect(!linked.isEmpty)
        #expect(try s.db.customers(as: s.me).allSatisfy { !$0.contacts.isEmpty })
    }
}

extension DemoHistoryTests {
    @Test("past incidents: a failed deployment, an outage from alerts and a security incident, with timelines, postmortems and changes")
    func pastIncidents() throws {
        let s = try Self.seeded.get()
        #expect(s.report.incidents == 3 && s.report.changes > 30, "\(s.report)")
        let rows = try s.db.incidents(IncidentFilter(statuses: Set(IncidentStatus.allCases)), as: s.me)
        #expect(Set(rows.compactMap(\.incident?.category)) == [.deployment, .outage, .security])
        for row in rows {
            guard case let .full(d) = try s.db.incident(row.number, as: s.me) else { Issue.record("\(row.number) restricted to the operator"); continue }
            #expect(d.entries.count >= 5, "\(row.number) has \(d.entries.count) entries")
            if d.incident.category != .outage { #expect(d.postmortem?.publishedAt != nil, "\(row.number)") }
            if d.incident.category == .deployment { #expect(!d.suspects.isEmpty && d.checklist.allSatisfy { $0.doneAt != nil }) }
            if d.incident.category == .security {
                #expect(d.evidence.count == 1 && d.incident.breachNotifiedAt != nil)
                #expect(try s.db.verifyIncidentEvidence(row.number, as: s.me).allSatisfy { $0.problem == nil })
            }
        }
        let stats = try s.db.incidentStats(since: Self.now - 30 * 86_400, as: s.me)
        #expect(stats.overall.mtta != nil && stats.breachesInTime == 1, "\(stats)")
    }
}
