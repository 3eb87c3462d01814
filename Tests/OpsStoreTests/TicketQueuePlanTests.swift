import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Migration "2026-12-09-ticket-queue-order": with the statistics `db migrate` writes, the
/// Tickets queue page walks `ticket_queue` (its ORDER BY) and stops after its window instead
/// of reading every open ticket and sorting; a filter that narrows further searches its own
/// index. The plans are read on a freshly migrated store, as a real one is before anyone runs
/// ANALYZE, through the statement `ticketPage` runs.
@Suite("Ticket queue plans")
struct TicketQueuePlanTests {
    static func plan(_ f: StoreFixture, _ filter: TicketFilter) throws -> String {
        let (sql, arguments) = f.db.ticketPageQuery(filter, offset: 0, limit: 150)
        return try f.db.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String? ?? "" }.joined(separator: "\n")
        }
    }

    enum Sort { case none, rightPart, whole }

    /// The filter, the index its page reads, and what it sorts: nothing (the window is read
    /// in order and the walk stops after it), the right part of the ORDER BY in blocks of
    /// equal deadline (still streamed), or the whole (narrowed) match.
    static let cases: [(name: String, filter: TicketFilter, index: String, sort: Sort)] = [
        ("default (every open status)", TicketFilter(), "SCAN t USING INDEX ticket_queue", .none),
        ("team", TicketFilter(team: "support"), "SCAN t USING INDEX ticket_queue", .none),
        ("text", TicketFilter(text: "gmail"), "SCAN t USING INDEX ticket_queue", .none),
        ("status: all", TicketFilter(statuses: Set(TicketStatus.allCases)), "SCAN t USING INDEX ticket_queue", .none),
        ("status: one", TicketFilter(statuses: [.investigating]), "SCAN t USING INDEX ticket_queue", .none),
        ("category", TicketFilter(category: .dns), "SCAN t USING INDEX ticket_queue", .none),
        ("priority", TicketFilter(priority: .p2), "SCAN t USING INDEX ticket_queue", .rightPart),
        ("mine", TicketFilter(assignee: "alice"), "USING INDEX ticket_assignee (assignee=? AND status=?)", .whole),
        ("customer", TicketFilter(customer: "acme"), "USING INDEX ticket_customer (customer_id=?)", .whole),
        ("breached", TicketFilter(breachedOnly: true), "USING INDEX ticket_sla_due (sla_due_at<?)", .whole),
    ]

    @Test("the default order and each filter read the index the statistics choose")
    func plans() throws {
        let f = try StoreFixture()
        for item in Self.cases {
            let plan = try Self.plan(f, item.filter)
            #expect(plan.contains(item.index), "\(item.name):\n\(plan)")
            let sort: Sort = plan.contains("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY") ? .rightPart : plan.contains("TEMP B-TREE") ? .whole : .none
            #expect(sort == item.sort, "\(item.name):\n\(plan)")
            #expect(!plan.contains("SCAN c"), "\(item.name): the customer is never the outer loop\n\(plan)")
        }
    }

    @Test("without the statistics (a store before the migration) the default order reads the open tickets and sorts them")
    func withoutStatistics() throws {
        let f = try StoreFixture()
        try f.db.setTicketQueueStatistics(false)
        let before = try Self.plan(f, TicketFilter())
        #expect(before.contains("USE TEMP B-TREE FOR ORDER BY"), "\(before)")
        try f.db.setTicketQueueStatistics(true)
        let after = try Self.plan(f, TicketFilter())
        #expect(after.contains("SCAN t USING INDEX ticket_queue") && !after.contains("TEMP B-TREE"), "\(after)")
    }

    @Test("the migration's statistics describe every index of ticket, and only ticket's rows change")
    func statistics() throws {
        let f = try StoreFixture()
        try f.db.read { db in
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'ticket' AND sql IS NOT NULL ORDER BY name")
            let described = try String.fetchAll(db, sql: "SELECT idx FROM sqlite_stat1 WHERE tbl = 'ticket' ORDER BY idx")
            #expect(described == indexes)
        }
    }
}
