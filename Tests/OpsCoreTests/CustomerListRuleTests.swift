import Foundation
import OpsCore
import Testing

/// The Customers pane's filters and sort orders, table-tested: what each filter keeps and the
/// order each sort gives (attention first, ties by name), reversed as asked.
@Suite("Customer list rule")
struct CustomerListRuleTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func row(_ id: String, _ name: String, plan: Customer.Plan = .growth, manager: String? = nil, mrr: Int64? = nil,
                    billing: CustomerOverview.BillingStatus = .current, tickets: Int = 0, top: Int? = nil, incidentAgo: Double? = nil) -> CustomerOverview {
        CustomerOverview(customer: Customer(id: id, name: name, plan: plan, status: .active, successManager: manager,
                                            contacts: [CustomerContact(name: "Contact \(name)", email: "ops@\(id).example")], created: t0),
                         mrr: mrr.map { Money(minor: $0, currency: "usd") }, billing: billing, openTickets: tickets, topPriority: top,
                         lastIncidentNumber: incidentAgo.map { Int($0) }, lastIncidentAt: incidentAgo.map { t0.addingTimeInterval(-$0 * 3_600) })
    }

    static let rows = [
        row("acme", "Acme", plan: .enterprise, manager: "carol", mrr: 250_000, billing: .pastDue, tickets: 2, top: 1, incidentAgo: 5),
        row("bolt", "Bolt Mail", plan: .starter, manager: "dan", mrr: 4_900, tickets: 1, top: 3, incidentAgo: 1),
        row("cirrus", "cirrus", plan: .growth, manager: "carol", mrr: 49_900, billing: .disputed),
        row("dove", "Dove", plan: .free, billing: .unlinked, tickets: 3, top: 2),
        row("echo", "Echo", plan: .growth, manager: "dan", mrr: 49_900, incidentAgo: 30),
    ]

    @Test("each filter keeps exactly its rows", arguments: [
        (CustomerListRule.Filter.all, ["acme", "bolt", "cirrus", "dove", "echo"]),
        (.billingTrouble, ["acme", "cirrus"]),
        (.mine("carol"), ["acme", "cirrus"]),
        (.mine("nobody"), []),
        (.plan(.growth), ["cirrus", "echo"]),
        (.urgentTickets, ["acme", "dove"]),
    ])
    func filters(filter: CustomerListRule.Filter, expected: [String]) {
        #expect(Self.rows.filter { CustomerListRule.keeps($0, filter) }.map(\.customer.id) == expected)
    }

    @Test("text matches id, name, manager and contacts, case-insensitively", arguments: [
        ("", 5), ("ACME", 1), ("carol", 2), ("ops@dove", 1), ("contact bolt", 1), ("zzz", 0),
    ])
    func text(needle: String, count: Int) {
        #expect(Self.rows.filter { CustomerListRule.matches($0, text: needle) }.count == count)
    }

    @Test("each sort puts what needs attention first, ties by name", arguments: [
        (CustomerListRule.Sort.name, ["acme", "bolt", "cirrus", "dove", "echo"]),
        (.plan, ["acme", "cirrus", "echo", "bolt", "dove"]),
        (.manager, ["acme", "cirrus", "bolt", "echo", "dove"]),
        (.mrr, ["acme", "cirrus", "echo", "bolt", "dove"]),
        (.billing, ["cirrus", "acme", "bolt", "echo", "dove"]),
        (.tickets, ["dove", "acme", "bolt", "cirrus", "echo"]),
        (.incident, ["bolt", "acme", "echo", "cirrus", "dove"]),
    ])
    func sorts(sort: CustomerListRule.Sort, expected: [String]) {
        #expect(CustomerListRule.sorted(Self.rows, by: sort).map(\.customer.id) == expected)
    }

    @Test("reversed flips the order, including the name order")
    func reversed() {
        #expect(CustomerListRule.sorted(Self.rows, by: .name, reversed: true).map(\.customer.id) == ["echo", "dove", "cirrus", "bolt", "acme"])
        #expect(CustomerListRule.sorted(Self.rows, by: .mrr, reversed: true).map(\.customer.id).first == "dove")
    }

    @Test("billing statuses order from no link to disputed")
    func billingOrder() {
        #expect(CustomerOverview.BillingStatus.allCases.sorted() == [.unlinked, .current, .pastDue, .disputed])
    }
}
