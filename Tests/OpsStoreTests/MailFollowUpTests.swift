import Foundation
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// A customer's reply to a finished ticket: within the reopen window (from the
/// resolution) it joins the ticket; past it, it opens a follow-up under the old ticket for
/// the same customer and contact, with a link entry and an audit row on each, in the one
/// transaction that stores the message. The clock is a `ManualClock`.
@Suite("Mail in: follow-up after the reopen window")
struct MailFollowUpTests {
    struct Case: Sendable, CustomStringConvertible {
        var status: TicketStatus
        var days: Double
        var window: Int?
        var byTag: Bool
        var expected: MailInOutcome
        var description: String { "\(status.rawValue) \(days) d later, window \(window.map(String.init) ?? "default 14") d, \(byTag ? "tag" : "In-Reply-To") → \(expected.rawValue)" }
    }

    @Test("placed by how long ago the ticket was resolved", arguments: [
        Case(status: .investigating, days: 400, window: nil, byTag: false, expected: .appended),
        Case(status: .resolved, days: 13.9, window: nil, byTag: false, expected: .appended),
        Case(status: .closed, days: 14, window: nil, byTag: true, expected: .appended),
        Case(status: .closed, days: 14.01, window: nil, byTag: false, expected: .followUp),
        Case(status: .resolved, days: 30, window: nil, byTag: true, expected: .followUp),
        Case(status: .closed, days: 2, window: 1, byTag: false, expected: .followUp),
        Case(status: .closed, days: 2, window: 3, byTag: true, expected: .appended),
        Case(status: .resolved, days: 1.01, window: 1, byTag: true, expected: .followUp),
    ])
    func placement(_ row: Case) throws {
        let f = try TicketStoreTests.fixture()
        if let window = row.window { try f.db.setSetting(.ticketReopenDays, to: String(window), as: f.boss) }
        let old = try TicketStoreTests.open(f)
        try f.db.replyToTicket(old.number, body: "We are on it.", as: f.actor("sam"))
        let sent = try #require(try f.db.outbox(as: f.boss).first?.messageID)
        if !row.status.isOpen {
            try f.db.resolveTicket(old.number, summary: "Gmail delisted us.", as: f.actor("sam"))
            if row.status == .closed { try f.db.closeTicket(old.number, as: f.actor("sam")) }
        } else {
            try f.db.setTicketStatus(old.number, to: row.status, as: f.actor("sam"))
        }
        f.clock.advance(by: row.days * 86_400)
        let before = try f.db.ticket(old.number, as: f.boss)
        let audits = try f.auditCount()
        let headers = row.byTag ? ["From: Jo <jo@acme.example>", "Subject: Re: [\(old.number)] Bounces", "Message-ID: <late@acme.example>"]
            : ["From: jo@acme.example", "Subject: Re: Bounces", "Message-ID: <late@acme.example>", "In-Reply-To: \(sent)"]
        let result = try MailInStoreTests.receive(f, MailInStoreTests.mail(headers, "It is back."))
        #expect(result.outcome == row.expected)
        let after = try f.db.ticket(old.number, as: f.boss)
        #expect(after.ticket.status == before.ticket.status, "a reply never changes the old ticket's status")
        guard row.expected == .followUp else {
            #expect(result.ticket == old.number)
            #expect(after.entries.last?.kind == .messageIn && after.entries.last?.body == "It is back.")
            #expect(try f.auditCount() == audits + 1)
            return
        }
        let number = try #require(result.ticket)
        #expect(number != old.number)
        let followUp = try f.db.ticket(number, as: f.boss)
        let t = followUp.ticket
        #expect(t.parent == old.number && t.customerID == old.customerID && t.contactEmail == old.contactEmail)
        #expect(t.status == .triage && t.category == old.category && t.priority == old.priority)
        #expect(t.title == "Follow-up: \(old.title)")
        #expect(followUp.entries.map(\.kind) == [.status, .link, .messageIn])
        #expect(followUp.entries[1].body.hasPrefix("follow-up of \(old.number) ("))
        #expect(followUp.entries[2].body == "It is back." && followUp.entries[2].author == "customer:jo@acme.example")
        #expect(after.entries.count == before.entries.count + 1)
        #expect(after.entries.last?.kind == .link && after.entries.last?.body.hasPrefix("follow-up \(number) opened") == true)
        #expect(after.children == [number])
        #expect(try f.auditCount() == audits + 2)
        // The same message again is a duplicate: no second follow-up.
        let again = try MailInStoreTests.receive(f, MailInStoreTests.mail(headers, "It is back."))
        #expect(again.outcome == .duplicate)
        #expect(try f.db.ticket(old.number, as: f.boss).children == [number])
    }

    @Test("a follow-up's title never stacks prefixes and fits 200 characters")
    func titles() {
        func ticket(_ title: String) -> Ticket {
            Ticket(number: TicketNumber(1001), customerID: "acme", title: title, category: .dns, priority: .p2, status: .closed,
                   reporter: "sam", team: "ops", openedAt: Date(), updatedBy: "sam")
        }
        #expect(FollowUpRules.title(of: ticket("SPF")) == "Follow-up: SPF")
        #expect(FollowUpRules.title(of: ticket("Follow-up: SPF")) == "Follow-up: SPF")
        #expect(FollowUpRules.title(of: ticket(String(repeating: "é", count: 200))).unicodeScalars.count == 200)
    }
}
