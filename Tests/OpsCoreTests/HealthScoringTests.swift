import Foundation
import OpsCore
import Testing

/// The health formula with known answers: each factor alone, caps, rounding, the
/// threshold edge, and a customer whose factors add up to "at risk".
@Suite("Health scoring")
struct HealthScoringTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: HealthInputs
        let kind: HealthFactor.Kind
        let points: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "sends halved: (50 − 10) / 2 = 20", input: HealthInputs(recentSends: 12, priorSends: 24), kind: .volumeTrend, points: 20),
        Case(name: "sends down 30 %: 10", input: HealthInputs(recentSends: 7, priorSends: 10), kind: .volumeTrend, points: 10),
        Case(name: "sends down 90 %: capped at 20", input: HealthInputs(recentSends: 1, priorSends: 10), kind: .volumeTrend, points: 20),
        Case(name: "sends up 50 %: nothing", input: HealthInputs(recentSends: 30, priorSends: 20), kind: .volumeTrend, points: 0),
        Case(name: "no prior sends: nothing", input: HealthInputs(recentSends: 5, priorSends: 0), kind: .volumeTrend, points: 0),
        Case(name: "bounces 5 %: (5 − 2) × 5 = 15", input: HealthInputs(bouncePercent: 5), kind: .bounces, points: 15),
        Case(name: "bounces 3 %: 5", input: HealthInputs(bouncePercent: 3), kind: .bounces, points: 5),
        Case(name: "bounces 1 %: nothing", input: HealthInputs(bouncePercent: 1), kind: .bounces, points: 0),
        Case(name: "bounces NaN: nothing", input: HealthInputs(bouncePercent: .nan), kind: .bounces, points: 0),
        Case(name: "complaints 0.3 %: (0.3 − 0.1) × 50 = 10", input: HealthInputs(complaintPercent: 0.3), kind: .complaints, points: 10),
        Case(name: "complaints 1 %: capped at 15", input: HealthInputs(complaintPercent: 1), kind: .complaints, points: 15),
        Case(name: "one failed payment: 10", input: HealthInputs(failedPayments: 1), kind: .failedPayments, points: 10),
        Case(name: "three failed payments: capped at 20", input: HealthInputs(failedPayments: 3), kind: .failedPayments, points: 20),
        Case(name: "one P1 ticket: 8", input: HealthInputs(openTickets: [1, 0, 0, 0]), kind: .openTickets, points: 8),
        Case(name: "one ticket of each priority: 16, capped at 15", input: HealthInputs(openTickets: [1, 1, 1, 1]), kind: .openTickets, points: 15),
        Case(name: "two P3 and a P4: 5", input: HealthInputs(openTickets: [0, 0, 2, 1]), kind: .openTickets, points: 5),
        Case(name: "CSAT 2: (4 − 2) × 5 = 10", input: HealthInputs(csat: 2), kind: .csat, points: 10),
        Case(name: "CSAT 3.5: 2.5 rounds to 3", input: HealthInputs(csat: 3.5), kind: .csat, points: 3),
        Case(name: "CSAT 4.8: nothing", input: HealthInputs(csat: 4.8), kind: .csat, points: 0),
        Case(name: "a SEV1 and two SEV3: 6 + 4 = 10", input: HealthInputs(incidents: [1, 0, 2, 0]), kind: .incidents, points: 10),
        Case(name: "a SEV2: 4", input: HealthInputs(incidents: [0, 1, 0, 0]), kind: .incidents, points: 4),
        Case(name: "45 days without contact: 5", input: HealthInputs(daysSinceContact: 45), kind: .contact, points: 5),
        Case(name: "31 days without contact: 0.33 rounds to 0", input: HealthInputs(daysSinceContact: 31), kind: .contact, points: 0),
        Case(name: "100 days without contact: capped at 10", input: HealthInputs(daysSinceContact: 100), kind: .contact, points: 10),
    ]

    @Test("each factor takes off its documented points", arguments: cases)
    func factor(_ c: Case) throws {
        let score = HealthScoring.score(c.input)
        let factor = try #require(score.factors.first { $0.kind == c.kind })
        #expect(factor.points == c.points)
        #expect(score.score == 100 - c.points, "only this factor should count")
        #expect(score.factors.map(\.kind) == HealthFactor.Kind.allCases)
    }

    @Test("nothing known: 100 and every factor says so")
    func empty() {
        let score = HealthScoring.score(HealthInputs())
        #expect(score.score == 100)
        #expect(!score.atRisk)
        #expect(score.factors.first { $0.kind == .volumeTrend }?.observed == "no per-tenant sends yet")
        #expect(score.factors.first { $0.kind == .openTickets }?.observed == "no open tickets")
    }

    @Test("a struggling customer: 20 + 15 + 10 + 10 + 8 off, 37, at risk")
    func atRisk() {
        let input = HealthInputs(recentSends: 12, priorSends: 24, bouncePercent: 5, complaintPercent: 0.3, failedPayments: 1,
                                 openTickets: [1, 0, 0, 0])
        let score = HealthScoring.score(input)
        #expect(score.score == 37)
        #expect(score.atRisk)
        #expect(score.factors.first { $0.kind == .volumeTrend }?.observed == "-50 % sends, last 24 h vs the 6 days before")
        #expect(score.factors.first { $0.kind == .openTickets }?.observed == "1 P1 open")
    }

    @Test("the threshold is strict: 60 is not at risk at 60, is at 61")
    func threshold() {
        let input = HealthInputs(recentSends: 12, priorSends: 24, failedPayments: 2)
        #expect(HealthScoring.score(input).score == 60)
        #expect(!HealthScoring.score(input, threshold: 60).atRisk)
        #expect(HealthScoring.score(input, threshold: 61).atRisk)
    }

    @Test("every cap reached floors the score at 0")
    func floor() {
        let input = HealthInputs(recentSends: 0.1, priorSends: 100, bouncePercent: 50, complaintPercent: 5, failedPayments: 9,
                                 openTickets: [9, 9, 9, 9], csat: 1, incidents: [9, 9, 9, 9], daysSinceContact: 999)
        let score = HealthScoring.score(input)
        #expect(score.score == 0)
        #expect(score.factors.allSatisfy { $0.points == $0.kind.cap })
    }

    @Test("expansion: projected monthly sends against the plan allowance")
    func expansion() throws {
        // 2 sends/min × 43,200 min = 86,400 of starter's 100,000: 86 %, near the limit.
        let starter = try #require(ExpansionSignals.usage(plan: .starter, sendsPerMinute: 2))
        #expect(abs(starter.share - 0.864) < 1e-9)
        #expect(starter.nearLimit)
        #expect(ExpansionSignals.usage(plan: .growth, sendsPerMinute: 2)?.nearLimit == false)
        #expect(ExpansionSignals.usage(plan: .enterprise, sendsPerMinute: 1_000)?.nearLimit == false)
        #expect(ExpansionSignals.usage(plan: .free, sendsPerMinute: nil) == nil)
    }

    @Test("milestones parse as typed; dates are range-checked")
    func milestones() {
        #expect(OnboardingMilestone(name: "DNS_Verified") == .dnsVerified)
        #expect(OnboardingMilestone(name: "sends-10k") == .sends10k)
        #expect(OnboardingMilestone(name: "launched") == nil)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(opsErrorOf { () throws(OpsError) in _ = try SuccessValidation.doneDate(now.addingTimeInterval(3 * 86_400), now: now) }?.exitCode == 2)
        #expect(opsErrorOf { () throws(OpsError) in _ = try SuccessValidation.doneDate(Date(timeIntervalSince1970: 0), now: now) }?.exitCode == 2)
        #expect(opsErrorOf { () throws(OpsError) in _ = try SuccessValidation.note("   ") }?.exitCode == 2)
    }
}

func opsErrorOf(_ body: () throws(OpsError) -> Void) -> OpsError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
