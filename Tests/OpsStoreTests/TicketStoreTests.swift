import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// The tickets feature store: each action one transaction with its entry and audit row,
/// nothing half-applied, optimistic concurrency on status.
@Suite("Ticket store")
struct TicketStoreTests {
    static let acme = Customer(id: "acme", name: "Acme Mail GmbH", plan: .growth, status: .active, successManager: "dana",
                               contacts: [CustomerContact(name: "Jo Ops", email: "jo@acme.example")],
                               created: Date(timeIntervalSince1970: 1_790_000_000))

    static func fixture() throws -> StoreFixture {
        let f = try StoreFixture()
        // Monday 2026-12-07 09:00 UTC, inside the default business hours.
        f.clock.set(Timestamp.parse("2026-12-07T09:00Z") ?? Date())
        try f.add("sam", [.support])
        try f.add("fin", [.finance])
        try f.add("ro", [.readonly])
        _ = try f.db.importCustomers([acme], as: f.boss)
        return f
    }

    static func open(_ f: StoreFixture, _ category: TicketCategory = .deliverability, priority: TicketPriority = .p2) throws -> Ticket {
        try f.db.openTicket(NewTicket(customer: "acme", contactEmail: "jo@acme.example", title: "Bounces to Gmail since 09:00",
                                      category: category, priority: priority, body: "Since 09:00 every mail to Gmail bounces."),
                            as: f.actor("sam"))
    }

    @Test("import is an idempotent upsert by id, audited per change, all or nothing")
    func importCustomers() throws {
        let f = try Self.fixture()
        let before = try f.auditCount()
        #expect(try f.db.importCustomers([Self.acme], as: f.boss) == { var r = CustomerImportReport(); r.unchanged = 1; return r }())
        #expect(try f.auditCount() == before)
        var changed = Self.acme
        changed.plan = .scale
        let other = Customer(id: "penguin-co", name: "Penguin Co", plan: .free, status: .trial, created: Date(timeIntervalSince1970: 0))
        let report = try f.db.importCustomers([changed, other], as: f.boss)
        #expect(report.created == ["penguin-co"] && report.updated == ["acme"])
        #expect(try f.auditCount() == before + 2)
        #expect(try f.db.customer(id: "acme", as: f.actor("ro")).plan == .scale)
        var bad = other
        bad.id = "Bad Id"
        let error = opsError { () throws(OpsError) in try f.db.importCustomers([Self.acme, bad], as: f.boss) }
        #expect(error?.fieldErrors.first?.field == "record 2 id")
        #expect(try f.db.customers(as: f.boss).map(\.id) == ["acme", "penguin-co"])
        #expect(opsError { () throws(OpsError) in try f.db.importCustomers([Self.acme], as: f.actor("sam")) }?.exitCode == 4)
    }

    @Test("opening: number, team by category, status and message entries, the SLA deadline, one audit row")
    func openTicket() throws {
        let f = try Self.fixture()
        let before = try f.auditCount()
        let ticket = try Self.open(f)
        #expect(ticket.number == TicketNumber(1_001) && ticket.team == "ops" && ticket.status == .new && ticket.version == 1)
        #expect(try Self.open(f, .refund).team == "finance")
        #expect(try f.auditCount() == before + 2)
        let detail = try f.db.ticket(ticket.number, as: f.actor("ro"))
        #expect(detail.entries.map(\.kind) == [.status, .messageIn])
        #expect(detail.entries[1].author == "customer:jo@acme.example")
        #expect(detail.sla.nextDue?.due == Timestamp.parse("2026-12-07T13:00Z"))
        let due = try f.db.read { db in try String.fetchOne(db, sql: "SELECT sla_due_at FROM ticket WHERE number = 1001") }
        #expect(due == "2026-12-07T13:00:00.000Z")
        let unknown = opsError { () throws(OpsError) in
            try f.db.openTicket(NewTicket(customer: "nobody", title: "x", category: .other, priority: .p4), as: f.actor("sam"))
        }
        #expect(unknown?.exitCode == 3)
        let stranger = opsError { () throws(OpsError) in
            try f.db.openTicket(NewTicket(customer: "acme", contactEmail: "eve@evil.example", title: "x", category: .other, priority: .p4), as: f.actor("sam"))
        }
        #expect(stranger == .notFound("'eve@evil.example' is not a contact of acme; its contacts are jo@acme.example."))
        let denied = opsError { () throws(OpsError) in
            try f.db.openTicket(NewTicket(customer: "acme", title: "x", category: .other, priority: .p4), as: f.actor("ro"))
        }
        #expect(denied?.exitCode == 4)
    }

    @Test("status moves along the lifecycle; a stale version loses with who and when (exit 5), nothing changed")
    func statusConcurrency() throws {
        let f = try Self.fixture()
        let ticket = try Self.open(f)
        f.clock.advance(by: 600)
        let moved = try f.db.setTicketStatus(ticket.number, to: .investigating, expectedVersion: 1, as: f.actor("sam"))
        #expect(moved.version == 2 && moved.status == .investigating)
        let audit = try f.auditCount()
        let stale = opsError { () throws(OpsError) in try f.db.setTicketStatus(ticket.number, to: .triage, expectedVersion: 1, as: f.boss) }
        #expect(stale == .conflict("ESC-1001 was changed by sam at 2026-12-07T09:10:00.000Z (now version 2, you had 1); reload and try again. Nothing was changed."))
        #expect(stale?.exitCode == 5)
        #expect(try f.auditCount() == audit)
        #expect(try f.db.ticket(ticket.number, as: f.boss).ticket.status == .investigating)
        let refused = opsError { () throws(OpsError) in try f.db.setTicketStatus(ticket.number, to: .new, as: f.actor("sam")) }
        #expect(refused?.description.contains("it can go to triage, waiting-customer, waiting-vendor, resolved (tickets resolve)") == true)
        let noVendor = opsError { () throws(OpsError) in try f.db.setTicketStatus(ticket.number, to: .waitingVendor, as: f.actor("sam")) }
        #expect(noVendor?.exitCode == 2)
        let waiting = try f.db.setTicketStatus(ticket.number, to: .waitingVendor, vendor: "Gmail Postmaster", as: f.actor("sam"))
        #expect(waiting.vendor == "Gmail Postmaster")
        let detail = try f.db.ticket(ticket.number, as: f.boss)
        guard case .paused = detail.sla.clock(.resolution)?.state else {
            Issue.record("resolution should pause while waiting on a vendor: \(String(describing: detail.sla.clock(.resolution)))")
            return
        }
    }

    @Test("reply goes out through the outbox tagged, meets first response; two replies both kept in order")
    func reply() throws {
        let f = try Self.fixture()
        let ticket = try Self.open(f)
        f.clock.advance(by: 1_800)
        try f.db.replyToTicket(ticket.number, body: "We are on it.", as: f.actor("sam"))
        try f.db.replyToTicket(ticket.number, body: "Second answer.", as: f.boss)
        let message = try #require(try f.db.outbox(as: f.boss).first)
        #expect(message.to == "jo@acme.example" && message.subject == "[ESC-1001] Bounces to Gmail since 09:00")
        let detail = try f.db.ticket(ticket.number, as: f.boss)
        #expect(detail.entries.filter { $0.kind == .updateOut }.map(\.body) == ["We are on it.", "Second answer."])
        #expect(detail.ticket.firstResponseAt == Timestamp.parse("2026-12-07T09:30Z"))
        #expect(detail.sla.clock(.firstResponse)?.state == .met(at: Timestamp.parse("2026-12-07T09:30Z") ?? Date(), due: Timestamp.parse("2026-12-07T13:00Z") ?? Date()))
        let big = String(repeating: "x", count: TicketValidation.maxBodyBytes + 1)
        #expect(opsError { () throws(OpsError) in try f.db.replyToTicket(ticket.number, body: big, as: f.boss) }?.exitCode == 2)
    }

    @Test("resolve needs a summary; close, reopen within the window, CSAT once resolved")
    func resolution() throws {
        let f = try Self.fixture()
        let ticket = try Self.open(f)
        #expect(opsError { () throws(OpsError) in try f.db.resolveTicket(ticket.number, summary: nil, as: f.actor("sam")) }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in try f.db.recordCSAT(ticket.number, rating: 5, as: f.actor("sam")) }?.exitCode == 5)
        let resolved = try f.db.resolveTicket(ticket.number, summary: "Gmail lifted the block.", as: f.actor("sam"))
        #expect(resolved.status == .resolved && resolved.resolution == "Gmail lifted the block.")
        #expect(try f.db.recordCSAT(ticket.number, rating: 4, as: f.actor("sam")).csat == 4)
        #expect(try f.db.closeTicket(ticket.number, as: f.actor("sam")).status == .closed)
        f.clock.advance(by: 13 * 86_400)
        #expect(try f.db.reopenTicket(ticket.number, as: f.actor("sam")).status == .investigating)
        _ = try f.db.resolveTicket(ticket.number, summary: "Again.", as: f.actor("sam"))
        f.clock.advance(by: 15 * 86_400)
        #expect(opsError { () throws(OpsError) in try f.db.reopenTicket(ticket.number, as: f.actor("sam")) }?.exitCode == 5)
        let kinds = try f.db.ticket(ticket.number, as: f.boss).entries.map(\.kind)
        #expect(kinds == [.status, .messageIn, .resolution, .csat, .status, .status, .resolution])
    }

    @Test("assign needs an active account with tickets.manage; finance works billing tickets; parents have no cycles")
    func assignAndParent() throws {
        let f = try Self.fixture()
        let a = try Self.open(f, .billingDispute)
        let b = try Self.open(f)
        #expect(try f.db.assignTicket(a.number, to: "fin", as: f.actor("fin")).assignee == "fin")
        #expect(opsError { () throws(OpsError) in try f.db.assignTicket(a.number, to: "ro", as: f.boss) }?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try f.db.assignTicket(a.number, to: "ghost", as: f.boss) }?.exitCode == 3)
        _ = try f.db.setTicketParent(b.number, to: a.number, as: f.boss)
        #expect(opsError { () throws(OpsError) in try f.db.setTicketParent(a.number, to: b.number, as: f.boss) }?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try f.db.setTicketParent(a.number, to: a.number, as: f.boss) }?.exitCode == 2)
        #expect(try f.db.ticket(a.number, as: f.boss).children == [b.number])
        #expect(opsError { () throws(OpsError) in try f.db.linkTicket(a.number, alert: 99, as: f.boss) } == .notFound("No alert 99."))
    }

    @Test("the queue: open tickets by SLA deadline, filters, breached only")
    func queue() throws {
        let f = try Self.fixture()
        let p4 = try Self.open(f, .other, priority: .p4)
        let p1 = try Self.open(f, .deliverability, priority: .p1)
        #expect(try f.db.tickets(as: f.boss).map(\.ticket.number) == [p1.number, p4.number])
        #expect(try f.db.tickets(TicketFilter(priority: .p4), as: f.boss).map(\.ticket.number) == [p4.number])
        #expect(try f.db.tickets(TicketFilter(team: "support"), as: f.boss).map(\.ticket.number) == [p4.number])
        #expect(try f.db.tickets(TicketFilter(breachedOnly: true), as: f.boss).isEmpty)
        f.clock.advance(by: 2 * 3_600)
        #expect(try f.db.tickets(TicketFilter(breachedOnly: true), as: f.boss).map(\.ticket.number) == [p1.number])
        #expect(try f.db.tickets(as: f.boss).first?.sla.isBreached == true)
    }

    @Test("entries are append-only in the schema itself")
    func appendOnly() throws {
        let f = try Self.fixture()
        _ = try Self.open(f)
        #expect(throws: (any Error).self) { try f.db.writer.write { db in try db.execute(sql: "UPDATE ticket_entry SET body = 'x'") } }
        #expect(throws: (any Error).self) { try f.db.writer.write { db in try db.execute(sql: "DELETE FROM ticket_entry") } }
    }
}
