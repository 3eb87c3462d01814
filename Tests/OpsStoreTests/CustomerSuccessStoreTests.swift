import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Customer health from the store: the sweep's once-per-turn reminder, per-tenant metrics
/// moving the volume factor, outreach as contact, milestones, permissions and audit rows.
@Suite("Customer success store")
struct CustomerSuccessStoreTests {
    static func fixture() throws -> StoreFixture {
        let f = try StoreFixture()
        try f.add("sam", [.success])
        try f.add("sue", [.support])
        _ = try f.db.importCustomers([Customer(id: "acme", name: "Acme", plan: .starter, status: .active, successManager: "sam",
                                               contacts: [CustomerContact(name: "Jo", email: "jo@acme.example")], created: f.clock.now())],
                                     as: f.boss)
        return f
    }

    @Test("turning at risk reminds the success manager once; recovering and turning again reminds again")
    func remindOnce() throws {
        let f = try Self.fixture()
        _ = try f.db.openTicket(NewTicket(customer: "acme", title: "Bounces", category: .deliverability, priority: .p3), as: f.boss)
        try f.db.setSetting(.customerAtRiskBelow, to: "99", as: f.boss)
        let first = try f.db.sweepCustomerHealth(at: f.clock.now())
        #expect(first.turnedAtRisk == ["acme"])
        #expect(first.reminders == 1)
        let mail = try f.db.outbox(as: f.boss).filter { $0.kind == "customer-at-risk" }
        #expect(mail.count == 1)
        #expect(mail.first?.to == "sam@example.com")
        // Within the minute: the sweep does not run; later: still at risk, no second reminder.
        #expect(try f.db.sweepCustomerHealth(at: f.clock.now().addingTimeInterval(30)).ran == false)
        let again = try f.db.sweepCustomerHealth(at: f.clock.now().addingTimeInterval(120))
        #expect(again.ran && again.turnedAtRisk.isEmpty && again.reminders == 0)
        #expect(try f.db.outbox(as: f.boss).filter { $0.kind == "customer-at-risk" }.count == 1)
        try f.db.setSetting(.customerAtRiskBelow, to: "50", as: f.boss)
        #expect(try f.db.sweepCustomerHealth(at: f.clock.now().addingTimeInterval(240)).recovered == ["acme"])
        try f.db.setSetting(.customerAtRiskBelow, to: "99", as: f.boss)
        #expect(try f.db.sweepCustomerHealth(at: f.clock.now().addingTimeInterval(360)).reminders == 1)
        #expect(try f.db.outbox(as: f.boss).filter { $0.kind == "customer-at-risk" }.count == 2)
        let audits = try f.db.auditEntries(AuditFilter(), as: f.boss).map(\.action)
        #expect(audits.filter { $0 == "customer.health.at_risk" }.count == 2)
        #expect(audits.filter { $0 == "customer.health.recovered" }.count == 1)
        let log = try f.db.successEntries(customer: "acme", as: f.boss).map(\.kind)
        #expect(log == [.risk, .recovered, .risk])
    }

    @Test("per-tenant sends halved over the last day take 20 points for the volume trend")
    func tenantMetrics() throws {
        let f = try Self.fixture()
        let now = f.clock.now()
        var samples: [SampleInput] = []
        for hour in 1...(7 * 24) {
            let t = now.addingTimeInterval(-Double(hour) * 3_600 + 60)
            let sends = hour <= 24 ? 10.0 : 20.0
            samples.append(SampleInput(series: MetricSeriesKey(name: AppDatabase.tenantSendsMetric, labels: ["tenant": "acme"]), time: t, value: sends))
            samples.append(SampleInput(series: MetricSeriesKey(name: AppDatabase.tenantBounceMetric, labels: ["tenant": "acme"]), time: t, value: 5))
        }
        _ = try f.db.recordSamples(samples, now: now)
        let report = try f.db.customerHealth(id: "acme", as: f.actor("sue"))
        #expect(report.health.factors.first { $0.kind == .volumeTrend }?.points == 20)
        #expect(report.health.factors.first { $0.kind == .bounces }?.points == 15)
        #expect(report.health.score == 65)
        // 10 sends/min × 43,200 = 432,000 a month: over four times starter's 100,000.
        #expect(report.nearPlanLimit)
    }

    @Test("outreach counts as contact; only customers.manage writes, and a refusal writes nothing")
    func outreach() throws {
        let f = try Self.fixture()
        f.clock.advance(by: 60 * 86_400)
        #expect(try f.db.customerHealth(id: "acme", as: f.boss).health.factors.first { $0.kind == .contact }?.points == 10)
        let before = try f.auditCount()
        let refused = opsError { () throws(OpsError) in try f.db.addSuccessEntry(.outreach, customer: "acme", note: "Called", as: f.actor("sue")) }
        #expect(refused?.exitCode == 4)
        #expect(try f.auditCount() == before)
        try f.db.addSuccessEntry(.outreach, customer: "acme", note: "Called their CTO", as: f.actor("sam"))
        #expect(try f.auditCount() == before + 1)
        #expect(try f.db.customerHealth(id: "acme", as: f.boss).health.factors.first { $0.kind == .contact }?.points == 0)
        let unknown = opsError { () throws(OpsError) in try f.db.addSuccessEntry(.plan, customer: "nope", note: "x", as: f.actor("sam")) }
        #expect(unknown?.exitCode == 3)
        #expect(opsError { () throws(OpsError) in try f.db.customerHealth(id: "nope", as: f.boss) }?.exitCode == 3)
        #expect(opsError { () throws(OpsError) in try f.db.addSuccessEntry(.risk, customer: "acme", note: "x", as: f.actor("sam")) }?.exitCode == 2)
    }

    @Test("milestones are recorded with dates, range-checked and audited")
    func milestones() throws {
        let f = try Self.fixture()
        let at = f.clock.now().addingTimeInterval(-3 * 86_400)
        let states = try f.db.completeMilestone(.dnsVerified, customer: "acme", at: at, as: f.actor("sam"))
        #expect(states.first { $0.milestone == .dnsVerified }?.doneAt == at)
        #expect(states.filter { $0.doneAt != nil }.count == 1)
        let future = opsError { () throws(OpsError) in
            try f.db.completeMilestone(.firstCampaign, customer: "acme", at: f.clock.now().addingTimeInterval(5 * 86_400), as: f.actor("sam"))
        }
        #expect(future?.exitCode == 2)
        #expect(try f.db.onboarding(customer: "acme", as: f.actor("sue")).filter { $0.doneAt != nil }.count == 1)
        #expect(try f.db.auditEntries(AuditFilter(), as: f.boss).contains { $0.action == "customer.milestone" })
    }
}
