import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI

/// "Open ticket for customer…" from an alert's detail: prefilled from the alert, one
/// transaction that opens the ticket with the alert linked, refused for roles that may not
/// open tickets.
@MainActor
@Suite("Alert → ticket")
struct AlertTicketTests {
    let op = TicketFixtures.op

    /// The Alert queue with the detail of a blacklist alert on `customer` open.
    func onAlert(role: Role? = nil) throws -> (ConsoleHarness, AlertsPane, Int64, String) {
        let (h, _) = try TicketFixtures.harness(role: role)
        let customer = try #require(try h.store.ticketPage(TicketFilter(), offset: 0, limit: 1, as: op).first?.ticket.customerID)
        let alert = try h.store.upsertAlert(AlertSignal(fingerprint: "BlacklistListed/\(customer)", rule: "BlacklistListed",
                                                        labels: ["alertname": "BlacklistListed", "tenant": customer, "service": "mta"],
                                                        severity: .critical, status: .firing, summary: "IP 203.0.113.7 listed on Spamhaus",
                                                        at: h.clock.now())).alert
        h.app.switchTo("alerts")
        let pane = h.alerts
        pane.openDetail(alert.id)
        h.frame()
        return (h, pane, alert.id, customer)
    }

    @Test func theFormIsPrefilledAndOpensTheTicketWithTheAlertLinked() throws {
        let (h, pane, id, customer) = try onAlert()
        let offered = try #require(h.app.availableCommands().first { $0.id == .alertOpenTicket })
        #expect(h.app.isAllowed(offered.permission), "offered (help, palette) and allowed")
        let before = try h.store.auditCount()
        h.press(.char("N"))
        guard case let .ticket(form) = pane.modal else { Issue.record("no form: \(pane.modal)"); return }
        #expect(form.form.fields.map(\.text) == [customer, "deliverability", "P2", "IP 203.0.113.7 listed on Spamhaus"])
        #expect(h.text.contains("Open a ticket for the customer of alert \(id)"))
        h.press(.enter)
        #expect(pane.modal == .none)
        #expect(try h.store.auditCount() == before + 1, "one transaction, one audit row")
        let opened = try #require(try h.store.ticketPage(TicketFilter(customer: customer, text: "Spamhaus"), offset: 0, limit: 5, as: op).first)
        let detail = try h.store.ticket(opened.ticket.number, as: op)
        #expect(detail.alerts == [id] && detail.ticket.category == .deliverability && detail.ticket.priority == .p2)
        #expect(h.text.contains("Opened \(opened.ticket.number) for \(customer) with alert \(id) linked."))
    }

    @Test func badInputIsRefusedInTheFormAndNothingIsOpened() throws {
        let (h, pane, _, _) = try onAlert()
        let before = try h.store.auditCount()
        h.press(.char("N"), .tab)
        for _ in 0..<20 { h.press(.backspace) }
        h.type("weather")
        h.press(.enter)
        guard case let .ticket(form) = pane.modal else { Issue.record("the form closed"); return }
        #expect(form.form.fields[1].error?.contains("is not a category") == true)
        h.press(.backTab)
        for _ in 0..<70 { h.press(.backspace) }
        h.type("nosuchcustomer")
        h.press(.tab)
        for _ in 0..<20 { h.press(.backspace) }
        h.type("dns")
        h.press(.enter)
        guard case let .ticket(again) = pane.modal else { Issue.record("the form closed"); return }
        #expect(again.error != nil || again.form.fields[0].error != nil)
        #expect(try h.store.auditCount() == before, "nothing half-applied")
    }

    @Test func rolesThatMayNotOpenTicketsAreRefusedWithOneLine() throws {
        let (h, pane, _, _) = try onAlert(role: .readonly)
        #expect(!h.app.isAllowed(.ticketsManage))
        h.press(.char("N"))
        #expect(pane.modal == .none)
        #expect(h.text.contains("needs tickets.manage"))
    }
}
