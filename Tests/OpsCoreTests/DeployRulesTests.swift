import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// Deployment and component state transitions, finish (partial deployments), rollback whole
/// or per component, the deploy config parser and the DORA figures, as tables.
@Suite("Deploy rules")
struct DeployRulesTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func deployment(_ status: DeploymentStatus = .inProgress, _ components: [(String, ComponentStatus)] = []) -> Deployment {
        Deployment(number: DeploymentNumber(7), service: "api", version: "2.4.1", link: nil, by: "ci", status: status, startedAt: t0,
                   recordedBy: "ci", components: components.map { Deployment.Component(name: $0.0, status: $0.1, updatedAt: t0) })
    }

    static let allowedDeployment: Set<String> = [
        "in-progress>gating", "in-progress>failed", "in-progress>rolled-back", "gating>healthy", "gating>degraded", "gating>rolled-back",
        "gating>failed", "healthy>degraded", "healthy>rolled-back", "degraded>rolled-back", "degraded>healthy", "failed>rolled-back",
    ]

    @Test("deployment transitions: exactly the table, everything else refused with a sentence", arguments: DeploymentStatus.allCases)
    func deploymentTransitions(_ from: DeploymentStatus) {
        for to in DeploymentStatus.allCases {
            #expect(from.allows(to) == Self.allowedDeployment.contains("\(from)>\(to)"), "\(from) → \(to)")
            if !from.allows(to) {
                let error = opsError { () throws(OpsError) in try from.check(to, DeploymentNumber(7)) }
                #expect(error == .conflict("DEP-7 is \(from); it cannot become \(to)."))
            }
        }
    }

    static let allowedComponent: Set<String> = [
        "pending>deploying", "pending>healthy", "pending>failed", "deploying>healthy", "deploying>failed", "deploying>rolled-back",
        "healthy>failed", "healthy>rolled-back", "failed>deploying", "failed>rolled-back",
    ]

    @Test("component transitions", arguments: ComponentStatus.allCases)
    func componentTransitions(_ from: ComponentStatus) {
        for to in ComponentStatus.allCases {
            #expect(from.allows(to) == Self.allowedComponent.contains("\(from)>\(to)"), "\(from) → \(to)")
        }
    }

    struct FinishCase: Sendable, CustomTestStringConvertible {
        var name: String
        var components: [(String, ComponentStatus)]
        var succeeded: Bool
        var expected: DeploymentStatus?
        var testDescription: String { name }
    }

    static let finishes: [FinishCase] = [
        FinishCase(name: "all healthy: gating", components: [("api", .healthy), ("web", .healthy)], succeeded: true, expected: .gating),
        FinishCase(name: "no components: gating", components: [], succeeded: true, expected: .gating),
        FinishCase(name: "one failed: partial, failed", components: [("api", .healthy), ("mta-1", .failed)], succeeded: true, expected: .failed),
        FinishCase(name: "still deploying: refused", components: [("api", .deploying)], succeeded: true, expected: nil),
        FinishCase(name: "pipeline failed with one pending: failed", components: [("api", .pending)], succeeded: false, expected: .failed),
    ]

    @Test("finish", arguments: finishes)
    func finish(_ c: FinishCase) throws {
        let d = Self.deployment(.inProgress, c.components)
        let result = try? DeployRules.finish(d, succeeded: c.succeeded, at: Self.t0 + 60)
        #expect(result?.status == c.expected)
        if c.expected == .failed { #expect(result?.failedAt == Self.t0 + 60) }
        if c.expected == nil {
            let error = opsError { () throws(OpsError) in try DeployRules.finish(d, succeeded: true, at: Self.t0) }
            #expect(error?.description.contains("api is still pending or deploying") == true)
        }
    }

    @Test("finish twice is refused")
    func finishTwice() throws {
        let d = try DeployRules.finish(Self.deployment(), succeeded: true, at: Self.t0)
        #expect(opsError { () throws(OpsError) in try DeployRules.finish(d, succeeded: true, at: Self.t0) } == .conflict("DEP-7 is gating; it cannot become gating."))
    }

    @Test("per-component rollback of a partial deployment rolls the deployment back once every deployed component is")
    func componentRollback() throws {
        let partial = try DeployRules.finish(Self.deployment(.inProgress, [("api", .healthy), ("mta-1", .failed), ("web", .pending)]),
                                             succeeded: false, at: Self.t0)
        let one = try DeployRules.rollback(partial, component: "mta-1", at: Self.t0 + 120)
        #expect(one.status == .failed && one.components.map(\.status) == [.healthy, .rolledBack, .pending] && one.restoredAt == nil)
        let both = try DeployRules.rollback(one, component: "api", at: Self.t0 + 180)
        #expect(both.status == .rolledBack && both.restoredAt == Self.t0 + 180 && both.failedAt == Self.t0)
        #expect(opsError { () throws(OpsError) in try DeployRules.rollback(both, component: "api", at: Self.t0) }
            == .conflict("Component api of DEP-7 is rolled-back; it cannot be rolled back."))
        #expect(opsError { () throws(OpsError) in try DeployRules.rollback(both, component: "db", at: Self.t0) }
            == .notFound("DEP-7 has no component db; it has api, mta-1, web."))
    }

    @Test("whole rollback of a degraded deployment restores it; a rolled-back one cannot be rolled back again")
    func wholeRollback() throws {
        var d = Self.deployment(.gating, [("api", .healthy), ("web", .healthy)])
        d = try DeployRules.gate(d, failing: true, at: Self.t0 + 300)
        #expect(d.status == .degraded && d.failedAt == Self.t0 + 300)
        let rolled = try DeployRules.rollback(d, component: nil, at: Self.t0 + 900)
        #expect(rolled.status == .rolledBack && rolled.components.allSatisfy { $0.status == .rolledBack } && rolled.restoredAt == Self.t0 + 900)
        #expect(opsError { () throws(OpsError) in try DeployRules.rollback(rolled, component: nil, at: Self.t0) } != nil)
    }

    @Test("components are reported only while in progress; a new one joins")
    func componentReports() throws {
        let d = try DeployRules.component(Self.deployment(), name: "mta-2", to: .deploying, at: Self.t0)
        #expect(d.components.map(\.name) == ["mta-2"])
        let healthy = try DeployRules.component(d, name: "mta-2", to: .healthy, at: Self.t0)
        #expect(opsError { () throws(OpsError) in try DeployRules.component(healthy, name: "mta-2", to: .deploying, at: Self.t0) }
            == .conflict("Component mta-2 of DEP-7 is healthy; it cannot become deploying."))
        let gating = try DeployRules.finish(healthy, succeeded: true, at: Self.t0)
        #expect(opsError { () throws(OpsError) in try DeployRules.component(gating, name: "mta-2", to: .failed, at: Self.t0) }?.exitCode == 5)
    }

    @Test("names and numbers", arguments: [("DEP-12", 12), ("dep-3", 3), ("44", 44), ("DEP-0", nil), ("DEP-", nil), ("DEP-1234567890", nil), ("x", nil)] as [(String, Int?)])
    func numbers(_ text: String, _ value: Int?) {
        #expect(DeploymentNumber(text: text)?.rawValue == value)
    }

    @Test("component names", arguments: [("api", true), ("mta-1", true), ("MTA-1", true), ("-x", false), ("a b", false), ("", false),
                                         (String(repeating: "a", count: 33), false)] as [(String, Bool)])
    func componentNames(_ text: String, _ ok: Bool) {
        #expect(((try? DeployRules.componentName(text)) != nil) == ok)
    }

    @Test("DORA figures: rates over finished deployments, medians of restore and lead time")
    func stats() {
        func d(_ n: Int, _ status: DeploymentStatus, failed: Double? = nil, restored: Double? = nil, commit: Double? = nil, finished: Double = 600) -> Deployment {
            Deployment(number: DeploymentNumber(n), service: n > 10 ? "web" : "api", version: "1.\(n)", link: nil, by: "ci", status: status,
                       startedAt: Self.t0, finishedAt: Self.t0 + finished, commitAt: commit.map { Self.t0 - $0 },
                       failedAt: failed.map { Self.t0 + $0 }, restoredAt: restored.map { Self.t0 + $0 }, recordedBy: "ci")
        }
        let rows = DeployStats.compute([
            d(1, .healthy, commit: 3_000), d(2, .healthy, commit: 1_000), d(3, .rolledBack, failed: 600, restored: 1_200),
            d(4, .degraded, failed: 700), d(5, .gating), d(6, .rolledBack, failed: 600, restored: 2_400), d(11, .inProgress),
        ])
        #expect(rows.map(\.service) == ["api", "web"])
        let api = rows[0]
        #expect(api.deployments == 6 && api.finished == 5 && api.healthy == 2 && api.rolledBack == 2 && api.failures == 3)
        #expect(api.successRate == 0.4 && api.rollbackRate == 0.4 && api.changeFailureRate == 0.6)
        #expect(api.timeToRestore == 1_200)
        #expect(abs((api.leadTime ?? 0) - 2_600) < 0.001)
        #expect(rows[1].finished == 0 && rows[1].successRate == nil && rows[1].leadTime == nil)
    }
}
