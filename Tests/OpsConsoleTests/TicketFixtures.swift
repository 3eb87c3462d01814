import Foundation
@testable import OpsConsole
import OpsCore
import OpsFixtures
import OpsStore
import TermUI

/// A harness on the Tickets pane over the demo desk (a smaller one than `pmops demo`'s,
/// same generator): two alerts to link, 40 tenants, 60 tickets over ten days.
@MainActor
enum TicketFixtures {
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    static func harness(size: Size = Size(width: 120, height: 40), theme: Theme = .default, actor: String? = nil,
                        role: Role? = nil) throws -> (ConsoleHarness, TicketsPane) {
        let h: ConsoleHarness
        if let role {
            h = try ConsoleHarness(role: role, size: size, startPane: "tickets")
        } else {
            h = try ConsoleHarness(size: size, theme: theme, actor: actor ?? ConsoleHarness.operatorLogin, startPane: "tickets")
        }
        try seed(h)
        _ = h.app.refresh(force: true)
        let pane: TicketsPane = try ConsoleHarness.pane("tickets", of: h.app)
        _ = pane.refresh(force: true)
        h.frame()
        return (h, pane)
    }

    static func seed(_ h: ConsoleHarness) throws {
        let now = h.clock.now()
        for (name, summary) in [("BounceRateHigh", "Bounce rate 6.1 % on pool main"), ("SMTPQueueBacklog", "Outbound queue 48k messages")] {
            _ = try h.store.upsertAlert(AlertSignal(fingerprint: "\(name)/mta", rule: name, labels: ["alertname": name, "service": "mta"],
                                                   severity: .critical, status: .firing, summary: summary, at: now.addingTimeInterval(-7_200)))
        }
        try h.store.seedDemoTickets(now: now, clock: h.clock, customers: 40, tickets: 60, as: op)
    }

    /// The open ticket with the longest timeline that has a linked alert (else the longest).
    static func richTicket(_ h: ConsoleHarness) throws -> TicketNumber {
        let rows = try h.store.ticketPage(TicketFilter(), offset: 0, limit: 500, as: op)
        var best: (TicketNumber, Int)?
        for row in rows {
            let detail = try h.store.ticket(row.ticket.number, as: op)
            let score = detail.entries.count + (detail.alerts.isEmpty ? 0 : 100)
            if score > (best?.1 ?? -1) { best = (row.ticket.number, score) }
        }
        guard let best else { throw OpsError.notFound("no open ticket seeded") }
        return best.0
    }

    /// Puts the queue's cursor on `number`.
    static func select(_ number: TicketNumber, in h: ConsoleHarness, pane: TicketsPane) {
        h.press(.home)
        for _ in 0..<200 {
            if pane.list.selectedRow?.ticket.number == number { return }
            h.press(.down)
        }
    }

    static func auditActions(_ h: ConsoleHarness, target: TicketNumber) throws -> [String] {
        try h.store.auditEntries(AuditFilter(target: target.description), as: op).map(\.action)
    }
}
