import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// SLA clocks computed at an injected instant over a business-hours calendar (Mon–Fri
/// 09:00–17:00 UTC unless stated), with pauses, reopening, category limits and P1.
@Suite("SLA clocks")
struct SLAClockTests {
    static func at(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }
    static let monday9 = at("2026-12-07T09:00Z")
    static let policy = SLAPolicy()

    static func history(priority: TicketPriority = .p2, category: TicketCategory = .deliverability, opened: String = "2026-12-07T09:00Z",
                        response: String? = nil, lastOut: String? = nil, _ changes: [(String, TicketStatus)]) -> SLAHistory {
        SLAHistory(priority: priority, category: category, openedAt: at(opened), firstResponseAt: response.map(at),
                   lastUpdateOutAt: lastOut.map(at), changes: changes.map { SLAHistory.Change(at: at($0.0), status: $0.1) })
    }

    static func state(_ history: SLAHistory, _ kind: SLAKind, now: String, policy: SLAPolicy = policy) -> SLAClock.State? {
        history.status(policy: policy, now: at(now)).clock(kind)?.state
    }

    @Test("first response: running, breached, met, missed, and P1 around the clock")
    func firstResponse() {
        let fresh = Self.history([("2026-12-07T09:00Z", .new)])
        #expect(Self.state(fresh, .firstResponse, now: "2026-12-07T12:00Z") == .running(due: Self.at("2026-12-07T13:00Z")))
        #expect(Self.state(fresh, .firstResponse, now: "2026-12-07T14:00Z") == .breached(due: Self.at("2026-12-07T13:00Z")))
        let answered = Self.history(response: "2026-12-07T10:00Z", [("2026-12-07T09:00Z", .new)])
        #expect(Self.state(answered, .firstResponse, now: "2026-12-07T14:00Z") == .met(at: Self.at("2026-12-07T10:00Z"), due: Self.at("2026-12-07T13:00Z")))
        let late = Self.history(response: "2026-12-07T15:00Z", [("2026-12-07T09:00Z", .new)])
        #expect(Self.state(late, .firstResponse, now: "2026-12-07T16:00Z") == .missed(at: Self.at("2026-12-07T15:00Z"), due: Self.at("2026-12-07T13:00Z")))
        // A response recorded after "now" has not happened yet.
        #expect(Self.state(late, .firstResponse, now: "2026-12-07T12:00Z") == .running(due: Self.at("2026-12-07T13:00Z")))
        let saturdayP1 = Self.history(priority: .p1, opened: "2026-12-12T03:00Z", [("2026-12-12T03:00Z", .new)])
        #expect(Self.state(saturdayP1, .firstResponse, now: "2026-12-12T03:30Z") == .running(due: Self.at("2026-12-12T04:00Z")))
        let saturdayP2 = Self.history(priority: .p2, opened: "2026-12-12T03:00Z", [("2026-12-12T03:00Z", .new)])
        #expect(Self.state(saturdayP2, .firstResponse, now: "2026-12-12T03:30Z") == .running(due: Self.at("2026-12-14T13:00Z")))
    }

    @Test("resolution pauses while waiting on the customer or a vendor")
    func resolutionPauses() {
        let waited = Self.history([("2026-12-07T09:00Z", .new), ("2026-12-07T13:00Z", .waitingCustomer), ("2026-12-08T13:00Z", .investigating)])
        #expect(Self.state(waited, .resolution, now: "2026-12-07T15:00Z") == .paused(left: 20 * 3_600))
        // 4 h used before the pause; 20 h more from Tuesday 13:00 ends Thursday 17:00 (unpaused: Wednesday 17:00).
        #expect(Self.state(waited, .resolution, now: "2026-12-08T15:00Z") == .running(due: Self.at("2026-12-10T17:00Z")))
        let unpaused = Self.history([("2026-12-07T09:00Z", .new)])
        #expect(Self.state(unpaused, .resolution, now: "2026-12-08T15:00Z") == .running(due: Self.at("2026-12-09T17:00Z")))
        let vendor = Self.history([("2026-12-07T09:00Z", .investigating), ("2026-12-07T10:00Z", .waitingVendor)])
        #expect(Self.state(vendor, .resolution, now: "2026-12-21T10:00Z") == .paused(left: 23 * 3_600))
        // Over the target while running, then paused: still breached, with the instant it happened.
        let over = Self.history([("2026-12-07T09:00Z", .investigating), ("2026-12-10T10:00Z", .waitingVendor)])
        #expect(Self.state(over, .resolution, now: "2026-12-14T10:00Z") == .breached(due: Self.at("2026-12-09T17:00Z")))
    }

    @Test("resolution met or missed when resolved, and continued after a reopen")
    func resolutionDone() {
        let done = Self.history([("2026-12-07T09:00Z", .new), ("2026-12-07T10:00Z", .investigating), ("2026-12-07T15:00Z", .resolved),
                                 ("2026-12-08T09:00Z", .closed)])
        #expect(Self.state(done, .resolution, now: "2026-12-09T09:00Z") == .met(at: Self.at("2026-12-07T15:00Z"), due: Self.at("2026-12-09T17:00Z")))
        let reopened = Self.history([("2026-12-07T09:00Z", .new), ("2026-12-07T15:00Z", .resolved), ("2026-12-08T09:00Z", .investigating)])
        // 6 h used before resolving; 18 h more from Tuesday 09:00.
        #expect(Self.state(reopened, .resolution, now: "2026-12-08T10:00Z") == .running(due: Self.at("2026-12-10T11:00Z")))
        let slow = Self.history(priority: .p1, [("2026-12-07T09:00Z", .new), ("2026-12-07T15:00Z", .resolved)])
        #expect(Self.state(slow, .resolution, now: "2026-12-07T16:00Z") == .missed(at: Self.at("2026-12-07T15:00Z"), due: Self.at("2026-12-07T13:00Z")))
        #expect(Self.state(slow, .firstResponse, now: "2026-12-07T16:00Z") == .inactive)
    }

    @Test("category limits tighten resolution: refund 24 h, dispute 48 h, the stricter wins",
          arguments: [(TicketPriority.p4, TicketCategory.refund, 24.0), (.p4, .billingDispute, 48), (.p1, .refund, 4), (.p3, .billingDispute, 48),
                      (.p3, .deliverability, 72), (.p4, .other, 168)])
    func categoryLimits(priority: TicketPriority, category: TicketCategory, hours: Double) {
        #expect(Self.policy.targets(priority: priority, category: category).resolution == hours * 3_600)
    }

    @Test("next update counts from the last update out, stops while waiting on the customer, restarts when they answer")
    func nextUpdate() {
        let base = [("2026-12-07T09:00Z", TicketStatus.new), ("2026-12-07T10:00Z", .investigating)]
        let none = Self.history(base)
        #expect(Self.state(none, .nextUpdate, now: "2026-12-07T12:00Z") == .inactive)
        let answered = Self.history(response: "2026-12-07T10:00Z", lastOut: "2026-12-07T10:00Z", base)
        #expect(Self.state(answered, .nextUpdate, now: "2026-12-07T12:00Z") == .running(due: Self.at("2026-12-08T10:00Z")))
        #expect(Self.state(answered, .nextUpdate, now: "2026-12-08T11:00Z") == .breached(due: Self.at("2026-12-08T10:00Z")))
        let waiting = Self.history(response: "2026-12-07T10:00Z", lastOut: "2026-12-07T10:00Z", base + [("2026-12-07T11:00Z", .waitingCustomer)])
        #expect(Self.state(waiting, .nextUpdate, now: "2026-12-08T12:00Z") == .inactive)
        let back = Self.history(response: "2026-12-07T10:00Z", lastOut: "2026-12-07T10:00Z",
                                base + [("2026-12-07T11:00Z", .waitingCustomer), ("2026-12-08T11:00Z", .investigating)])
        #expect(Self.state(back, .nextUpdate, now: "2026-12-08T12:00Z") == .running(due: Self.at("2026-12-09T11:00Z")))
        let vendor = Self.history(response: "2026-12-07T10:00Z", lastOut: "2026-12-07T10:00Z", base + [("2026-12-07T11:00Z", .waitingVendor)])
        #expect(Self.state(vendor, .nextUpdate, now: "2026-12-08T11:00Z") == .breached(due: Self.at("2026-12-08T10:00Z")))
    }

    @Test("the next due instant and time left are the most urgent counting clock")
    func nextDue() throws {
        let answered = Self.history(response: "2026-12-07T10:00Z", lastOut: "2026-12-07T10:00Z", [("2026-12-07T09:00Z", .investigating)])
        let status = answered.status(policy: Self.policy, now: Self.at("2026-12-07T12:00Z"))
        let next = try #require(status.nextDue)
        #expect(next.kind == .nextUpdate && next.due == Self.at("2026-12-08T10:00Z"))
        // Time left is wall-clock time: what the countdown shows and when the breach lands.
        #expect(status.timeLeft(now: Self.at("2026-12-07T12:00Z")) == 22.0 * 3_600)
        #expect(!status.isBreached)
        let done = Self.history([("2026-12-07T09:00Z", .resolved)]).status(policy: Self.policy, now: Self.at("2026-12-07T12:00Z"))
        #expect(done.nextDue == nil)
    }

    @Test("holidays and the calendar's zone move the due instant")
    func calendarPolicy() throws {
        let policy = SLAPolicy(calendar: try BusinessCalendar.parse("mon-fri 09:00-17:00 Europe/Berlin 2026-12-25"))
        let history = Self.history(opened: "2026-12-24T14:00Z", [("2026-12-24T14:00Z", .new)])
        // 2 h on Thursday the 24th (15:00–17:00 CET), the 25th is a holiday, 2 h more on Monday the 28th.
        #expect(Self.state(history, .firstResponse, now: "2026-12-24T15:00Z", policy: policy) == .running(due: Self.at("2026-12-28T10:00Z")))
    }

    @Test("countdown text", arguments: [(-720.0, "-0:12"), (6_300, "1:45"), (0, "0:00"), (59, "0:00"), (359_940, "99:59"), (360_000, "4d"),
                                        (-259_200 * 2, "-6d"), (.infinity, "—")])
    func countdown(seconds: Double, text: String) {
        #expect(SLACountdown.format(seconds) == text)
    }
}
