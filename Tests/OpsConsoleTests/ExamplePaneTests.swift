import Foundation
import OpsCore
import Testing
@testable import OpsConsole
import TermUI

/// A pane added from a test target through the registry alone gets a digit key, a tab, a
/// palette jump, permission checks and the shell's confirmation of dangerous commands.
@MainActor
@Suite("Example pane through the registry")
struct ExamplePaneTests {
    @Test func theRegistryLineIsEnoughToOfferThePane() throws {
        let h = try ConsoleHarness(registry: NotesPane.registry)
        let digit = try #require(NotesPane.registry.number(of: "notes"))
        #expect(h.text.contains("\(digit) Notes"))
        h.press(.char(Character(String(digit))))
        #expect(h.app.activePaneID == "notes")
        #expect(h.text.contains("500 notes"))
        h.press(.char("G"))
        #expect(h.text.contains("Note 500:"))
        #expect(h.env.commands.markdown().contains("## Notes (example)"))
    }

    @Test func theShellConfirmsDangerousCommands() throws {
        let h = try ConsoleHarness(startPane: "notes", registry: NotesPane.registry)
        h.press(.char("P"))
        #expect(h.app.overlay == .confirm(.notePurge))
        #expect(h.text.contains("Purge?"))
        h.press(.char("n"))
        #expect(h.text.contains("500 notes"))
        h.press(.char("P"), .char("y"))
        #expect(h.text.contains("0 notes"))
    }

    @Test func permissionsApplyToTheNewPane() throws {
        let h = try ConsoleHarness(role: .readonly, startPane: "notes", registry: NotesPane.registry)
        #expect(h.app.activePaneID == "notes")
        h.press(.char("p"))
        #expect(h.text.contains("Pin: needs tickets.manage; you are readonly"))
        #expect(!h.text.contains("P Purge"))
    }

    @Test func filterAndDetailComeFromTheKit() throws {
        let h = try ConsoleHarness(startPane: "notes", registry: NotesPane.registry)
        h.press(.char("/"))
        h.type("Note 42:")
        h.press(.enter)
        #expect(h.text.contains("1 notes"))
        h.press(.enter)
        #expect(h.text.contains("quick brown fox"))
    }
}
