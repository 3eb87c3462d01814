import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Golden screens of the Alert queue pane at the three sizes the console is used at, on
/// the seeded queue of `AlertFixtures` with the harness's pinned clock (UTC).
/// `RECORD_SNAPSHOTS=1` rewrites them (and fails).
@MainActor
@Suite("Alert queue pane goldens")
struct AlertsPaneGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    func check(_ name: String, size: Size, theme: Theme = .default, _ steps: (ConsoleHarness, AlertFixtures.Seeded) throws -> Void) throws {
        let (h, seeded) = try AlertFixtures.harness(size: size, theme: theme)
        try steps(h, seeded)
        assertSnapshot(h.frame(), named: "\(name)-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    /// Moves the cursor to the row showing `id` (queue or grouped view).
    static func select(_ id: Int64, in h: ConsoleHarness) {
        h.press(.home)
        for _ in 0..<40 {
            if h.alerts.currentAlert?.id == id { return }
            h.press(.down)
        }
    }

    @Test(arguments: sizes) func queue(size: Size) throws {
        try check("alerts-queue", size: size) { h, _ in
            h.press(.char(" "), .char("j"), .char(" "))  // two rows selected, cursor on the third
        }
    }

    @Test(arguments: sizes) func groupExpanded(size: Size) throws {
        try check("alerts-group", size: size) { h, _ in
            h.press(.char("t"))
            // Groups: worst severity first, then the largest: HostDiskFull/smtp-out (3) is the
            // first warning group.
            for _ in 0..<10 {
                if case let .group(g, _)? = h.alerts.currentRow, g.key == "HostDiskFull/smtp-out" { break }
                h.press(.down)
            }
            h.press(.right)
        }
    }

    @Test(arguments: sizes) func detail(size: Size) throws {
        try check("alerts-detail", size: size) { h, seeded in
            try h.store.acknowledgeAlerts([seeded["queue"]], note: "draining to the backup relay", as: ActorContext(osLogin: ConsoleHarness.operatorLogin))
            _ = h.app.refresh(force: true)
            Self.select(seeded["queue"], in: h)
            h.press(.enter)
        }
    }

    @Test(arguments: sizes) func silenceDialog(size: Size) throws {
        try check("alerts-silence", size: size) { h, seeded in
            Self.select(seeded["disk1"], in: h)
            h.press(.char("s"))
            h.press(.tab, .tab, .tab, .tab)  // past the three label matchers and the empty one
            h.press(.backspace, .backspace)
            h.type("4h")
            h.press(.tab)
            h.type("mx1 spool cleanup scheduled")
        }
    }

    @Test func monoTheme() throws {
        try check("alerts-queue-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, _ in
            h.press(.char("j"), .char(" "))
        }
    }

    /// A summary, labels, a note and an assignee holding escape sequences, a bidi override,
    /// CJK, emoji and stacked combining marks: inert on screen, columns still aligned.
    @Test func hostileText() throws {
        let size = Size(width: 120, height: 40)
        try check("alerts-hostile", size: size) { h, seeded in
            // The store refuses control characters from people; write them as a compromised
            // peer could, straight into the rows.
            try h.store.write { db in
                try db.execute(sql: "UPDATE alert SET summary = ?, service = ?, team = ?, assignee = ?, labels = ? WHERE id = ?", arguments: [
                    "Disk \u{1B}[2J\u{1B}]0;pwned\u{07} full 東京データセンター 🔥🔥 e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}\u{309}\u{30A}x",
                    "邮件-服务\u{202E}gnp", "チーム", "evil\u{1B}[31m", #"{"alertname":"X\u001b[2J","instance":"主机:9100"}"#, seeded["disk1"],
                ])
                try db.execute(sql: "UPDATE alert SET summary = ? WHERE id = ?", arguments: ["👩‍👩‍👧‍👦 family emoji ZWJ \u{200B}zero-width 🇯🇵 flag", seeded["cert"]])
            }
            _ = h.app.refresh(force: true)
        }
        let (h, seeded) = try AlertFixtures.harness(size: size)
        try h.store.write { db in
            try db.execute(sql: "UPDATE alert SET summary = ?, service = ? WHERE id = ?", arguments: ["A \u{1B}[2J 東京データ 🔥", "邮件\u{202E}x", seeded["disk1"]])
        }
        _ = h.app.refresh(force: true)
        let buffer = h.frame()
        let text = buffer.textGrid()
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{202E}"))
        #expect(text.contains("␛[2J"))
        // Every row's SUMMARY column starts at the header's column, whatever came before.
        func row(_ y: Int) -> String { (0..<buffer.size.width).map { buffer[$0, y].grapheme }.joined() }
        guard let headerY = (0..<buffer.size.height).first(where: { row($0).contains("SUMMARY") }) else {
            Issue.record("no table header")
            return
        }
        let header = row(headerY)
        let columnX = header.distance(from: header.startIndex, to: header.range(of: "N ")?.lowerBound ?? header.startIndex)
        var checked = 0
        for y in (headerY + 1)..<(headerY + 12) where row(y).contains("smtp") || row(y).contains("邮件") {
            #expect(buffer[columnX - 1, y].grapheme == " " && !buffer[columnX - 1, y].isContinuation, "row \(y) misaligned: \(row(y))")
            checked += 1
        }
        #expect(checked >= 2)
        // The detail view of the hostile alert is inert too.
        AlertsPaneGoldenTests.select(seeded["disk1"], in: h)
        h.press(.enter)
        #expect(!h.text.contains("\u{1B}"))
    }
}
