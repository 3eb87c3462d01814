import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Golden screens of every Users view, the help overlay, the palette and dialogs, at the
/// three sizes the console is used at. `RECORD_SNAPSHOTS=1` rewrites them (and fails).
@MainActor
@Suite("Users pane goldens")
struct UsersPaneGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    func check(_ name: String, size: Size, theme: Theme = .default, _ steps: (ConsoleHarness) throws -> Void) throws {
        let h = try ConsoleHarness(size: size, theme: theme)
        try steps(h)
        assertSnapshot(h.frame(), named: "\(name)-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test(arguments: sizes) func list(size: Size) throws {
        try check("users-list", size: size) { _ in }
    }

    @Test(arguments: sizes) func detail(size: Size) throws {
        try check("users-detail", size: size) { h in
            h.press(.char("/"))
            h.type("operator")
            h.press(.enter, .enter)
        }
    }

    @Test(arguments: sizes) func audit(size: Size) throws {
        try check("users-audit", size: size) { h in h.press(.char("L")) }
    }

    @Test(arguments: sizes) func outbox(size: Size) throws {
        try check("users-outbox", size: size) { h in h.press(.char("M")) }
    }

    @Test(arguments: sizes) func createFormWithErrors(size: Size) throws {
        try check("users-create-errors", size: size) { h in
            h.press(.char("n"))
            h.type("Bad Login")
            h.press(.tab, .tab)
            h.type("nope")
            h.press(.enter)
        }
    }

    @Test(arguments: sizes) func rolesConflict(size: Size) throws {
        try check("users-roles-conflict", size: size) { h in
            h.press(.char("R"))
            h.press(.down, .down, .down, .down, .char(" ")) // support
            h.press(.down, .char(" ")) // finance: conflicts with support
        }
    }

    @Test(arguments: sizes) func deactivateDialog(size: Size) throws {
        try check("users-deactivate", size: size) { h in
            h.press(.char("j"), .char("d"))
            h.type("moved to another team")
        }
    }

    @Test(arguments: sizes) func help(size: Size) throws {
        try check("help", size: size) { h in h.press(.char("?")) }
    }

    @Test(arguments: sizes) func palette(size: Size) throws {
        try check("palette", size: size) { h in
            h.press(.char(":"))
            h.type("de")
        }
    }

    @Test func monoTheme() throws {
        try check("users-list-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h in
            h.press(.char("j"), .char("j"))
        }
    }

    /// A display name holding ESC[2J and a bidi override renders inert, and CJK names
    /// keep the table's columns aligned.
    @Test func hostileAndWideNamesStayAligned() throws {
        try check("users-hostile-names", size: Size(width: 120, height: 40)) { h in
            let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)
            // The core refuses control characters in names; write one straight into the
            // store (as a compromised peer could) to prove the renderer still neutralises it.
            try h.store.write { db in
                try db.execute(sql: "UPDATE staff SET display_name = ? WHERE login = 'staff1'", arguments: ["Evil \u{1B}[2J\u{202E}gnp.exe"])
            }
            _ = try h.store.setRoles(login: "staff1", roles: ["readonly", "support"], as: op)
            h.press(.char("/"))
            h.type("staff")
            h.press(.enter)
        }
        let h = try ConsoleHarness()
        try h.store.write { db in try db.execute(sql: "UPDATE staff SET display_name = ? WHERE login = 'staff1'", arguments: ["Evil \u{1B}[2J\u{202E}x"]) }
        _ = h.app.refresh(force: true)
        h.press(.char("/"))
        h.type("staff")
        h.press(.enter)
        let buffer = h.frame()
        let text = buffer.textGrid()
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{202E}"))
        #expect(text.contains("␛[2J"))
        // Columns line up in cells, whatever the names' widths: in every row the cell
        // before the ROLES column is a blank separator, never half of a wide character.
        func row(_ y: Int) -> String { (0..<buffer.size.width).map { buffer[$0, y].grapheme }.joined() }
        guard let headerY = (0..<buffer.size.height).first(where: { row($0).contains("ROLES") }) else {
            Issue.record("no table header")
            return
        }
        let rolesX = (0..<buffer.size.width).first { x in
            (0..<5).allSatisfy { x + $0 < buffer.size.width && buffer[x + $0, headerY].grapheme == Array("ROLES")[$0].description }
        } ?? 0
        var checked = 0
        for y in (headerY + 1)..<buffer.size.height where row(y).contains("staff") {
            #expect(buffer[rolesX - 1, y].grapheme == " " && !buffer[rolesX - 1, y].isContinuation, "row \(y) misaligned: \(row(y))")
            #expect(!buffer[rolesX, y].isContinuation)
            checked += 1
        }
        #expect(checked >= 3, "expected the staffN rows with CJK names")
    }
}
