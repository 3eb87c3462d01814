import OpsCore
import TermUI

/// THE key table. Nothing else in the console binds a key. The shell's rows are here;
/// each pane's rows come from its `PaneDescriptor`, and a digit key per pane is generated
/// from the registry's order.
public struct CommandTable: Sendable {
    public let commands: [Command]
    /// Every scope in the order help and Docs/KEYS.md list them.
    public let scopes: [CommandScope]

    public init(registry: PaneRegistry = .standard) {
        let jumps = registry.panes.enumerated().compactMap { i, pane -> Command? in
            guard i < 9 else { return nil }
            return Command(.showPane(pane.id), keys: [.char(Character(String(i + 1)))], title: pane.title,
                           help: "Switch to the \(pane.title) pane (:\(pane.id) in the palette).", scope: .global,
                           permission: pane.permission)
        }
        commands = Self.shell + jumps + Self.lists + registry.panes.flatMap(\.commands) + Self.forms
        scopes = [.global, .list] + registry.panes.flatMap(\.scopes) + [.compose, .form, .dialog]
    }

    /// A table of exactly `commands` (tests).
    public init(commands: [Command], scopes: [CommandScope]) {
        self.commands = commands
        self.scopes = scopes
    }

    static let shell: [Command] = [
        Command(.quit, keys: [.char("q")], title: "Quit", help: "Leave the console (the terminal is restored).", scope: .global, footer: true),
        Command(.help, keys: [.char("?"), .function(1)], title: "Help", help: "Show every key for where you are.", scope: .global, footer: true),
        Command(.palette, keys: [.char(":")], title: "Commands", help: "Open the command palette: type to fuzzy-find any command.", scope: .global, footer: true),
        Command(.redraw, keys: [.ctrl("l")], title: "Redraw", help: "Repaint the whole screen.", scope: .global),
        Command(.nextPane, keys: [.tab], title: "Next pane", help: "Switch to the next pane.", scope: .global),
        Command(.previousPane, keys: [.backTab], title: "Previous pane", help: "Switch to the previous pane.", scope: .global),
    ]

    static let lists: [Command] = [
        Command(.back, keys: [.escape], title: "Back", help: "Close the overlay or go back one view.", scope: .global),
        Command(.moveUp, keys: [.up, .char("k")], title: "Up", help: "Select the previous row.", scope: .list),
        Command(.moveDown, keys: [.down, .char("j")], title: "Down", help: "Select the next row.", scope: .list),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll up one page.", scope: .list),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll down one page.", scope: .list),
        Command(.first, keys: [.char("g"), .home], title: "First", help: "Jump to the first row.", scope: .list),
        Command(.last, keys: [.char("G"), .end], title: "Last", help: "Jump to the last row.", scope: .list),
        Command(.filter, keys: [.char("/")], title: "Filter", help: "Type text to filter the rows; Enter keeps it, Esc clears it.", scope: .list, footer: true),
    ]

    static let forms: [Command] = [
        Command(.formSubmit, keys: [.enter], title: "Save", help: "Submit the form or confirm the dialog.", scope: .form, footer: true),
        Command(.formNextField, keys: [.tab], title: "Next field", help: "Move to the next field (↓ also moves between text fields).", scope: .form, footer: true),
        Command(.formPreviousField, keys: [.backTab], title: "Previous field", help: "Move to the previous field (↑ also moves between text fields).", scope: .form),
        Command(.formToggle, keys: [.char(" ")], title: "Toggle", help: "Tick or untick the highlighted checkbox (types a space in text fields).", scope: .form),
        Command(.formCancel, keys: [.escape], title: "Cancel", help: "Close the form without saving.", scope: .form, footer: true),
        Command(.composeNewline, keys: [.enter], title: "New line", help: "Break the line in a multi-line text (a note or reply typed in the console).", scope: .compose),
        Command(.composeDone, keys: [.ctrl("d")], title: "Done", help: "Finish the multi-line text: a reply is shown for confirmation, a note is added.", scope: .compose, footer: true),
        Command(.formCancel, keys: [.escape], title: "Cancel", help: "Close the text without saving it.", scope: .compose, footer: true),
        Command(.confirmYes, keys: [.char("y"), .enter], title: "Yes", help: "Run the dangerous command the dialog asks about.", scope: .dialog),
        Command(.confirmNo, keys: [.char("n"), .escape], title: "No", help: "Close the dialog without running anything.", scope: .dialog),
    ]

    /// The command bound to `key`, trying `scopes` in order (most specific first).
    /// Mutating commands are skipped when `readOnly`.
    public func resolve(_ key: Key, scopes: [CommandScope], readOnly: Bool = false) -> Command? {
        for scope in scopes {
            if let command = commands.first(where: { $0.scope == scope && $0.keys.contains(key) }) {
                return readOnly && command.mutating ? nil : command
            }
        }
        return nil
    }

    public func command(_ id: CommandID) -> Command? { commands.first { $0.id == id } }

    /// The row for `id` in the most specific of `scopes` (an id such as `open` has a row
    /// per pane).
    public func command(_ id: CommandID, in scopes: [CommandScope]) -> Command? {
        for scope in scopes {
            if let c = commands.first(where: { $0.id == id && $0.scope == scope }) { return c }
        }
        return nil
    }

    /// Commands visible in `scopes` (for help, footer and palette), hiding mutating ones when read-only.
    public func available(in scopes: [CommandScope], readOnly: Bool) -> [Command] {
        commands.filter { scopes.contains($0.scope) && !(readOnly && $0.mutating) }
    }

    /// Every (scope, key) bound more than once: must be empty (a test checks).
    public func duplicateBindings() -> [(CommandScope, Key)] {
        var seen = Set<String>(), dups: [(CommandScope, Key)] = []
        for command in commands {
            for key in command.keys where !seen.insert("\(command.scope.rawValue)|\(key)").0 {
                dups.append((command.scope, key))
            }
        }
        return dups
    }

    /// Docs/KEYS.md, generated from the table (a test keeps the file current).
    public func markdown() -> String {
        var out = "# Console keys\n\nGenerated from the command table and the pane registry (run `pmops debug keys > Docs/KEYS.md`); a test fails when it is stale.\n"
        out += "More specific scopes win over general ones. ⚠ marks dangerous commands (the console asks before running them); ✎ marks commands hidden and refused under `--readonly`. "
        out += "A command that needs a permission is hidden from the footer, dimmed in the palette and refused with one status line for an actor without it.\n"
        out += KeyGrammar.markdown(self)
        for scope in scopes {
            let rows = commands.filter { $0.scope == scope }
            guard !rows.isEmpty else { continue }
            out += "\n## \(scope.title)\n\n| key | command | needs | what it does |\n|---|---|---|---|\n"
            for c in rows {
                let marks = (c.dangerous ? " ⚠" : "") + (c.mutating ? " ✎" : "")
                let needs = c.permission.map { "`\($0.rawValue)`" } ?? ""
                out += "| `\(c.keyLabel.replacingOccurrences(of: "|", with: "\\|"))` | \(c.title)\(marks) | \(needs) | \(c.help) |\n"
            }
        }
        return out
    }
}
