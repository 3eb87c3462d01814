import Foundation
import OpsCore
import OpsStore

/// Customer success and integrations for the demo: the tenants the demo workload reports
/// per-tenant mail for (created when the directory lacks them), three of them at risk and
/// looked after by the first success manager, onboarding milestones, outreach and plan
/// notes; the integrations registry with one deprecation ten days from its sunset.
extension AppDatabase {
    /// Seeds through the same store with a clock moved to each moment (as the demo
    /// history does), so dates, entries and audit rows read as if they had happened.
    @discardableResult
    public func seedDemoSuccess(now: Date, tenants: [String], as me: ActorContext) throws(OpsError) -> Int {
        guard path != nil else { return 0 }
        let clock = ManualClock(now)
        let past = withClock(clock)
        return try past.seedDemoSuccess(now: now, clock: clock, tenants: tenants, as: me)
    }

    /// `tenants` are the demo workload's per-tenant ids (`DemoWorkload.tenants`), passed in
    /// because fixtures do not link the collector. Skipped when integrations exist.
    @discardableResult
    public func seedDemoSuccess(now: Date, clock: ManualClock, tenants: [String], as me: ActorContext) throws(OpsError) -> Int {
        guard try integrations(as: me).isEmpty else { return 0 }
        let staff = try listStaff(StaffFilter(), as: me).filter(\.isActive)
        let managers = staff.filter { $0.roles.contains(.success) }.map(\.login).sorted()
        let operatorLogin = try whoAmI(me).login
        let manager = managers.first ?? operatorLogin
        clock.set(now.addingTimeInterval(-45 * 86_400))
        let known = Set(try customers(as: me).map(\.id))
        let plans: [Customer.Plan] = [.scale, .growth, .growth, .starter, .starter, .growth, .scale, .free]
        var changed: [Customer] = []
        for (index, id) in tenants.enumerated() {
            var record = try known.contains(id) ? self.customer(id: id, as: me)
                : Customer(id: id, name: id.split(separator: "-").map { $0.capitalized }.joined(separator: " "), plan: plans[index % plans.count],
                           status: .active, contacts: [CustomerContact(name: "Ops Team", email: "ops@\(id).example")], created: clock.now())
            // The at-risk three (volume drop, bounces, complaints) belong to the demo's first success manager.
            if ["bluefin-travel", "harbor-labs", "granite-coffee", "acme-outfitters"].contains(id) { record.successManager = manager }
            if record.plan == .free, id == "northwind-analytics" { record.plan = .starter }
            changed.append(record)
        }
        _ = try importCustomers(changed, as: me)
        for (index, id) in tenants.enumerated() {
            let reached = OnboardingMilestone.allCases.prefix(index == 0 ? 5 : 1 + index % 4)
            for (n, milestone) in reached.enumerated() {
                clock.set(now.addingTimeInterval(-Double(40 - n * 6) * 86_400))
                try completeMilestone(milestone, customer: id, as: me)
            }
            // Contact: recent for most; granite-coffee has not heard from us in two months.
            let contactDays = ["granite-coffee": 62.0, "harbor-labs": 45.0][id] ?? Double(3 + index * 2)
            clock.set(now.addingTimeInterval(-contactDays * 86_400))
            try addSuccessEntry(.outreach, customer: id, note: "Quarterly check-in call: sending plans for next month reviewed.", as: me)
        }
        clock.set(now.addingTimeInterval(-2 * 86_400))
        try addSuccessEntry(.plan, customer: "bluefin-travel",
                            note: "Volume halved since their ESP migration; offer a deliverability review and warm-up help for the new domain.", as: me)
        try addSuccessEntry(.plan, customer: "harbor-labs", note: "Bounce rate high on purchased lists: propose list hygiene and a double opt-in plan.", as: me)
        clock.set(now.addingTimeInterval(-5 * 3_600))
        _ = try openTicket(NewTicket(customer: "bluefin-travel", title: "Sends dropped after moving our domain", category: .deliverability,
                                     priority: .p1, body: "Half our campaign did not go out since the domain move. Please help."), as: me)
        _ = try openTicket(NewTicket(customer: "bluefin-travel", title: "Invoice shows the old plan price", category: .billingDispute,
                                     priority: .p2, body: "We downgraded but were charged the old price."), as: me)
        // The other two at-risk tenants have open escalations too: health is never one signal.
        for id in ["harbor-labs", "granite-coffee"] {
            _ = try openTicket(NewTicket(customer: id, title: "Complaints spiking on our newsletter", category: .deliverability,
                                         priority: .p1, body: "Feedback loops show complaints well above normal since Monday."), as: me)
            _ = try openTicket(NewTicket(customer: id, title: "Bounces from Outlook addresses", category: .deliverability,
                                         priority: .p2, body: "Many 550 5.7.1 rejections from Outlook since yesterday."), as: me)
        }
        try seedDemoIntegrations(now: now, clock: clock, as: me)
        return changed.count
    }

    /// Five integrations in production (reviewed by a security engineer, never the author),
    /// the CRM still in security review, and a Gmail Postmaster API sunset ten days out.
    func seedDemoIntegrations(now: Date, clock: ManualClock, as me: ActorContext) throws(OpsError) {
        let staff = try listStaff(StaffFilter(), as: me).filter(\.isActive)
        let reviewer = staff.first { $0.roles.contains(.security) && $0.login != me.effectiveLogin }?.login
        clock.set(now.addingTimeInterval(-120 * 86_400))
        let entries: [Integration] = [
            Integration(id: "stripe", name: "Stripe", kind: .payments, ownerTeam: "finance", apiVersion: "2024-06-20", source: "stripe",
                        service: "billing", rotationDue: now.addingTimeInterval(40 * 86_400), created: now),
            Integration(id: "cloudflare-dns", name: "Cloudflare DNS", kind: .dns, ownerTeam: "infra", apiVersion: "v4",
                        service: "dns", rotationDue: now.addingTimeInterval(-3 * 86_400), created: now),
            Integration(id: "sendgrid-relay", name: "SendGrid relay", kind: .smtpRelay, ownerTeam: "deliverability", apiVersion: "v3",
                        source: "demo", service: "mta", rotationDue: now.addingTimeInterval(90 * 86_400), created: now),
            Integration(id: "gmail-postmaster", name: "Gmail Postmaster Tools", kind: .inboxProvider, ownerTeam: "deliverability",
                        apiVersion: "v1", service: "mta", created: now),
            Integration(id: "spamhaus", name: "Spamhaus DQS", kind: .blocklistMonitor, ownerTeam: "deliverability", apiVersion: "dqs-2",
                        source: "demo", service: "mta", rotationDue: now.addingTimeInterval(200 * 86_400), created: now),
            Integration(id: "hubspot", name: "HubSpot CRM", kind: .crm, ownerTeam: "success", apiVersion: "v3", created: now),
        ]
        for integration in entries {
            _ = try addIntegration(integration, as: me)
            _ = try advanceIntegration(integration.id, as: me)
            guard integration.kind != .crm, let reviewer else { continue }
            clock.advance(by: 86_400)
            _ = try reviewIntegration(integration.id, approve: true, checklist: ["Least-privilege API key", "Secrets in the vault, not the repo",
                                                                                 "Webhook signatures verified", "Data processing agreement on file"],
                                      note: nil, as: ActorContext(osLogin: me.osLogin, onBehalfOf: reviewer))
            _ = try advanceIntegration(integration.id, as: me)
        }
        clock.set(now.addingTimeInterval(-20 * 86_400))
        let notice = try addDeprecation(integration: "gmail-postmaster", api: "Postmaster Tools API v1", sunset: now.addingTimeInterval(10 * 86_400),
                           checklist: ["Read the v2 migration guide", "Switch the reputation poller to v2", "Backfill 30 days of v2 data",
                                       "Remove v1 credentials"], as: me)
        try updateDeprecation(notice.id, tick: [1], migrated: false, as: me)
    }
}
