import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Long text in the alert detail: a long runbook URL, note and annotation are shown whole
/// (wrapped), `c` shows the URL alone on full-width lines to select, and OSC 52 copies it
/// only when allowed and never with an escape sequence from the alert inside.
@MainActor
@Suite("Alert detail: long text and copying a URL")
struct AlertsCopyURLTests {
    static let longURL = "https://runbooks.penguinmails.example.com/mail/outbound/queue-backlog/draining-to-the-backup-relay-when-the-primary-mta-is-stuck?section=step-4&lang=en"
    static let note = "Drained half the backlog to the backup relay; the rest waits for the primary MTA, which the vendor is restarting now (ticket 4411)."

    static func harness(size: Size, runbook: String = longURL) throws -> ConsoleHarness {
        let h = try ConsoleHarness(size: size, startPane: "alerts")
        let id = try h.store.upsertAlert(AlertSignal(
            fingerprint: "long", rule: "queue_backlog", labels: ["alertname": "queue_backlog", "service": "mta"],
            annotations: ["description": "The outbound queue has held more than ten thousand messages for two minutes; sends are delayed for every customer on the main pool."],
            severity: .critical, status: .firing, summary: "Queue backlog", runbookURL: runbook, value: 12_000,
            at: h.clock.now().addingTimeInterval(-120))).alert.id
        try h.store.acknowledgeAlerts([id], note: note, as: ActorContext(osLogin: ConsoleHarness.operatorLogin))
        _ = h.app.refresh(force: true)
        AlertsPaneGoldenTests.select(id, in: h)
        h.press(.enter)
        return h
    }

    /// The screen's text with every character that is not part of the page's content
    /// (borders, padding) removed, so wrapped text reads as one string.
    static func flattened(_ h: ConsoleHarness) -> String {
        h.text.filter { !"│ \n┌┐└┘─".contains($0) }
    }

    @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func detailShowsLongTextWhole(size: Size) throws {
        let h = try Self.harness(size: size)
        let text = Self.flattened(h)
        // Two columns from 110 wide: the URL wraps in the left one, so read that column alone.
        let left = size.width >= 110
            ? h.text.split(separator: "\n").map { String($0.prefix(size.width / 2)) }.joined().filter { !"│ ┌┐└┘─".contains($0) }
            : text
        #expect(left.contains(Self.longURL.filter { $0 != " " }), "the runbook URL is not cut")
        #expect(!h.text.contains("…"), "nothing is cut with an ellipsis")
        #expect(text.contains("(ticket4411)."), "the note's end shows")
        if size.width < 110 { #expect(text.contains(Self.note.filter { $0 != " " }), "one column: the note reads whole") }
        assertSnapshot(h.frame(), named: "alerts-detail-long-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func copyShowsTheURLAloneOnFullLines(size: Size) throws {
        let h = try Self.harness(size: size)
        h.press(.char("y"))
        #expect(h.app.overlay == .copy(Self.longURL))
        let lines = h.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("https://") })
        let joined = lines[start..<min(lines.count, start + 3)].joined().replacingOccurrences(of: " ", with: "")
        #expect(joined.hasPrefix(Self.longURL), "the URL is split only at the screen's edge, with nothing in between")
        #expect(h.app.takeClipboardRequest() == nil, "OSC 52 is off unless PMOPS_OSC52=1")
        assertSnapshot(h.frame(), named: "alerts-copy-url-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
        h.press(.char("x"))
        #expect(h.app.overlay == .none)
        #expect(h.alerts.detail != nil, "the key that closes the overlay does nothing else")
    }

    @Test func osc52OnlyWhenAllowedAndNeverWithEscapes() throws {
        let hostile = "https://evil.example.com/\u{1B}]52;c;AAAA\u{07}\u{1B}[2J"
        let h = try Self.harness(size: Size(width: 120, height: 40), runbook: hostile)
        h.env.clipboardAllowed = true
        h.press(.char("y"))
        let copied = try #require(h.app.takeClipboardRequest())
        #expect(!copied.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "controls are made visible, never sent")
        #expect(h.app.takeClipboardRequest() == nil, "a request is taken once")
        let backend = TestBackend()
        let core = RunLoopCore(backend: backend, app: h.app)
        _ = core.receive([.key(.escape), .key(.char("y"))])
        #expect(backend.clipboard == [copied], "the run loop hands the request to the backend")
    }

    @Test func noURLSaysSo() throws {
        let h = try ConsoleHarness(size: Size(width: 120, height: 40), startPane: "alerts")
        let id = try h.store.upsertAlert(AlertSignal(fingerprint: "n", rule: "r", labels: ["alertname": "r"], severity: .info, status: .firing,
                                                     summary: "no runbook", at: h.clock.now())).alert.id
        _ = h.app.refresh(force: true)
        AlertsPaneGoldenTests.select(id, in: h)
        h.press(.enter, .char("y"))
        #expect(h.app.overlay == .none)
        #expect(h.text.contains("This alert has no runbook URL."))
    }
}
