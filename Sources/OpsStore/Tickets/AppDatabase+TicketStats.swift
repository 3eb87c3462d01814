import Foundation
internal import GRDB
import OpsCore

/// The inputs of `TicketStats`, read in three statements whatever the number of tickets:
/// the tickets opened since `since`, the open ones, and the status and update-out entries
/// of both.
extension AppDatabase {
    public func ticketStats(since: Date, as context: ActorContext) throws(OpsError) -> TicketStats {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            let now = clock.now()
            let policy = try SettingsStore.slaPolicy(db: db)
            let sinceText = Timestamp.format(since)
            let scope = "(t.opened_at >= ? OR t.status NOT IN ('resolved','closed'))"
            let tickets = try Ticket.fetchAll(db, sql: "SELECT t.* FROM ticket t WHERE \(scope) ORDER BY t.number", arguments: [sinceText])
            var changes: [Int: [SLAHistory.Change]] = [:]
            var updatesOut: [Int: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.ticket, e.kind, e.at, e.status FROM ticket_entry e JOIN ticket t ON t.number = e.ticket
                WHERE \(scope) AND (e.status IS NOT NULL OR e.kind = 'update-out') ORDER BY e.ticket, e.id
                """, arguments: [sinceText])
            while let row = try rows.next() {
                let number: Int = row[0]
                if (row[1] as String) == TicketEntryKind.updateOut.rawValue { updatesOut[number, default: 0] += 1 }
                if let text = row[3] as String?, let status = TicketStatus(rawValue: text), let at = Timestamp.parse(row[2] as String) {
                    changes[number, default: []].append(SLAHistory.Change(at: at, status: status))
                }
            }
            var window: [TicketStatsInput] = [], open: [TicketStatsInput] = []
            for ticket in tickets {
                let history = changes[ticket.number.rawValue] ?? []
                let sla = SLAHistory(priority: ticket.priority, category: ticket.category, openedAt: ticket.openedAt,
                                     firstResponseAt: ticket.firstResponseAt, lastUpdateOutAt: ticket.lastUpdateOutAt, changes: history)
                    .status(policy: policy, now: now)
                let reopens = zip(history, history.dropFirst()).filter { !$0.0.status.isOpen && $0.1.status.isOpen }.count
                let input = TicketStatsInput(ticket: ticket, sla: sla, updatesOut: updatesOut[ticket.number.rawValue] ?? 0, reopens: reopens)
                if ticket.openedAt >= since { window.append(input) }
                if ticket.status.isOpen { open.append(input) }
            }
            return TicketStats.compute(window: window, open: open, since: since, now: now)
        }
    }
}
