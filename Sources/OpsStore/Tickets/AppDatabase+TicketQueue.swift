import Foundation
internal import GRDB
import OpsCore

/// The ticket queue as the console pages it: a count and a window in SLA-risk order
/// (breached first, then least time left), the window read by walking `ticket_queue` (or
/// the assignee/customer index when it narrows more; CROSS JOIN keeps the ticket the
/// outer loop so SQLite never scans customers first), and the extras the detail view shows.
extension AppDatabase {
    /// How many tickets `filter` matches (its `limit` is ignored).
    public func ticketCount(_ filter: TicketFilter, as context: ActorContext) throws(OpsError) -> Int {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            let (whereSQL, arguments) = queueClauses(filter)
            // Every ticket has its customer (a foreign key): the join is needed only when the
            // text search reads the customer's name. Without other narrowing, the count walks
            // `ticket_status` (the open tickets) rather than the whole table.
            // A priority or category filter counts from its own covering index.
            let narrowed = filter.assignee != nil || filter.customer != nil || filter.team != nil
            let index = filter.priority != nil ? "ticket_status_priority" : filter.category != nil ? "ticket_status_category" : "ticket_status"
            let from = "ticket t" + (narrowed ? "" : " INDEXED BY \(index)") + (Self.searchesText(filter) ? " CROSS JOIN customer c ON c.id = t.customer_id" : "")
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(from) WHERE \(whereSQL)", arguments: StatementArguments(arguments)) ?? 0
        }
    }

    /// Rows `offset ..< offset + limit` of the queue, most at risk first; tickets with no
    /// counting clock (paused, finished) follow, by priority then number.
    public func ticketPage(_ filter: TicketFilter, offset: Int, limit: Int, as context: ActorContext) throws(OpsError) -> [TicketSummary] {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            let (sql, arguments) = ticketPageQuery(filter, offset: offset, limit: limit)
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let policy = try SettingsStore.slaPolicy(db: db)
            let now = clock.now()
            return try rows.map { row in
                let ticket = try Ticket(row: row)
                return TicketSummary(ticket: ticket, customerName: row["customer_name"],
                                     sla: try Self.slaHistory(ticket, db: db).status(policy: policy, now: now))
            }
        }
    }

    /// The page's statement: it walks `ticket_queue` for the default order (the statistics of
    /// migration 2026-12-09-ticket-queue-order; `TicketQueuePlanTests` pins each filter's plan).
    func ticketPageQuery(_ filter: TicketFilter, offset: Int, limit: Int) -> (sql: String, arguments: StatementArguments) {
        var (whereSQL, arguments) = queueClauses(filter)
        arguments += [max(0, limit), max(0, offset)]
        return ("""
            SELECT t.*, c.name AS customer_name FROM ticket t CROSS JOIN customer c ON c.id = t.customer_id
            WHERE \(whereSQL)
            ORDER BY t.sla_due_at IS NULL, t.sla_due_at, t.priority, t.number LIMIT ? OFFSET ?
            """, StatementArguments(arguments))
    }

    /// Removes or writes back the `ticket` statistics of migration 2026-12-09-ticket-queue-order,
    /// so `pmops bench tickets` times the queue on one store as it was before and after.
    package func setTicketQueueStatistics(_ present: Bool) throws(OpsError) {
        do {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: present ? Schema.ticketQueueOrderSQL : "DELETE FROM sqlite_stat1 WHERE tbl = 'ticket'; ANALYZE sqlite_schema;")
            }
        } catch {
            throw StoreErrors.map(error, path: path)
        }
    }

    /// What the detail view shows beside the timeline: the customer's open tickets and the
    /// linked alerts' live state.
    public func ticketContext(_ number: TicketNumber, as context: ActorContext) throws(OpsError) -> TicketContext {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            let ticket = try Self.requireTicket(number, db: db)
            let open = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM ticket WHERE customer_id = ? AND status NOT IN ('resolved','closed')
                """, arguments: [ticket.customerID]) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id, a.severity, a.status, a.state, a.summary FROM ticket_alert l JOIN alert a ON a.id = l.alert_id
                WHERE l.ticket = ? ORDER BY a.id
                """, arguments: [number.rawValue])
            let alerts = rows.map { row in
                TicketContext.LinkedAlert(id: row["id"], severity: row["severity"], status: row["status"], state: row["state"], summary: row["summary"])
            }
            return TicketContext(openTicketsOfCustomer: open, alerts: alerts)
        }
    }

    static func searchesText(_ filter: TicketFilter) -> Bool {
        !(filter.text?.trimmingCharacters(in: .whitespaces).isEmpty ?? true)
    }

    private func queueClauses(_ filter: TicketFilter) -> (String, [any DatabaseValueConvertible]) {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        let statuses = filter.statuses ?? Set(TicketStatus.allCases.filter(\.isOpen))
        clauses.append("t.status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))")
        arguments += statuses.map(\.rawValue).sorted()
        if let assignee = filter.assignee { clauses.append("t.assignee = ?"); arguments.append(assignee) }
        if let team = filter.team { clauses.append("t.team = ?"); arguments.append(team) }
        if let priority = filter.priority { clauses.append("t.priority = ?"); arguments.append(priority.rawValue) }
        if let category = filter.category { clauses.append("t.category = ?"); arguments.append(category.rawValue) }
        if let customer = filter.customer { clauses.append("t.customer_id = ?"); arguments.append(customer) }
        if filter.breachedOnly { clauses.append("t.sla_due_at <= ?"); arguments.append(Timestamp.format(clock.now())) }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            var match = "t.title LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\' OR t.customer_id LIKE ? ESCAPE '\\'"
            arguments += [pattern, pattern, pattern]
            if let number = TicketNumber(text: text) {
                match += " OR t.number = ?"
                arguments.append(number.rawValue)
            }
            clauses.append("(\(match))")
        }
        return (clauses.joined(separator: " AND "), arguments)
    }
}

/// The detail view's extras: the customer's open tickets and the linked alerts now.
public struct TicketContext: Sendable, Equatable {
    public struct LinkedAlert: Sendable, Equatable {
        public var id: Int64
        public var severity: String
        /// firing, pending or resolved (the source's view).
        public var status: String
        /// open, acknowledged, resolved, closed (what people did).
        public var state: String
        public var summary: String
    }

    public var openTicketsOfCustomer: Int
    public var alerts: [LinkedAlert]
}
