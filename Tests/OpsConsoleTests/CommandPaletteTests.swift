import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI

/// The `:` palette: every offered pane's commands, `:id` jumps, ranking, and never Quit
/// from `:` then Enter.
@MainActor
@Suite("Command palette")
struct CommandPaletteTests {
    func labels(_ h: ConsoleHarness, _ query: String) -> [String] {
        var state = PaletteState()
        for c in query { _ = state.field.handle(.char(c)) }
        return state.matches(from: h.app.paletteEntries()).map(\.label)
    }

    @Test func colonThenEnterNeverQuits() throws {
        for pane in ["health", "alerts", "users"] {
            let h = try ConsoleHarness(startPane: pane)
            #expect(labels(h, "").first != "Quit")
            #expect(labels(h, "").last == "Quit")
            h.press(.char(":"))
            #expect(h.press(.enter) != .quit, "`:` Enter quit from \(pane)")
        }
    }

    @Test func exactAndPrefixTitleMatchesRankFirst() throws {
        let h = try ConsoleHarness()
        #expect(labels(h, "audit").first == "Audit")
        #expect(labels(h, "ack").first == "Ack")
        #expect(!labels(h, "ticket").contains("Silence"))
        #expect(!labels(h, "audit").prefix(1).contains("Details"))
    }

    @Test func jumpsSwitchPanes() throws {
        let h = try ConsoleHarness()
        #expect(labels(h, "alerts").first == ":alerts")
        h.press(.char(":"))
        h.type("alerts")
        h.press(.enter)
        #expect(h.app.activePaneID == "alerts")
    }

    @Test func anotherPanesCommandSwitchesAndRuns() throws {
        let h = try ConsoleHarness()
        let entry = h.app.paletteEntries().first { $0.command.id == .alertGroups }
        #expect(entry?.paneTitle == "Alerts")
        h.press(.char(":"))
        h.type("group")
        h.press(.enter)
        #expect(h.app.activePaneID == "alerts")
        #expect(h.alerts.grouped)
    }

    @Test func deniedCommandsAreDimmedWithTheReasonAndDoNotRun() throws {
        let h = try ConsoleHarness(role: .readonly)
        let new = h.app.paletteEntries().first { $0.command.id == .userCreate }
        #expect(new?.denied == "needs users.manage; you are readonly")
        h.press(.char(":"))
        h.type("new")
        #expect(h.text.contains("New  (needs users.manage; you are readonly)"))
        h.press(.enter)
        #expect(h.users.modal == .none)
        #expect(h.text.contains("New: needs users.manage; you are readonly"))
    }

    @Test func panesTheActorCannotReadHaveNoPaletteLines() throws {
        let h = try ConsoleHarness(role: .finance)
        #expect(!h.app.paletteEntries().contains { $0.paneID == "alerts" || $0.label == ":alerts" })
    }
}
