import Testing
@testable import OpsConsole
import TermUI

/// The key grammar holds over the whole command table built from the registry, so a pane
/// added on another branch is checked as soon as its registry line lands.
@Suite("Key grammar")
struct KeyGrammarTests {
    @Test("every row of the standard table follows the grammar")
    func standardTableFollowsTheGrammar() {
        let violations = KeyGrammar.violations(in: CommandTable(registry: .standard))
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test("no letter means two verbs in two panes, and no navigation key is a verb")
    func oneLetterOneVerbAcrossPanes() {
        let table = CommandTable(registry: .standard)
        var meaning: [Key: String] = [:]
        for c in table.commands where !KeyGrammar.modalScopes.contains(c.scope) {
            for key in c.keys {
                if KeyGrammar.navigationKeys.contains(key) {
                    #expect(KeyGrammar.isNavigation(c.id), "\(KeyLabel.text(key)) is navigation but runs \(c.id) in \(c.scope)")
                } else if let first = meaning[key] {
                    #expect(first == c.title, "\(KeyLabel.text(key)) means \"\(first)\" and \"\(c.title)\" (\(c.scope))")
                } else {
                    meaning[key] = c.title
                }
            }
        }
    }

    /// (key, title, scope) rows a careless pane might add, and whether the grammar refuses them.
    static let cases: [(Key, String, Bool)] = [
        (.char("g"), "Group", true),        // navigation key reused for a verb
        (.char("a"), "Audit", true),        // a means Ack
        (.char("e"), "Escalate", true),     // e means Edit
        (.char("Q"), "Quarantine", true),   // not in the grammar at all
        (.char("a"), "Ack", false),
        (.char("x"), "Expire", false),
    ]

    @Test("a row that reuses a letter for another verb or a navigation key is refused", arguments: cases)
    func refusesConflicts(key: Key, title: String, refused: Bool) {
        let scope = CommandScope("probe", title: "Probe pane")
        let row = Command(CommandID("probe"), keys: [key], title: title, help: "A row under test.", scope: scope)
        let table = CommandTable(commands: CommandTable(registry: .standard).commands + [row], scopes: [scope])
        let found = KeyGrammar.violations(in: table).contains { $0.contains("Probe pane") }
        #expect(found == refused)
    }

    @Test("every verb in the grammar has one key, and no verb key is also a navigation key")
    func grammarIsConsistent() {
        let keys = KeyGrammar.verbs.map(\.key)
        #expect(Set(keys).count == keys.count, "a key appears twice in KeyGrammar.verbs")
        #expect(keys.allSatisfy { !KeyGrammar.navigationKeys.contains($0) })
    }
}
