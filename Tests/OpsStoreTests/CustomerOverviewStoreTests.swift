import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// `customerOverview`: every customer with its MRR (monthly from any interval, in integer
/// minor units), billing status, open tickets and last incident, on a hand-built store with
/// known answers; and what each role may see of it.
@Suite("Customer overview store")
struct CustomerOverviewStoreTests {
    static func fixture() throws -> StoreFixture {
        let f = try StoreFixture()
        f.clock.set(Timestamp.parse("2026-12-07T09:00Z") ?? Date())
        try f.add("fin", [.finance])
        try f.add("sam", [.support])
        try f.add("ops1", [.ops])
        let created = Date(timeIntervalSince1970: 1_790_000_000)
        _ = try f.db.importCustomers(["acme", "bolt", "cirrus", "dove"].map {
            Customer(id: $0, name: $0.capitalized, plan: .growth, status: .active, successManager: nil,
                     contacts: [CustomerContact(name: "Jo", email: "billing@\($0).example")], created: created)
        }, as: f.boss)
        try f.db.write { db in
            for (stripe, id) in [("cus_a", "acme"), ("cus_a2", "acme"), ("cus_b", "bolt"), ("cus_c", "cirrus")] {
                try db.execute(sql: "INSERT INTO billing_customer_link VALUES (?, ?, 'fin', '2026-12-01T00:00:00Z')", arguments: [stripe, id])
            }
            // acme: a monthly 99.00 plus a yearly 1,200.00 (100.00 a month); a cancelled one does not count.
            // bolt: a yearly JPY 120,000 (10,000 a month); cirrus: a weekly 12.00 (52.00 a month).
            let subs: [(String, String, String, Int64, String)] = [
                ("sub_1", "cus_a", "active", 9_900, "month"), ("sub_2", "cus_a2", "active", 120_000, "year"),
                ("sub_3", "cus_a", "canceled", 50_000, "month"), ("sub_4", "cus_b", "active", 120_000, "year"),
                ("sub_5", "cus_c", "past_due", 1_200, "week"),
            ]
            for (id, customer, status, amount, interval) in subs {
                let currency = customer == "cus_b" ? "jpy" : "usd"
                try db.execute(sql: """
                    INSERT INTO billing_subscription (id, stripe_customer, status, currency, amount, interval, plan, cancel_at_period_end, event_created, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, 'growth', 0, 1, 'evt')
                    """, arguments: [id, customer, status, currency, amount, interval])
            }
            // cirrus owes 20.00 after a failed attempt; bolt has an open invoice never attempted (not past due).
            for (id, customer, attempts, remaining) in [("in_1", "cus_c", 1, 2_000), ("in_2", "cus_b", 0, 5_000)] {
                try db.execute(sql: """
                    INSERT INTO billing_invoice (id, stripe_customer, status, currency, amount_due, amount_paid, amount_remaining, attempt_count, created, event_created, event_id)
                    VALUES (?, ?, 'open', 'usd', ?, 0, ?, ?, 1, 1, 'evt')
                    """, arguments: [id, customer, remaining, remaining, attempts])
            }
            // acme's dispute waits for evidence.
            try db.execute(sql: """
                INSERT INTO billing_dispute (id, stripe_customer, status, currency, amount, created, event_created, event_id)
                VALUES ('dp_1', 'cus_a2', 'needs_response', 'usd', 9900, 1, 1, 'evt')
                """)
        }
        _ = try f.db.openTicket(NewTicket(customer: "dove", title: "Bounces at Gmail", category: .deliverability, priority: .p2), as: f.actor("sam"))
        _ = try f.db.openTicket(NewTicket(customer: "dove", title: "DKIM fails", category: .dns, priority: .p3), as: f.actor("sam"))
        _ = try f.db.declareIncident(NewIncident(title: "MTA queue stuck", category: .outage, severity: .sev2, services: ["mta"],
                                                 customers: ["acme", "bolt"], roles: [.commander: "ops1"]), as: f.actor("ops1"))
        f.clock.advance(by: 600)
        _ = try f.db.declareIncident(NewIncident(title: "Bolt's API keys", category: .security, severity: .sev2, customers: ["bolt"],
                                                 roles: [.commander: "boss", .securityLead: "boss"], securityClass: .credentialCompromise), as: f.boss)
        return f
    }

    @Test("known answers: MRR per month in minor units, billing status worst first, tickets, last incident")
    func knownAnswers() throws {
        let f = try Self.fixture()
        let list = try f.db.customerOverview(as: f.boss)
        let by = Dictionary(uniqueKeysWithValues: list.rows.map { ($0.customer.id, $0) })
        #expect(list.rows.map(\.customer.id) == ["acme", "bolt", "cirrus", "dove"])
        #expect(list.billingVisible && list.incidentsVisible)
        #expect(by["acme"]?.mrr == Money(minor: 19_900, currency: "usd"))
        #expect(by["bolt"]?.mrr == Money(minor: 10_000, currency: "jpy"))
        #expect(by["cirrus"]?.mrr == Money(minor: 5_200, currency: "usd"))
        #expect(by["dove"]?.mrr == nil)
        #expect(by.mapValues(\.billing) == ["acme": .disputed, "bolt": .current, "cirrus": .pastDue, "dove": .unlinked])
        #expect(by["cirrus"]?.pastDue == Money(minor: 2_000, currency: "usd"))
        #expect(by["dove"]?.openTickets == 2 && by["dove"]?.topPriority == 2)
        #expect(by["acme"]?.openTickets == 0 && by["acme"]?.topPriority == nil)
        // The security incident is the later one for bolt; the boss (super_admin) sees it.
        #expect(by["acme"]?.lastIncidentNumber == 1 && by["bolt"]?.lastIncidentNumber == 2)
        #expect(by["dove"]?.lastIncidentNumber == nil)
    }

    @Test("support sees no billing; finance no incidents; ops not the security incident")
    func visibility() throws {
        let f = try Self.fixture()
        let support = try f.db.customerOverview(as: f.actor("sam"))
        #expect(!support.billingVisible && support.incidentsVisible)
        #expect(support.rows.allSatisfy { $0.mrr == nil && $0.billing == .unlinked && $0.pastDue == nil })
        let finance = try f.db.customerOverview(as: f.actor("fin"))
        #expect(finance.billingVisible && !finance.incidentsVisible)
        #expect(finance.rows.allSatisfy { $0.lastIncidentNumber == nil })
        let ops = try f.db.customerOverview(as: f.actor("ops1"))
        #expect(ops.rows.first { $0.customer.id == "bolt" }?.lastIncidentNumber == 1)
    }

    @Test("an account without tickets.read is refused")
    func refused() throws {
        let f = try Self.fixture()
        try f.add("nobody", [])
        let error = opsError { () throws(OpsError) in try f.db.customerOverview(as: f.actor("nobody")) }
        #expect(error?.exitCode == 4, "\(String(describing: error))")
    }
}
