import TermUI

/// The console's key grammar: one letter means one verb in every pane, and the navigation
/// keys never mean anything else. People learn a key once (`a` acknowledges wherever there
/// is something to acknowledge) and a pane cannot quietly reuse a letter for another verb:
/// `KeyGrammarTests` checks every row of the command table, including panes added later,
/// and Docs/KEYS.md prints this table. Forms and dialogs are exempt while open: they
/// capture typing, and their few keys (Enter, Esc, Tab, Space, y/n) are their own.
public enum KeyGrammar {
    /// One verb: the key, the title every row bound to it uses, and what it means.
    public struct Verb: Sendable {
        public let key: Key
        public let title: String
        public let meaning: String
    }

    /// Keys that move, open or go back; never bound to a verb.
    public static let navigationKeys: [Key] = [
        .up, .down, .left, .right, .char("h"), .char("j"), .char("k"), .char("l"), .char("g"), .char("G"),
        .home, .end, .pageUp, .pageDown, .ctrl("b"), .ctrl("f"), .enter, .escape, .tab, .backTab,
        .char("["), .char("]"),
    ] + (1...9).map { .char(Character(String($0))) }

    /// The commands navigation keys may run.
    public static func isNavigation(_ id: CommandID) -> Bool {
        id.paneTarget != nil || [.moveUp, .moveDown, .moveLeft, .moveRight, .pageUp, .pageDown, .first, .last,
                                  .open, .back, .nextPane, .previousPane, .nextBox, .previousBox].contains(id)
    }

    /// Scopes exempt from the grammar while open (they capture typing).
    public static let modalScopes: [CommandScope] = [.compose, .form, .dialog]

    /// Every verb key. Lower case acts on the cursor row or the selection; upper case
    /// changes what is shown (filters, sort, views) or is the bigger sibling of its lower
    /// case (`O` reverses `o`'s sort, `W` narrows `w`'s window).
    public static let verbs: [Verb] = [
        Verb(key: .char("q"), title: "Quit", meaning: "leave the console"),
        Verb(key: .char("?"), title: "Help", meaning: "every key for where you are"),
        Verb(key: .function(1), title: "Help", meaning: "every key for where you are"),
        Verb(key: .char(":"), title: "Commands", meaning: "the command palette"),
        Verb(key: .char("/"), title: "Filter", meaning: "type to filter the rows"),
        Verb(key: .ctrl("l"), title: "Redraw", meaning: "repaint the screen"),
        Verb(key: .char(" "), title: "Select", meaning: "mark the row; actions apply to the marked rows"),
        Verb(key: .char("a"), title: "Ack", meaning: "acknowledge: I am on it"),
        Verb(key: .char("r"), title: "Resolve", meaning: "mark resolved, with an optional note"),
        Verb(key: .char("p"), title: "Escalate", meaning: "page the next escalation level now"),
        Verb(key: .char("s"), title: "Silence", meaning: "mute alerts like this one for a while"),
        Verb(key: .char("z"), title: "Snooze", meaning: "hide this alert for a while"),
        Verb(key: .char("f"), title: "False positive", meaning: "close as not a real problem, with a reason"),
        Verb(key: .char("c"), title: "Note", meaning: "comment: add a note to the history"),
        Verb(key: .char("A"), title: "Assign", meaning: "give it to someone"),
        Verb(key: .char("n"), title: "New", meaning: "create one"),
        Verb(key: .char("e"), title: "Edit", meaning: "change the selected item's fields"),
        Verb(key: .char("R"), title: "Roles", meaning: "change roles: an account's, or who holds an incident's"),
        Verb(key: .char("d"), title: "Deactivate", meaning: "switch an account off"),
        Verb(key: .char("u"), title: "Reactivate", meaning: "switch an account back on"),
        Verb(key: .char("x"), title: "Expire", meaning: "end it now"),
        Verb(key: .char("+"), title: "Extend", meaning: "make it last longer"),
        Verb(key: .char("v"), title: "Verify chain", meaning: "check the audit hash chain"),
        Verb(key: .char("b"), title: "Bell", meaning: "ring the terminal bell on new criticals"),
        Verb(key: .char("t"), title: "Group", meaning: "show rows as a tree of groups"),
        Verb(key: .char("o"), title: "Sort", meaning: "sort by the next column"),
        Verb(key: .char("O"), title: "Reverse sort", meaning: "flip the sort direction"),
        Verb(key: .char("w"), title: "Window", meaning: "widen the time window"),
        Verb(key: .char("W"), title: "Narrower window", meaning: "narrow the time window"),
        Verb(key: .char("S"), title: "State filter", meaning: "cycle the state filter"),
        Verb(key: .char("V"), title: "Severity filter", meaning: "cycle the severity filter"),
        Verb(key: .char("T"), title: "Team filter", meaning: "filter by team"),
        Verb(key: .char("F"), title: "Role filter", meaning: "cycle the role filter"),
        Verb(key: .char("m"), title: "Mine", meaning: "only what is assigned to you"),
        Verb(key: .char("i"), title: "Silenced filter", meaning: "show, hide or only show silenced rows"),
        Verb(key: .char("X"), title: "Clear filters", meaning: "back to the default view"),
        Verb(key: .char("L"), title: "Audit", meaning: "the audit log"),
        Verb(key: .char("M"), title: "Outbox", meaning: "the mail outbox"),
        Verb(key: .char("y"), title: "Copy URL", meaning: "yank: show a value whole to select, and copy it when the terminal allows"),
        Verb(key: .char("I"), title: "Import…", meaning: "plan changes from a file, then apply them"),
        Verb(key: .char("P"), title: "Pending onboarding", meaning: "what an import could not finish"),
        Verb(key: .char("E"), title: "Reply", meaning: "write to the customer (shown for confirmation before it is sent)"),
        Verb(key: .char(">"), title: "Status", meaning: "move it to another status"),
        Verb(key: .char("!"), title: "Priority", meaning: "change its priority"),
        Verb(key: .char("&"), title: "Link", meaning: "link it to another item (an alert)"),
        Verb(key: .char("C"), title: "Close", meaning: "close a finished item"),
        Verb(key: .char("U"), title: "Reopen", meaning: "open a finished item again"),
        Verb(key: .char("*"), title: "CSAT", meaning: "record the customer's satisfaction rating"),
        Verb(key: .char("Q"), title: "Priority filter", meaning: "cycle the priority filter"),
        Verb(key: .char("Y"), title: "Category filter", meaning: "cycle the category filter"),
        Verb(key: .char("B"), title: "Breached filter", meaning: "only rows past a deadline"),
        Verb(key: .char("K"), title: "Customer filter", meaning: "one customer's rows"),
        Verb(key: .char("^"), title: "Parent", meaning: "hang it under another item (a multi-customer outage's main ticket)"),
        Verb(key: .char("N"), title: "New ticket", meaning: "open a customer ticket from this item"),
        Verb(key: .char("J"), title: "KB article", meaning: "write it up as a knowledge-base article (how it was fixed)"),
        Verb(key: .char("D"), title: "Declare incident", meaning: "declare an incident from the marked rows"),
        Verb(key: .char("H"), title: "Postmortem", meaning: "the incident's postmortem (hindsight)"),
        Verb(key: .char("="), title: "Severity", meaning: "change its severity"),
        Verb(key: .char("#"), title: "Pin", meaning: "pin the entry as a key moment"),
        Verb(key: .char("-"), title: "Unlink", meaning: "remove a link (the reverse of &)"),
        Verb(key: .char("@"), title: "Evidence", meaning: "attach an evidence item"),
        Verb(key: .char("."), title: "Tick", meaning: "tick a checklist item"),
        Verb(key: .char("Z"), title: "Review", meaning: "approve or reject it, with a reason (never one's own)"),
        Verb(key: .char("<"), title: "Roll back", meaning: "undo it with a change that restores what it replaced"),
        Verb(key: .char("%"), title: "Rollout step", meaning: "advance a rollout to its next percentage step"),
        Verb(key: .char("~"), title: "Kill switch", meaning: "switch it off for everyone now"),
        Verb(key: .char("|"), title: "Environment filter", meaning: "cycle the environment filter (staging, production)"),
    ]

    public static func verb(for key: Key) -> Verb? { verbs.first { $0.key == key } }

    /// Every row of `table` that breaks the grammar, as sentences (empty when it holds).
    public static func violations(in table: CommandTable) -> [String] {
        var out: [String] = []
        for command in table.commands where !modalScopes.contains(command.scope) {
            for key in command.keys {
                let label = KeyLabel.text(key)
                if navigationKeys.contains(key) {
                    if !isNavigation(command.id) {
                        out.append("\(label) is a navigation key but \(command.scope.title) binds it to \"\(command.title)\"")
                    }
                } else if let verb = verb(for: key) {
                    if verb.title != command.title {
                        out.append("\(label) means \"\(verb.title)\" but \(command.scope.title) binds it to \"\(command.title)\"")
                    }
                } else {
                    out.append("\(label) (\"\(command.title)\" in \(command.scope.title)) is not in KeyGrammar.verbs: pick a key the grammar has or add the verb there")
                }
            }
        }
        return out
    }

    /// The grammar section of Docs/KEYS.md: the navigation keys, then each verb with the
    /// scopes that bind it.
    static func markdown(_ table: CommandTable) -> String {
        var out = "\n## Key grammar\n\nOne letter means one verb in every pane; navigation keys never mean anything else "
        out += "(a test checks every pane's rows against this table). Forms and dialogs keep their own keys while open.\n\n"
        out += "Navigation: " + navigationKeys.map { "`\(KeyLabel.text($0))`" }.joined(separator: " ") + "\n\n"
        out += "| key | verb | means | bound in |\n|---|---|---|---|\n"
        for verb in verbs {
            let scopes = table.commands.filter { $0.keys.contains(verb.key) && !modalScopes.contains($0.scope) }.map(\.scope.title)
            let label = KeyLabel.text(verb.key).replacingOccurrences(of: "|", with: "\\|")
            out += "| `\(label)` | \(verb.title) | \(verb.meaning) | \(scopes.isEmpty ? "—" : scopes.joined(separator: ", ")) |\n"
        }
        return out
    }
}
