import Foundation
import OpsCore
import OpsStore

/// What the demo's escalation tickets say: per category, titles and the customer's first
/// message, and what staff answer and how it ended.
enum DemoTicketText {
    static let titles: [TicketCategory: [String]] = [
        .deliverability: ["Bounces to Gmail since 09:00", "Campaign landing in Outlook junk", "Yahoo deferring our sends (421)",
                          "Open rates halved overnight", "Listed on Spamhaus? customers say mail missing"],
        .sending: ["SMTP relay times out on port 587", "Queue stuck: 12k messages not sent", "TLS handshake failures from our app",
                   "Sending paused without notice"],
        .dns: ["DKIM fails after DNS move", "DMARC reports show SPF softfail", "Custom tracking domain not verifying",
               "Return-path CNAME rejected"],
        .api: ["API returns 429 below our rate limit", "Webhook deliveries delayed 20 min", "Batch send endpoint 500s on large lists",
               "SDK upgrade broke template variables"],
        .accountAccess: ["Locked out after 2FA phone change", "SSO login loops back to sign-in", "Ex-employee still has access",
                         "Cannot invite new team member"],
        .billingDispute: ["Charged twice for December", "Overage fee looks wrong", "Invoice shows the old plan price"],
        .refund: ["Refund for unused annual plan", "Refund request: sends failed during outage"],
        .security: ["Suspicious login from unknown country", "API key leaked in public repo", "Phishing sent from our account?"],
        .other: ["Question about dedicated IP warm-up", "Export of suppression list", "Data processing agreement request"],
    ]

    static let opening = [
        "Hi, since this morning this is hurting our customers. Can you look into it urgently? Thanks",
        "Hello support,\nwe noticed this after our last campaign. Logs attached in the dashboard. What do you need from us?",
        "This started after no change on our side. Please advise.",
        "Our CEO is asking about this. Any update by end of day would help.",
    ]
    static let notes = ["Checked the MTA logs: rejections carry 550 5.7.26, looks like an authentication problem.",
                        "Reproduced with a test account; escalating to the platform team.",
                        "Customer's sending pattern changed last week (3x volume). Likely reputation.",
                        "Billing history shows two invoices for the period; one should have been voided.",
                        "Spoke with their CTO on a call; they rotate keys today."]
    static let replies = ["Thanks for reporting this. We are investigating and will update you within the hour.",
                          "Could you send us the full headers of an affected message and the time it was sent?",
                          "We found the cause and applied a fix on our side. Could you confirm sends look normal again?",
                          "We have opened a case with the provider and will keep you posted."]
    static let vendors = ["Gmail Postmaster", "Microsoft SNDS", "Stripe", "Cloudflare DNS", "Spamhaus"]
    static let summaries = ["DKIM selector re-published after the DNS move; authentication passes again.",
                            "Warm-up schedule adjusted and the pool rotated; delivery back to normal.",
                            "Duplicate invoice voided and refunded; customer confirmed.",
                            "Rate limit raised for the account's plan; no more 429s.",
                            "Access restored after identity check; 2FA reset."]
}

/// How one demo ticket ends up.
enum DemoTicketFate: CaseIterable { case untouched, investigating, waitingCustomer, waitingVendor, resolved, closed }

extension AppDatabase {
    /// Seeds `count` tenants and about 150 tickets over the last ten days, each through the
    /// named operations with this handle's `clock` moved to its moment, so timelines, SLA
    /// clocks and audit rows read as if they had happened. Skipped when tickets exist.
    /// Links a few tickets to the store's alerts when there are some.
    @discardableResult
    public func seedDemoTickets(now: Date, clock: ManualClock, seed: UInt64 = 42, customers count: Int = 200, tickets: Int = 150,
                                as me: ActorContext) throws(OpsError) -> (customers: Int, tickets: Int) {
        guard try ticketCount(TicketFilter(statuses: Set(TicketStatus.allCases)), as: me) == 0 else { return (0, 0) }
        var rng = DemoStaff.Generator(seed: seed &+ 1_042)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        let staff = try listStaff(StaffFilter(), as: me).filter(\.isActive)
        func holders(_ role: Role) -> [String] { staff.filter { $0.roles.contains(role) }.map(\.login).sorted() }
        clock.set(now.addingTimeInterval(-30 * 86_400))
        let customers = DemoCustomers.customers(seed: seed, count: count, managers: holders(.success), created: clock.now())
        _ = try importCustomers(customers, as: me)
        let workers: [String: [String]] = ["ops": holders(.ops), "support": holders(.support), "finance": holders(.finance),
                                           "security": holders(.security)]
        let alertIDs = try alerts(limit: 20).map(\.id).sorted()
        let categories: [TicketCategory] = [.deliverability, .deliverability, .deliverability, .sending, .sending, .dns, .dns, .api, .api,
                                            .accountAccess, .billingDispute, .refund, .security, .other]
        let priorities: [TicketPriority] = [.p1, .p2, .p2, .p3, .p3, .p3, .p4, .p4]
        let span: TimeInterval = 10 * 86_400
        let opened = (0..<tickets).map { _ in now.addingTimeInterval(-Double(rng.next() % UInt64(span))) }.sorted()
        var linked = 0
        for at in opened {
            let customer = pick(customers)
            let category = pick(categories)
            let priority = pick(priorities)
            let age = now.timeIntervalSince(at)
            clock.set(at)
            let ticket = try openTicket(NewTicket(customer: customer.id, contactEmail: customer.contacts.first?.email,
                                                  title: pick(DemoTicketText.titles[category] ?? ["Question"]), category: category,
                                                  priority: priority, body: pick(DemoTicketText.opening)), as: me)
            let n = ticket.number
            // Steps follow at increasing offsets, never past now.
            var t = at
            func step(_ minutes: UInt64) -> Bool {
                let next = t.addingTimeInterval(Double(5 + rng.next() % minutes) * 60)
                guard next < now.addingTimeInterval(-60) else { return false }
                t = next
                clock.set(t)
                return true
            }
            let fate: DemoTicketFate = age < 3 * 3_600 ? (rng.next() % 2 == 0 ? .untouched : .investigating)
                : age > 4 * 86_400 ? pick([.resolved, .closed, .closed, .waitingCustomer])
                : pick([.investigating, .investigating, .waitingCustomer, .waitingVendor, .resolved, .untouched])
            guard fate != .untouched else { continue }
            // Few steps per ticket: the demo seeds on first open, so its desk must be quick.
            if step(90), let login = workers[ticket.team].flatMap({ $0.isEmpty ? nil : pick($0) }) { _ = try assignTicket(n, to: login, as: me) } else { continue }
            if step(120) { _ = try replyToTicket(n, body: DemoTicketText.replies[0], as: me) }
            if step(120) { _ = try setTicketStatus(n, to: rng.next() % 4 == 0 ? .triage : .investigating, as: me) }
            if rng.next() % 2 == 0, step(240) { _ = try noteTicket(n, body: pick(DemoTicketText.notes), as: me) }
            if linked < 6, !alertIDs.isEmpty, category == .deliverability || category == .sending, step(30) {
                _ = try linkTicket(n, alert: alertIDs[linked % alertIDs.count], as: me)
                linked += 1
            }
            switch fate {
            case .untouched, .investigating: break
            case .waitingCustomer:
                if step(180) { _ = try replyToTicket(n, body: DemoTicketText.replies[1], as: me) }
                if step(10) { _ = try setTicketStatus(n, to: .waitingCustomer, as: me) }
            case .waitingVendor:
                if step(180) { _ = try setTicketStatus(n, to: .waitingVendor, vendor: pick(DemoTicketText.vendors), as: me) }
            case .resolved, .closed:
                if step(600) { _ = try resolveTicket(n, summary: pick(DemoTicketText.summaries), as: me) } else { break }
                if fate == .closed, step(2_880) {
                    _ = try closeTicket(n, as: me)
                    if rng.next() % 3 != 0 { _ = try recordCSAT(n, rating: pick([5, 5, 4, 4, 3, 2]), as: me) }
                }
            }
        }
        clock.set(now)
        return (customers.count, opened.count)
    }
}
