import Foundation
import OpsCore
import Testing

/// The KPIs of `tickets stats` over a hand-made set of tickets at a fixed instant.
@Suite("Ticket KPIs")
struct TicketStatsTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000)
    static let now = t0.addingTimeInterval(86_400)
    static let hour: TimeInterval = 3_600

    static func input(_ n: Int, _ priority: TicketPriority, _ category: TicketCategory, opened: Date = t0, response: TimeInterval? = nil,
                      resolved: TimeInterval? = nil, status: TicketStatus, assignee: String? = "sam", csat: Int? = nil, updatesOut: Int = 0,
                      reopens: Int = 0, _ clocks: [SLAClock]) -> TicketStatsInput {
        let ticket = Ticket(number: TicketNumber(n), customerID: "acme", title: "t\(n)", category: category, priority: priority, status: status,
                            reporter: "sam", assignee: assignee, team: "ops", openedAt: opened,
                            firstResponseAt: response.map { opened.addingTimeInterval($0) },
                            resolvedAt: resolved.map { opened.addingTimeInterval($0) }, resolution: resolved == nil ? nil : "done", csat: csat)
        return TicketStatsInput(ticket: ticket, sla: SLAStatus(clocks: clocks), updatesOut: updatesOut, reopens: reopens)
    }

    static func met(_ kind: SLAKind) -> SLAClock { SLAClock(kind: kind, state: .met(at: t0, due: t0)) }
    static func missed(_ kind: SLAKind) -> SLAClock { SLAClock(kind: kind, state: .missed(at: t0, due: t0)) }
    static func breached(_ kind: SLAKind) -> SLAClock { SLAClock(kind: kind, state: .breached(due: t0)) }
    static func running(_ kind: SLAKind) -> SLAClock { SLAClock(kind: kind, state: .running(due: now)) }

    static let window = [
        input(1, .p1, .deliverability, response: 0.5 * hour, resolved: 2 * hour, status: .resolved, csat: 5, updatesOut: 1,
              [met(.firstResponse), met(.resolution)]),
        input(2, .p1, .deliverability, response: 1.5 * hour, resolved: 5 * hour, status: .closed, csat: 3, updatesOut: 3,
              [missed(.firstResponse), missed(.resolution)]),
        input(3, .p2, .refund, response: 1 * hour, resolved: 10 * hour, status: .resolved, updatesOut: 1, reopens: 1,
              [met(.firstResponse), met(.resolution)]),
        input(4, .p2, .dns, status: .investigating, assignee: nil, [breached(.firstResponse), running(.resolution)]),
        input(5, .p3, .other, status: .new, [running(.firstResponse), running(.resolution)]),
    ]
    static let old = input(6, .p4, .other, opened: now.addingTimeInterval(-10 * 86_400), status: .triage, assignee: nil,
                           [running(.resolution)])

    @Test("times against SLA overall, by priority and by category")
    func times() {
        let s = TicketStats.compute(window: Self.window, open: Self.window + [Self.old], since: Self.t0, now: Self.now)
        #expect(s.tickets == 5)
        #expect(s.overall.firstResponse.count == 3)
        #expect(s.overall.firstResponse.median == 1 * Self.hour && s.overall.firstResponse.p90 == 1.5 * Self.hour)
        #expect(s.overall.firstResponse.met == 2 && s.overall.firstResponse.missed == 2 && s.overall.firstResponse.metPercent == 50)
        #expect(s.overall.resolution.median == 5 * Self.hour && s.overall.resolution.p90 == 10 * Self.hour)
        #expect(s.overall.resolution.met == 2 && s.overall.resolution.missed == 1)
        #expect(s.byPriority.map(\.key) == ["P1", "P2", "P3"] && s.byPriority.map(\.tickets) == [2, 2, 1])
        #expect(s.byPriority[0].firstResponse.metPercent == 50 && s.byPriority[0].resolution.median == 2 * Self.hour)
        #expect(s.byCategory.map(\.key) == ["deliverability", "dns", "refund", "other"])
        #expect(s.byCategory[2].resolution.metPercent == 100)
    }

    @Test("backlog, first-contact resolution, CSAT, reopen rate")
    func rates() {
        let s = TicketStats.compute(window: Self.window, open: Self.window + [Self.old], since: Self.t0, now: Self.now)
        #expect(s.backlog.open == 3 && s.backlog.breached == 1 && s.backlog.unassigned == 2)
        #expect(s.backlog.byPriority == ["P2": 1, "P3": 1, "P4": 1] && s.backlog.oldest == 10 * 86_400)
        #expect(s.firstContactResolution.count == 1 && s.firstContactResolution.of == 3)
        #expect(s.csat.count == 2 && s.csat.average == 4 && s.csat.histogram == [0, 0, 1, 0, 1])
        #expect(s.reopened.count == 1 && s.reopened.of == 3)
    }

    @Test("nothing in the window: counts are zero and rates absent, not zero")
    func empty() {
        let s = TicketStats.compute(window: [], open: [], since: Self.t0, now: Self.now)
        #expect(s.tickets == 0 && s.overall.firstResponse.median == nil && s.overall.firstResponse.metPercent == nil)
        #expect(s.firstContactResolution.percent == nil && s.csat.average == nil && s.backlog.oldest == nil)
    }

    @Test("nearest-rank percentiles", arguments: [([1.0], 0.5, 1.0), ([1, 2], 0.5, 1), ([1, 2, 3, 4], 0.5, 2), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9),
                                                  ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9, 10)] as [([Double], Double, Double)])
    func percentile(values: [Double], q: Double, expected: Double) {
        #expect(TicketStats.percentile(values, q) == expected)
    }
}
