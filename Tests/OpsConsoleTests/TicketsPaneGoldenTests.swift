import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Golden screens of the Tickets pane at the three sizes plus mono, on the demo desk of
/// `TicketFixtures` with the harness's pinned clock (UTC). `RECORD_SNAPSHOTS=1` rewrites them.
@MainActor
@Suite("Tickets pane goldens")
struct TicketsPaneGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    func check(_ name: String, size: Size, theme: Theme = .default, _ steps: (ConsoleHarness, TicketsPane) throws -> Void) throws {
        let (h, pane) = try TicketFixtures.harness(size: size, theme: theme)
        try steps(h, pane)
        assertSnapshot(h.frame(), named: "\(name)-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    func openRich(_ h: ConsoleHarness, _ pane: TicketsPane) throws {
        TicketFixtures.select(try TicketFixtures.richTicket(h), in: h, pane: pane)
        h.press(.enter)
    }

    @Test(arguments: sizes) func queue(size: Size) throws {
        try check("tickets-queue", size: size) { h, _ in h.press(.char("j")) }
    }

    @Test(arguments: sizes) func detail(size: Size) throws {
        try check("tickets-detail", size: size) { h, pane in try openRich(h, pane) }
    }

    @Test func queueMono() throws {
        try check("tickets-queue-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, _ in h.press(.char("j")) }
    }

    @Test func detailMono() throws {
        try check("tickets-detail-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, pane in try openRich(h, pane) }
    }

    @Test func replyConfirmation() throws {
        try check("tickets-reply-confirm", size: Size(width: 120, height: 40)) { h, pane in
            try openRich(h, pane)
            h.press(.char("E"))
            h.type("We rotated the DKIM key; please resend a test message and tell us what you see.")
            h.press(.ctrl("d"))
        }
    }

    func compose(_ h: ConsoleHarness, _ pane: TicketsPane) throws {
        try openRich(h, pane)
        h.press(.char("E"))
        h.type("Hello,")
        h.press(.enter, .enter)
        h.type("We rotated the DKIM key at 10:40 UTC; please resend a test message and tell us what you see.")
        h.press(.enter)
    }

    @Test(arguments: sizes) func composeReply(size: Size) throws {
        try check("tickets-compose", size: size) { h, pane in try compose(h, pane) }
    }

    @Test(arguments: sizes) func confirmComposedReply(size: Size) throws {
        try check("tickets-compose-confirm", size: size) { h, pane in
            try compose(h, pane)
            h.press(.ctrl("d"))
        }
    }

    @Test func composeMono() throws {
        try check("tickets-compose-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, pane in try compose(h, pane) }
    }

    @Test func confirmMono() throws {
        try check("tickets-compose-confirm-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, pane in
            try compose(h, pane)
            h.press(.ctrl("d"))
        }
    }
}
