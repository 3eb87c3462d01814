import Foundation
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// `ticketStats` reads what the actions wrote: first response and resolution times,
/// update counts, reopens and ratings, at the store's injected clock.
@Suite("Ticket KPIs from the store")
struct TicketStatsStoreTests {
    @Test("times, first-contact resolution, reopen rate, CSAT and backlog from real actions")
    func fromActions() throws {
        let f = try TicketStoreTests.fixture()
        let start = f.clock.now()
        let quick = try TicketStoreTests.open(f)
        let reopened = try TicketStoreTests.open(f, .dns, priority: .p3)
        let waiting = try TicketStoreTests.open(f, .api, priority: .p1)
        f.clock.advance(by: 3_600)
        try f.db.replyToTicket(quick.number, body: "Fixed on our side.", as: f.actor("sam"))
        try f.db.replyToTicket(reopened.number, body: "Looking.", as: f.actor("sam"))
        f.clock.advance(by: 3_600)
        try f.db.resolveTicket(quick.number, summary: "Gmail unblocked.", as: f.actor("sam"))
        try f.db.recordCSAT(quick.number, rating: 5, as: f.actor("sam"))
        try f.db.resolveTicket(reopened.number, summary: "DNS fixed.", as: f.actor("sam"))
        try f.db.reopenTicket(reopened.number, as: f.actor("sam"))
        try f.db.resolveTicket(reopened.number, summary: "DNS fixed, really.", as: f.actor("sam"))
        try f.db.recordCSAT(reopened.number, rating: 2, as: f.actor("sam"))
        let s = try f.db.ticketStats(since: start.addingTimeInterval(-30 * 86_400), as: f.actor("ro"))
        #expect(s.tickets == 3)
        #expect(s.overall.firstResponse.count == 2 && s.overall.firstResponse.median == 3_600)
        #expect(s.overall.resolution.count == 2 && s.overall.resolution.median == 7_200)
        // The P1 left unanswered for 2 h breached its 1 h first response.
        #expect(s.backlog.open == 1 && s.backlog.breached == 1 && s.backlog.byPriority == ["P1": 1])
        #expect(s.byPriority.first { $0.key == "P1" }?.firstResponse.missed == 1)
        #expect(s.firstContactResolution.count == 1 && s.firstContactResolution.of == 2)
        #expect(s.reopened.count == 1 && s.reopened.of == 2)
        #expect(s.csat.count == 2 && s.csat.average == 3.5)
        _ = waiting
        // The window starts after these tickets were opened: only the backlog remains.
        let later = try f.db.ticketStats(since: f.clock.now(), as: f.actor("ro"))
        #expect(later.tickets == 0 && later.backlog.open == 1)
    }
}
