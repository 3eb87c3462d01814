import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI

/// Replies and notes written in `$EDITOR` (template, strip, private file, the suspend
/// round trip as the run loop drives it) or in the text area, and the parent prompt.
@MainActor
@Suite("Tickets compose")
struct TicketComposeTests {
    let op = TicketFixtures.op

    @Test(arguments: [
        ("", ""),
        ("# only a comment\n#\n", ""),
        ("\n\nHello\n# note\nworld  \n\n", "Hello\nworld"),
        ("Hi,\r\n\r\nthanks.\r\n# To: x\r\n", "Hi,\n\nthanks."),
        ("  indented stays\n\t\n", "  indented stays"),
        ("a\n\n\nb", "a\n\n\nb"),
    ])
    func stripRemovesCommentsAndOuterBlankLines(input: String, expected: String) {
        #expect(EditorCompose.strip(input) == expected)
    }

    @Test func theReplyTemplateIsAllCommentsWithTheFactsAndTheLastMessageQuoted() throws {
        let (h, _) = try TicketFixtures.harness()
        let some = try #require(try h.store.ticketPage(TicketFilter(), offset: 0, limit: 500, as: op).first { $0.ticket.contactEmail != nil }?.ticket)
        let n = try h.store.openTicket(NewTicket(customer: some.customerID, contactEmail: some.contactEmail, title: "Bounces to Gmail",
                                                 category: .deliverability, priority: .p2, body: "Still bouncing.\n\u{1B}[2JSee attached."), as: op).number
        let d = try h.store.ticket(n, as: op)
        let template = TicketsPane.replyTemplate(d, at: h.env.shortDate)
        #expect(EditorCompose.strip(template).isEmpty, "saved untouched, the template alone cancels")
        #expect(template.hasPrefix("\n\n# Reply to the customer on \(n): "))
        #expect(template.contains("# To: \(TicketsPane.recipient(d))"))
        #expect(template.contains("# Subject: [\(n)] "))
        #expect(template.contains("# > Still bouncing.\n# > "))
        #expect(!template.contains("\u{1B}"), "the customer's escape sequence is made visible, never written raw")
        #expect(EditorCompose.strip(template + "Thanks, fixed.\n") == "Thanks, fixed.")
    }

    @Test func theDraftFileIsPrivate() throws {
        let path = try EditorCompose.writePrivate("# x\n", name: "ESC-1")
        defer { unlink(path) }
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(path.contains("pmops-ESC-1-"))
    }

    /// Drives the suspend round trip as `TerminalRunLoop` does: take the request, run the
    /// program, hand back its status.
    func runEditor(_ h: ConsoleHarness) throws {
        let program = try #require(h.app.takeForegroundRequest())
        h.app.foregroundDidFinish(program, status: program.run())
        h.frame()
    }

    func editorHarness(script: String) throws -> (ConsoleHarness, TicketsPane, TicketNumber) {
        let (h, pane) = try TicketFixtures.harness()
        let n = try #require(try h.store.ticketPage(TicketFilter(), offset: 0, limit: 500, as: op).first { $0.ticket.contactEmail != nil }?.ticket.number)
        TicketFixtures.select(n, in: h, pane: pane)
        h.env.editor = script
        return (h, pane, n)
    }

    @Test func aReplyWrittenInTheEditorIsConfirmedThenSent() throws {
        let (h, pane, n) = try editorHarness(script: "printf 'We re-published the selector.\\n' >>")
        let before = try h.store.auditCount()
        h.press(.char("E"))
        try runEditor(h)
        let d = try h.store.ticket(n, as: op)
        #expect(h.text.contains("Send reply to \(TicketsPane.recipient(d))?"))
        #expect(h.text.contains("We re-published the selector."))
        #expect(try h.store.auditCount() == before, "nothing is sent before y")
        h.press(.char("y"))
        #expect(pane.prompt == nil)
        let sent = try #require(try h.store.ticket(n, as: op).entries.last)
        #expect(sent.kind == .updateOut && sent.body == "We re-published the selector.")
        #expect(try h.store.auditCount() == before + 1)
    }

    @Test func anEmptyDraftCancelsAndAFailingEditorSendsNothing() throws {
        let (h, pane, _) = try editorHarness(script: "true")
        let before = try h.store.auditCount()
        h.press(.char("E"))
        try runEditor(h)
        #expect(pane.prompt == nil && h.text.contains("Reply cancelled"))
        h.env.editor = "false"
        h.press(.char("c"))
        try runEditor(h)
        #expect(pane.prompt == nil && h.text.contains("exited with status 1"))
        #expect(try h.store.auditCount() == before)
    }

    @Test func aNoteWrittenInTheEditorIsAddedWithoutAQuestion() throws {
        let (h, _, n) = try editorHarness(script: "printf 'Checked the MTA logs.\\n' >>")
        h.press(.char("c"))
        try runEditor(h)
        let entry = try #require(try h.store.ticket(n, as: op).entries.last)
        #expect(entry.kind == .note && entry.body == "Checked the MTA logs.")
    }

    @Test func anEmptyTextAreaIsRefusedInPlace() throws {
        let (h, pane) = try TicketFixtures.harness()
        h.press(.char("E"), .enter, .ctrl("d"))
        #expect(pane.prompt?.kind == .reply && pane.prompt?.error != nil)
    }

    @Test func parentIsSetAndClearedFromTheConsole() throws {
        let (h, pane) = try TicketFixtures.harness()
        let rows = try h.store.ticketPage(TicketFilter(), offset: 0, limit: 500, as: op)
        let (child, parent) = (rows[0].ticket.number, rows[1].ticket.number)
        TicketFixtures.select(child, in: h, pane: pane)
        let before = try h.store.auditCount()
        h.press(.char("^"))
        h.type(parent.description)
        h.press(.enter)
        #expect(try h.store.ticket(child, as: op).ticket.parent == parent)
        #expect(try h.store.auditCount() == before + 1)
        h.press(.char("^"))
        for _ in 0..<12 { h.press(.backspace) }
        h.type(child.description)
        h.press(.enter)
        #expect(pane.prompt?.error?.contains("own parent") == true, "refused in place, nothing changed")
        #expect(try h.store.ticket(child, as: op).ticket.parent == parent)
        h.press(.escape, .char("^"))
        for _ in 0..<12 { h.press(.backspace) }
        h.press(.enter)
        #expect(try h.store.ticket(child, as: op).ticket.parent == nil)
    }
}
