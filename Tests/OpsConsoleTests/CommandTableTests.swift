import Foundation
import Testing
@testable import OpsConsole
import TermUI

@Suite("Command table")
struct CommandTableTests {
    let table = CommandTable()

    @Test func noKeyIsBoundTwiceInOneScope() {
        let dups = table.duplicateBindings()
        #expect(dups.isEmpty, "bound twice: \(dups)")
    }

    @Test func everyCommandHasHelpTitleAndKey() {
        for c in table.commands {
            #expect(!c.title.isEmpty, "\(c.id) has no title")
            #expect(c.help.count > 10 && c.help.hasSuffix("."), "\(c.id) needs a one-sentence help text")
            #expect(!c.keys.isEmpty, "\(c.id) has no key")
        }
    }

    @Test func everyRowIsInAListedScopeAndEveryPaneHasAJump() {
        for c in table.commands { #expect(table.scopes.contains(c.scope), "\(c.id) is in unlisted scope \(c.scope)") }
        // The first nine panes have a digit key; later ones are reached with Tab and the palette.
        for id in PaneRegistry.standard.ids.prefix(9) { #expect(table.command(.showPane(id)) != nil, "no key for pane \(id)") }
        for id in PaneRegistry.standard.ids.dropFirst(9) { #expect(table.command(.showPane(id)) == nil, "pane \(id) has no digit left") }
    }

    @Test func aCommandWithAPermissionNamesOneThatExists() {
        let manage = table.commands.filter { $0.mutating }
        for c in manage { #expect(c.permission != nil, "\(c.id) changes data but declares no permission") }
    }

    @Test func specificScopeWinsOverGlobal() {
        #expect(table.resolve(.tab, scopes: [.form, .global])?.id == .formNextField)
        #expect(table.resolve(.tab, scopes: [.usersList, .global])?.id == .nextPane)
        #expect(table.resolve(.char("q"), scopes: [.usersList, .users, .list, .global])?.id == .quit)
    }

    @Test func readOnlyHidesMutatingCommands() {
        #expect(table.resolve(.char("n"), scopes: [.users], readOnly: true) == nil)
        #expect(table.resolve(.char("n"), scopes: [.users], readOnly: false)?.id == .userCreate)
        #expect(!table.available(in: [.users], readOnly: true).contains { $0.mutating })
    }

    @Test func keysDocumentIsCurrent() throws {
        let path = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("../../Docs/KEYS.md").standardized.path
        let onDisk = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try table.markdown().write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("Docs/KEYS.md rewritten; run again without RECORD_SNAPSHOTS")
            return
        }
        #expect(onDisk == table.markdown(), "Docs/KEYS.md is stale: run `RECORD_SNAPSHOTS=1 swift test --filter keysDocumentIsCurrent` or `pmops debug keys > Docs/KEYS.md`")
    }

    @Test func paletteMatchesFuzzily() {
        #expect(PaletteState.score("deac", "Deactivate") != nil)
        #expect(PaletteState.score("dvt", "Deactivate") != nil)
        #expect(PaletteState.score("xyz", "Deactivate") == nil)
        #expect(PaletteState.score("de", "Deactivate")! > PaletteState.score("de", "Audit details")!)
    }
}
