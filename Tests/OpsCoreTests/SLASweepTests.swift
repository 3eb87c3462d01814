import Foundation
import OpsCore
import Testing

/// The sweep's decisions for one ticket, as a table: reminder 30 minutes ahead (once), one
/// breach alert per deadline, its resolution when the clock stops counting against it, and
/// when the sweep must look again.
@Suite("SLA sweep plan")
struct SLASweepTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ offset: TimeInterval) -> Date { now.addingTimeInterval(offset) }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var clocks: [SLAClock]
        var marks: [SLASweep.Mark]
        var actions: [SLASweep.Action]
        var next: Date?
        var waiting = false
        var testDescription: String { name }

        init(name: String, waiting: Bool = false, clocks: [SLAClock], marks: [SLASweep.Mark], actions: [SLASweep.Action], next: Date?) {
            self.name = name
            self.waiting = waiting
            self.clocks = clocks
            self.marks = marks
            self.actions = actions
            self.next = next
        }
    }

    static let fr = SLAKind.firstResponse
    static let cases: [Case] = [
        Case(name: "far from due: nothing, look again 30 min before", clocks: [SLAClock(kind: fr, state: .running(due: at(3_600)))],
             marks: [], actions: [], next: at(1_800)),
        Case(name: "inside 30 min: remind, look again at the deadline", clocks: [SLAClock(kind: fr, state: .running(due: at(1_200)))],
             marks: [], actions: [.remind(fr, due: at(1_200))], next: at(1_200)),
        Case(name: "exactly 30 min before: remind", clocks: [SLAClock(kind: fr, state: .running(due: at(1_800)))],
             marks: [], actions: [.remind(fr, due: at(1_800))], next: at(1_800)),
        Case(name: "already reminded: nothing", clocks: [SLAClock(kind: fr, state: .running(due: at(1_200)))],
             marks: [SLASweep.Mark(kind: fr, due: at(1_200), reminded: true)], actions: [], next: at(1_200)),
        Case(name: "reminded for an older deadline: remind again", clocks: [SLAClock(kind: .nextUpdate, state: .running(due: at(600)))],
             marks: [SLASweep.Mark(kind: .nextUpdate, due: at(-7_200), reminded: true)], actions: [.remind(.nextUpdate, due: at(600))],
             next: at(600)),
        Case(name: "breached: one alert, nothing more to wait for", clocks: [SLAClock(kind: fr, state: .breached(due: at(-60)))],
             marks: [SLASweep.Mark(kind: fr, due: at(-60), reminded: true)], actions: [.breach(fr, due: at(-60))], next: nil),
        Case(name: "breach already raised: nothing", clocks: [SLAClock(kind: fr, state: .breached(due: at(-60)))],
             marks: [SLASweep.Mark(kind: fr, due: at(-60), breached: true)], actions: [], next: nil),
        Case(name: "answered after the breach: resolve", clocks: [SLAClock(kind: fr, state: .missed(at: at(-10), due: at(-60)))],
             marks: [SLASweep.Mark(kind: fr, due: at(-60), breached: true)], actions: [.resolve(fr, due: at(-60))], next: nil),
        Case(name: "paused while waiting on the customer: resolve", clocks: [SLAClock(kind: .resolution, state: .paused(left: -30))],
             marks: [SLASweep.Mark(kind: .resolution, due: at(-30), breached: true)], actions: [.resolve(.resolution, due: at(-30))], next: nil),
        Case(name: "resolved ticket: resolve, no check", clocks: [SLAClock(kind: .resolution, state: .missed(at: at(0), due: at(-30))),
                                                                 SLAClock(kind: .nextUpdate, state: .inactive)],
             marks: [SLASweep.Mark(kind: .resolution, due: at(-30), breached: true)], actions: [.resolve(.resolution, due: at(-30))], next: nil),
        Case(name: "breached again after its alert resolved (reopened): a new occurrence",
             clocks: [SLAClock(kind: .resolution, state: .breached(due: at(-60)))],
             marks: [SLASweep.Mark(kind: .resolution, due: at(-60), breached: true, resolved: true)],
             actions: [.breach(.resolution, due: at(-60))], next: nil),
        Case(name: "waiting with a missed resolution deadline: its alert resolves", waiting: true,
             clocks: [SLAClock(kind: .resolution, state: .breached(due: at(-60)))],
             marks: [SLASweep.Mark(kind: .resolution, due: at(-60), breached: true)], actions: [.resolve(.resolution, due: at(-60))], next: nil),
        Case(name: "waiting: a missed resolution deadline raises nothing", waiting: true,
             clocks: [SLAClock(kind: .resolution, state: .breached(due: at(-60)))], marks: [], actions: [], next: nil),
        Case(name: "waiting on a vendor: the next update still alerts", waiting: true,
             clocks: [SLAClock(kind: .nextUpdate, state: .breached(due: at(-60)))], marks: [], actions: [.breach(.nextUpdate, due: at(-60))], next: nil),
        Case(name: "a new deadline: the old alert resolves before the new one fires",
             clocks: [SLAClock(kind: .nextUpdate, state: .breached(due: at(-5)))],
             marks: [SLASweep.Mark(kind: .nextUpdate, due: at(-9_000), breached: true)],
             actions: [.resolve(.nextUpdate, due: at(-9_000)), .breach(.nextUpdate, due: at(-5))], next: nil),
        Case(name: "two clocks: the earliest check wins", clocks: [SLAClock(kind: fr, state: .running(due: at(7_200))),
                                                                SLAClock(kind: .resolution, state: .running(due: at(3_600)))],
             marks: [], actions: [], next: at(1_800)),
        Case(name: "one breached and one running: alert, and look again for the other",
             clocks: [SLAClock(kind: fr, state: .breached(due: at(-1))), SLAClock(kind: .resolution, state: .running(due: at(3_600)))],
             marks: [], actions: [.breach(fr, due: at(-1))], next: at(1_800)),
    ]

    @Test("plan", arguments: cases)
    func plan(_ c: Case) {
        let plan = SLASweep.plan(status: SLAStatus(clocks: c.clocks), marks: c.marks, now: Self.now, waiting: c.waiting)
        #expect(plan.actions == c.actions)
        #expect(plan.nextCheck == c.next)
    }
}
