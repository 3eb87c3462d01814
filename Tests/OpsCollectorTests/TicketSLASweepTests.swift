import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// The SLA sweep on the collector tick, stepped through a `ManualScheduler`: one reminder
/// per deadline through the outbox, one breach alert per deadline in the alert queue
/// (labels, team, audit), resolved when the ticket is answered, paused or resolved, and
/// nothing repeated across ticks or a restart. Default calendar: Mon–Fri 09:00–17:00 UTC.
@Suite("Ticket SLA sweep on the collector tick")
struct TicketSLASweepTests {
    static func at(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

    enum Step: Sendable {
        /// Advance the clock to this time of 2026-12-07 (UTC) and tick.
        case tick(String)
        case reply(String)
        case status(String, TicketStatus)
        case resolve(String)
        /// A new collector over the same store: nothing it knows is in memory.
        case restart
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var priority: TicketPriority
        var steps: [Step]
        var reminders: Int
        /// `sla` label → status of its breach alert at the end.
        var alerts: [String: AlertStatus]
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "answered in time: no reminder, no breach", priority: .p2,
                 steps: [.tick("12:00"), .reply("12:10"), .tick("12:40"), .tick("13:30")], reminders: 0, alerts: [:]),
        Scenario(name: "reminded once at 12:30, breached once at 13:00", priority: .p2,
                 steps: [.tick("12:29"), .tick("12:30"), .tick("12:45"), .tick("13:00"), .tick("13:05"), .tick("16:00")],
                 reminders: 1, alerts: ["first_response": .firing]),
        Scenario(name: "a restart repeats neither the reminder nor the alert", priority: .p2,
                 steps: [.tick("12:31"), .restart, .tick("12:32"), .tick("13:01"), .restart, .tick("13:02")],
                 reminders: 1, alerts: ["first_response": .firing]),
        Scenario(name: "answered after the breach: the alert resolves", priority: .p2,
                 steps: [.tick("13:00"), .reply("13:20"), .tick("13:21")], reminders: 0, alerts: ["first_response": .resolved]),
        Scenario(name: "resolved after the breach: the alert resolves", priority: .p2,
                 steps: [.tick("13:00"), .resolve("13:20"), .tick("13:21")], reminders: 0, alerts: ["first_response": .resolved]),
        Scenario(name: "P1 around the clock: next update and resolution breach; waiting on the customer resolves both", priority: .p1,
                 steps: [.reply("09:10"), .tick("10:45"), .tick("11:15"), .tick("12:35"), .tick("13:05"), .status("13:10", .waitingCustomer), .tick("13:11"),
                         .tick("18:00")],
                 reminders: 2, alerts: ["next_update": .resolved, "resolution": .resolved]),
        Scenario(name: "waiting on the customer before the deadline: no breach while paused", priority: .p1,
                 steps: [.reply("09:05"), .status("09:10", .waitingCustomer), .tick("12:00"), .tick("20:00")], reminders: 0, alerts: [:]),
    ]

    final class Harness: @unchecked Sendable {
        let scheduler = ManualScheduler(TicketSLASweepTests.at("2026-12-07T09:00Z"))
        let db: AppDatabase
        let sam = ActorContext(osLogin: "sam")
        let number: TicketNumber
        var collector: Collector

        init(priority: TicketPriority) throws {
            db = try AppDatabase(inMemory: scheduler)
            let boss = ActorContext(osLogin: "boss")
            _ = try db.initialize(login: "boss", displayName: "Boss Person", email: "boss@example.com")
            _ = try db.createStaff(NewStaff(login: "sam", displayName: "Sam Support", email: "sam@example.com", team: "support", roles: ["support"]),
                                   as: boss)
            _ = try db.importCustomers([Customer(id: "acme", name: "Acme Mail GmbH", plan: .growth, status: .active,
                                                 contacts: [CustomerContact(name: "Jo Ops", email: "jo@acme.example")],
                                                 created: TicketSLASweepTests.at("2026-01-01T00:00Z"))], as: boss)
            number = try db.openTicket(NewTicket(customer: "acme", contactEmail: "jo@acme.example", title: "Bounces to Gmail",
                                                 category: .deliverability, priority: priority, assignee: "sam"), as: sam).number
            collector = Collector(sources: [], store: db, scheduler: scheduler)
        }

        func run(_ step: Step) throws {
            switch step {
            case let .tick(time):
                advance(time)
                collector.tickOnce()
            case let .reply(time):
                advance(time)
                try db.replyToTicket(number, body: "We are on it.", as: sam)
            case let .status(time, status):
                advance(time)
                try db.setTicketStatus(number, to: status, as: sam)
            case let .resolve(time):
                advance(time)
                try db.resolveTicket(number, summary: "Gmail throttling ended.", as: sam)
            case .restart:
                collector = Collector(sources: [], store: db, scheduler: scheduler)
            }
        }

        func advance(_ time: String) { scheduler.advance(to: TicketSLASweepTests.at("2026-12-07T\(time)Z")) }

        func reminders() throws -> [OutboxMessage] {
            try db.outbox(limit: 100, as: ActorContext(osLogin: "boss")).filter { $0.kind == "ticket-sla" }
        }

        func slaAlerts() throws -> [AlertRecord] {
            try db.alerts(limit: 100).filter { $0.source == AppDatabase.ticketSLASource }
        }
    }

    @Test("scenario", arguments: scenarios)
    func scenario(_ s: Scenario) throws {
        let h = try Harness(priority: s.priority)
        for step in s.steps { try h.run(step) }
        let reminders = try h.reminders()
        #expect(reminders.count == s.reminders, "\(reminders.map(\.subject))")
        #expect(reminders.allSatisfy { $0.to == "sam@example.com" && $0.subject.hasPrefix("[ESC-1001]") })
        let alerts = try h.slaAlerts()
        #expect(alerts.count == s.alerts.count, "one alert per breach: \(alerts.map(\.summary))")
        #expect(Dictionary(alerts.map { ($0.labels["sla"] ?? "?", $0.status) }, uniquingKeysWith: { a, _ in a }) == s.alerts)
    }

    @Test("a breach alert carries the ticket's labels and team, is audited, and lands on the timeline")
    func breachAlertShape() throws {
        let h = try Harness(priority: .p2)
        let before = try h.db.auditCount()
        try h.run(.tick("13:00"))
        let alert = try #require(try h.slaAlerts().first)
        #expect(alert.fingerprint == "ticket-sla:ESC-1001:first-response")
        #expect(alert.labels == ["alertname": "TicketSLABreach", "ticket": "ESC-1001", "customer": "acme", "priority": "P2", "team": "ops",
                                 "category": "deliverability", "sla": "first_response"])
        #expect(alert.rule == "TicketSLABreach" && alert.team == "ops" && alert.status == .firing && alert.severity == .warning)
        #expect(alert.startsAt == Self.at("2026-12-07T13:00Z"))
        // The alert's firing transition and the ticket's SLA entry, in the same transaction.
        #expect(try h.db.auditCount() == before + 2)
        let entries = try h.db.ticket(h.number, as: h.sam).entries.filter { $0.kind == .sla }
        #expect(entries.map(\.body) == ["first response SLA breached (due 2026-12-07T13:00:00.000Z)"])
        #expect(h.collector.lastTick?.ticketSLA?.breached == 1)
    }

    @Test("an idle tick examines nothing: the sweep reads only tickets whose check time has come")
    func idleTick() throws {
        let h = try Harness(priority: .p4)
        try h.run(.tick("09:01"))
        #expect(h.collector.lastTick?.ticketSLA?.examined == 1)
        try h.run(.tick("09:02"))
        #expect(h.collector.lastTick?.ticketSLA?.examined == 0)
    }
}
