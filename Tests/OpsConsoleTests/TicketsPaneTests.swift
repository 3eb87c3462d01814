import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI

/// Each ticket action from its key: the store changed and its audit row was written;
/// refusals are one status line; the queue's order, filters and text stay safe.
@MainActor
@Suite("Tickets pane")
struct TicketsPaneTests {
    let op = TicketFixtures.op

    /// A harness with the cursor on an open ticket (opened in the detail view).
    func onTicket(role: Role? = nil, status: TicketStatus? = nil) throws -> (ConsoleHarness, TicketsPane, TicketNumber) {
        let (h, pane) = try TicketFixtures.harness(role: role)
        let rows = try h.store.ticketPage(TicketFilter(), offset: 0, limit: 500, as: op)
        let row = try #require(rows.first { status == nil ? $0.ticket.contactEmail != nil : $0.ticket.status == status })
        TicketFixtures.select(row.ticket.number, in: h, pane: pane)
        h.press(.enter)
        #expect(pane.reading?.ticket.number == row.ticket.number)
        return (h, pane, row.ticket.number)
    }

    func audited(_ h: ConsoleHarness, _ n: TicketNumber, _ action: String, before: Int) throws {
        #expect(try h.store.auditCount() == before + 1)
        #expect(try TicketFixtures.auditActions(h, target: n).last == action)
    }

    @Test func queueIsInSLARiskOrderWithCountdowns() throws {
        let (h, pane) = try TicketFixtures.harness()
        let rows = try h.store.ticketPage(TicketFilter(), offset: 0, limit: 500, as: op)
        let lefts = rows.compactMap { $0.sla.timeLeft(now: h.clock.now()) }
        #expect(lefts == lefts.sorted(), "breached first, then least time left")
        #expect(lefts.contains { $0 < 0 }, "the demo desk has breached tickets")
        #expect(pane.list.rowCount == rows.count)
        let text = h.text
        #expect(text.contains("6 Tickets") && text.contains("SLA") && text.contains("ESC-"))
        #expect(text.range(of: #"-\d+:\d\d"#, options: .regularExpression) != nil, "a breached countdown is shown")
    }

    @Test func filtersNarrowTheQueue() throws {
        let (h, pane) = try TicketFixtures.harness()
        let all = pane.list.rowCount
        h.press(.char("B"))
        let breached = try h.store.ticketCount(TicketFilter(breachedOnly: true), as: op)
        #expect(pane.list.rowCount == breached && breached < all)
        h.press(.char("X"), .char("Q"))
        #expect(pane.filter.priority == .p1)
        h.press(.char("X"), .char("T"))
        #expect(pane.filter.team == "ops")
        h.press(.char("X"), .char("Y"))
        #expect(pane.filter.category == .deliverability)
        h.press(.char("X"), .char("S"))
        #expect(pane.filter.statuses == [.new])
        h.press(.char("X"), .char("/"))
        h.type("ESC-1001")
        h.press(.enter)
        #expect(pane.list.rowCount <= 1)
        h.press(.char("X"))
        #expect(pane.list.rowCount == all)
        let customer = try #require(pane.list.selectedRow?.ticket.customerID)
        h.press(.char("K"))
        h.press(.enter)
        #expect(pane.filter.customer == customer)
        #expect(pane.list.rowCount == (try h.store.ticketCount(TicketFilter(customer: customer), as: op)))
    }

    @Test func noteIsInternalAndAudited() throws {
        let (h, pane, n) = try onTicket()
        let before = try h.store.auditCount()
        h.press(.char("c"))
        h.type("Customer's DKIM selector missing after their DNS move")
        h.press(.ctrl("d"))
        #expect(pane.prompt == nil)
        let entry = try #require(try h.store.ticket(n, as: op).entries.last)
        #expect(entry.kind == .note && entry.body == "Customer's DKIM selector missing after their DNS move")
        try audited(h, n, "ticket.note", before: before)
        #expect(h.text.contains("INTERNAL note"))
    }

    @Test func replyIsConfirmedBeforeSending() throws {
        let (h, pane, n) = try onTicket()
        let before = try h.store.auditCount()
        h.press(.char("E"))
        h.type("We found it;")
        h.press(.enter)
        h.type("please retry.")
        h.press(.ctrl("d"))
        #expect(h.text.contains("Send reply to "))
        #expect(try h.store.auditCount() == before, "nothing is sent before y")
        h.press(.char("n"))
        #expect(pane.prompt?.kind == .reply && pane.prompt?.area.text == "We found it;\nplease retry.")
        h.press(.ctrl("d"), .char("y"))
        #expect(pane.prompt == nil)
        let sent = try #require(try h.store.ticket(n, as: op).entries.last)
        #expect(sent.kind == .updateOut && sent.body == "We found it;\nplease retry.")
        try audited(h, n, "ticket.reply", before: before)
    }

    @Test func assignPriorityAndLink() throws {
        let (h, _, n) = try onTicket()
        let worker = try #require(try h.store.listStaff(StaffFilter(role: .support), as: op).first?.login)
        var before = try h.store.auditCount()
        h.press(.char("A"))
        for _ in 0..<40 { h.press(.backspace) }
        h.type(worker)
        h.press(.enter)
        #expect(try h.store.ticket(n, as: op).ticket.assignee == worker)
        try audited(h, n, "ticket.assign", before: before)
        before = try h.store.auditCount()
        h.press(.char("!"))
        for _ in 0..<4 { h.press(.backspace) }
        h.type("P1")
        h.press(.enter)
        #expect(try h.store.ticket(n, as: op).ticket.priority == .p1)
        try audited(h, n, "ticket.priority", before: before)
        before = try h.store.auditCount()
        let alert = try #require(try h.store.alerts(limit: 5).first?.id)
        if try h.store.ticket(n, as: op).alerts.contains(alert) { return }
        h.press(.char("&"))
        h.type(String(alert))
        h.press(.enter)
        #expect(try h.store.ticket(n, as: op).alerts.contains(alert))
        try audited(h, n, "ticket.link", before: before)
        #expect(h.text.contains("alert \(alert)"))
    }

    @Test func statusShowsMovesAndWaitingOnVendorAsksTheVendor() throws {
        let (h, pane, n) = try onTicket(status: .investigating)
        let before = try h.store.auditCount()
        h.press(.char(">"))
        #expect(h.text.contains("Moves: triage, waiting on customer, waiting on vendor"))
        h.type("waiting-vendor")
        h.press(.enter)
        #expect(pane.prompt?.kind == .vendor)
        h.type("Gmail Postmaster")
        h.press(.enter)
        let t = try h.store.ticket(n, as: op).ticket
        #expect(t.status == .waitingVendor && t.vendor == "Gmail Postmaster")
        try audited(h, n, "ticket.status", before: before)
    }

    @Test func aConcurrentChangeShowsTheStoresSentence() throws {
        let (h, pane, n) = try onTicket(status: .investigating)
        h.press(.char(">"))
        h.type("triage")
        try h.store.noteTicket(n, body: "meanwhile, someone else", as: op)
        h.press(.enter)
        #expect(pane.prompt?.error?.contains("was changed by \(ConsoleHarness.operatorLogin)") == true)
        #expect(try h.store.ticket(n, as: op).ticket.status == .investigating)
    }

    @Test func resolveNeedsASummaryThenCloseReopenAndRate() throws {
        let (h, pane, n) = try onTicket()
        var before = try h.store.auditCount()
        h.press(.char("r"), .enter)
        #expect(pane.prompt?.error != nil, "an empty summary is refused in the prompt")
        #expect(try h.store.auditCount() == before)
        h.type("DKIM selector re-published")
        h.press(.enter)
        #expect(try h.store.ticket(n, as: op).ticket.status == .resolved)
        try audited(h, n, "ticket.resolve", before: before)
        before = try h.store.auditCount()
        h.press(.char("*"))
        h.type("5")
        h.press(.enter)
        #expect(try h.store.ticket(n, as: op).ticket.csat == 5)
        try audited(h, n, "ticket.csat", before: before)
        before = try h.store.auditCount()
        h.press(.char("C"))
        h.press(.char("y"))
        #expect(try h.store.ticket(n, as: op).ticket.status == .closed)
        try audited(h, n, "ticket.close", before: before)
        before = try h.store.auditCount()
        h.press(.char("U"))
        #expect(try h.store.ticket(n, as: op).ticket.status == .investigating)
        try audited(h, n, "ticket.reopen", before: before)
    }

    @Test func aResolvedTicketBecomesAKBArticleAnOpenOneIsRefused() throws {
        let (h, pane, n) = try onTicket()
        var before = try h.store.auditCount()
        h.press(.char("J"))
        #expect(pane.prompt == nil, "an open ticket has no resolution to write up")
        #expect(h.text.contains("resolve it (r) first"))
        #expect(try h.store.auditCount() == before)
        h.press(.char("r"))
        h.type("Re-published the DKIM selector; Gmail accepts again.")
        h.press(.enter)
        #expect(h.text.contains("J turns it into a KB article"))
        before = try h.store.auditCount()
        h.press(.char("J"))
        #expect(pane.prompt?.kind == .article)
        h.press(.ctrl("u"))
        h.press(.enter)
        #expect(pane.prompt?.error != nil, "an empty title is refused in the prompt")
        #expect(try h.store.auditCount() == before)
        h.type("Gmail bounces 550 5.7.26 after a DKIM rotation")
        h.press(.enter)
        #expect(pane.prompt == nil)
        #expect(try h.store.auditCount() == before + 1)
        let article = try #require(try h.store.kbArticles(as: op).first { $0.tickets == [n] })
        #expect(article.title == "Gmail bounces 550 5.7.26 after a DKIM rotation")
        #expect(article.body.contains("Re-published the DKIM selector"))
        #expect(h.text.contains("KB article \(article.id) written from \(n)"))
    }

    @Test func untrustedTextIsSanitisedOnScreenAndKeptInTheStore() throws {
        let (h, pane) = try TicketFixtures.harness()
        let customer = try #require(pane.list.selectedRow?.ticket.customerID)
        let title = "Bounces \u{1B}[2J\u{1B}]0;pwned\u{07} \u{202E}gnp.exe"
        let t = try h.store.openTicket(NewTicket(customer: customer, title: title, category: .deliverability, priority: .p1,
                                                 body: "line one\n\u{1B}[31mred\u{1B}[0m"), as: op)
        _ = pane.refresh(force: true)
        TicketFixtures.select(t.number, in: h, pane: pane)
        let queue = h.frame()
        h.press(.enter)
        for frame in [queue, h.frame()] {
            let text = frame.textGrid()
            #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}") && !text.contains("\u{07}"))
        }
        #expect(try h.store.ticket(t.number, as: op).ticket.title == title)
    }
}

/// Who lands where, who sees the pane, and who may act.
@MainActor
@Suite("Tickets pane roles")
struct TicketsPaneRoleTests {
    @Test func supportLandsOnTicketsOpsOnHealth() throws {
        let support = try ConsoleHarness(role: .support)
        #expect(ConsoleApp(env: support.env).activePaneID == "tickets")
        let ops = try ConsoleHarness(role: .ops)
        #expect(ConsoleApp(env: ops.env).activePaneID == "health")
        let admin = try ConsoleHarness()
        #expect(ConsoleApp(env: admin.env).activePaneID == "health")
    }

    @Test func theFirstPaneIsASetting() throws {
        let support = try ConsoleHarness(role: .support)
        try support.store.setSetting(.consoleFirstPane, to: "support=alerts", as: TicketFixtures.op)
        #expect(ConsoleApp(env: support.env).activePaneID == "alerts")
        #expect(throws: OpsError.self) { try support.store.setSetting(.consoleFirstPane, to: "nobody=tickets", as: TicketFixtures.op) }
    }

    @Test(arguments: Role.allCases) func thePaneIsOfferedExactlyToTicketReaders(_ role: Role) throws {
        guard role != .superAdmin else { return }
        let h = try ConsoleHarness(role: role)
        #expect(h.app.paneIDs.contains("tickets") == RoleMatrix.permissions(of: role).contains(.ticketsRead))
    }

    @Test func anAccountWithoutTicketsReadIsNotOfferedThePane() throws {
        #expect(PaneRegistry.standard.number(of: "tickets") == 6, "appended after Metrics: older digit keys never move")
        // Every built-in role reads tickets; a reactivated account holds no role until one
        // is granted again, so it lacks tickets.read: no tab, no digit, no palette jump.
        let h = try ConsoleHarness()
        let op = TicketFixtures.op
        _ = try h.store.createStaff(NewStaff(login: "norole", displayName: "No Role", email: "norole@example.com", roles: ["readonly"]), as: op)
        _ = try h.store.deactivate(login: "norole", reason: "left", as: op)
        _ = try h.store.reactivate(login: "norole", as: op)
        let env = ConsoleEnvironment(store: h.store, actor: ActorContext(osLogin: "norole"), clock: h.clock,
                                     commands: CommandTable(registry: .standard), timeZone: TimeZone(identifier: "UTC") ?? .current)
        let app = ConsoleApp(env: env)
        #expect(!app.paneIDs.contains("tickets"))
        app.switchTo("tickets")
        #expect(app.activePaneID != "tickets")
        #expect(env.status.shown?.text.contains("tickets.read") == true)
    }

    @Test func aRoleWithoutTicketsManageIsRefusedWithOneLine() throws {
        let (h, pane) = try TicketFixtures.harness(role: .readonly)
        let before = try h.store.auditCount()
        h.press(.enter)
        for key: Character in ["c", "E", "r", "A", ">"] {
            h.press(.char(key))
            #expect(pane.prompt == nil)
        }
        #expect(h.text.contains("needs tickets.manage; you are readonly"))
        #expect(try h.store.auditCount() == before)
    }
}
