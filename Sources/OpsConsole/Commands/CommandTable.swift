import TermUI

/// THE key table. Nothing else in the console binds a key.
public struct CommandTable: Sendable {
    public let commands: [Command]

    public init(commands: [Command] = CommandTable.standard) { self.commands = commands }

    public static let standard: [Command] = [
        // Global
        Command(.quit, keys: [.char("q")], title: "Quit", help: "Leave the console (the terminal is restored).", scope: .global, footer: true),
        Command(.help, keys: [.char("?"), .function(1)], title: "Help", help: "Show every key for where you are.", scope: .global, footer: true),
        Command(.palette, keys: [.char(":")], title: "Commands", help: "Open the command palette: type to fuzzy-find any command.", scope: .global, footer: true),
        Command(.redraw, keys: [.ctrl("l")], title: "Redraw", help: "Repaint the whole screen.", scope: .global),
        Command(.nextPane, keys: [.tab], title: "Next pane", help: "Switch to the next pane.", scope: .global),
        Command(.previousPane, keys: [.backTab], title: "Previous pane", help: "Switch to the previous pane.", scope: .global),
        Command(.pane1, keys: [.char("1")], title: "Pane 1", help: "Switch to the first pane.", scope: .global),
        Command(.pane2, keys: [.char("2")], title: "Pane 2", help: "Switch to the second pane.", scope: .global),
        Command(.pane3, keys: [.char("3")], title: "Pane 3", help: "Switch to the third pane.", scope: .global),
        Command(.pane4, keys: [.char("4")], title: "Pane 4", help: "Switch to the fourth pane.", scope: .global),
        Command(.pane5, keys: [.char("5")], title: "Pane 5", help: "Switch to the fifth pane.", scope: .global),
        Command(.back, keys: [.escape], title: "Back", help: "Close the overlay or go back one view.", scope: .global),
        // Lists
        Command(.moveUp, keys: [.up, .char("k")], title: "Up", help: "Select the previous row.", scope: .list),
        Command(.moveDown, keys: [.down, .char("j")], title: "Down", help: "Select the next row.", scope: .list),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll up one page.", scope: .list),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll down one page.", scope: .list),
        Command(.first, keys: [.char("g"), .home], title: "First", help: "Jump to the first row.", scope: .list),
        Command(.last, keys: [.char("G"), .end], title: "Last", help: "Jump to the last row.", scope: .list),
        Command(.filter, keys: [.char("/")], title: "Filter", help: "Type text to filter the rows; Enter keeps it, Esc clears it.", scope: .list, footer: true),
        // Health dashboard
        Command(.nextWindow, keys: [.char("w")], title: "Window", help: "Widen the time window: 15m, 1h, 6h, 24h, 7d.", scope: .health, footer: true),
        Command(.previousWindow, keys: [.char("W")], title: "Narrower window", help: "Narrow the time window.", scope: .health),
        Command(.moveRight, keys: [.right, .char("l"), .down, .char("j")], title: "Next metric", help: "Select the next indicator or gauge.", scope: .health),
        Command(.moveLeft, keys: [.left, .char("h"), .up, .char("k")], title: "Previous metric", help: "Select the previous indicator or gauge.", scope: .health),
        Command(.open, keys: [.enter], title: "Chart", help: "Open the selected metric's chart with axes and min/avg/max.", scope: .health, footer: true),
        // Users pane
        Command(.open, keys: [.enter], title: "Details", help: "Open the selected account: roles, permissions, recent audit entries.", scope: .usersList, footer: true),
        Command(.userCreate, keys: [.char("n")], title: "New", help: "Create an account (validated like 'pmops users add').", scope: .users, mutating: true, footer: true),
        Command(.userEdit, keys: [.char("e")], title: "Edit", help: "Change the selected account's name, email or team.", scope: .users, mutating: true, footer: true),
        Command(.userRoles, keys: [.char("r")], title: "Roles", help: "Change the selected account's roles; conflicts show before saving.", scope: .users, mutating: true, footer: true),
        Command(.userDeactivate, keys: [.char("d")], title: "Deactivate", help: "Deactivate the selected account: reason, reassignment, typed confirmation.", scope: .users, dangerous: true, mutating: true, footer: true),
        Command(.userReactivate, keys: [.char("u")], title: "Reactivate", help: "Reactivate the selected deactivated account (without its old roles).", scope: .users, mutating: true),
        Command(.cycleStatusFilter, keys: [.char("s")], title: "Status filter", help: "Cycle the status filter: all, active, deactivated.", scope: .usersList),
        Command(.cycleRoleFilter, keys: [.char("R")], title: "Role filter", help: "Cycle the role filter through every role.", scope: .usersList),
        Command(.clearFilters, keys: [.char("x")], title: "Clear filters", help: "Remove the text, status and role filters.", scope: .usersList),
        Command(.showAudit, keys: [.char("a")], title: "Audit", help: "Show the audit trail (filterable).", scope: .users, footer: true),
        Command(.showOutbox, keys: [.char("o")], title: "Outbox", help: "Show welcome and notification emails with their delivery status.", scope: .users),
        Command(.verifyAudit, keys: [.char("v")], title: "Verify chain", help: "Verify the audit hash chain and show the result.", scope: .usersAudit, footer: true),
        // Alert queue
        Command(.open, keys: [.enter], title: "Details", help: "Open the alert under the cursor (on a group row: expand or collapse it).", scope: .alertsQueue, footer: true),
        Command(.moveRight, keys: [.right, .char("l")], title: "Expand", help: "Expand the group under the cursor (grouped view).", scope: .alertsQueue),
        Command(.moveLeft, keys: [.left, .char("h")], title: "Collapse", help: "Collapse the group under the cursor (grouped view).", scope: .alertsQueue),
        Command(.alertMark, keys: [.char(" ")], title: "Select", help: "Select or unselect the row (marked *); actions apply to the selection, else to the cursor row.", scope: .alertsQueue),
        Command(.alertGroups, keys: [.char("g")], title: "Group", help: "Group alerts by group key (alertname/service) as collapsible rows with counts.", scope: .alertsQueue, footer: true),
        Command(.alertSortNext, keys: [.char("o")], title: "Sort", help: "Sort by the next column: queue, severity, state, age, service, summary, count, assignee, team, level.", scope: .alertsQueue, footer: true),
        Command(.alertSortReverse, keys: [.char("O")], title: "Reverse sort", help: "Flip the sort direction (shown by the arrow in the header).", scope: .alertsQueue),
        Command(.alertSeverityFilter, keys: [.char("v")], title: "Severity filter", help: "Cycle the severity filter: all, critical, warning, info.", scope: .alertsQueue),
        Command(.alertStateFilter, keys: [.char("S")], title: "State filter", help: "Cycle the state filter: active, open, acknowledged, snoozed, resolved, closed, all.", scope: .alertsQueue),
        Command(.alertTeamFilter, keys: [.char("T")], title: "Team filter", help: "Filter by team (prefilled with the cursor row's team; empty shows every team).", scope: .alertsQueue),
        Command(.alertMineFilter, keys: [.char("m")], title: "Mine", help: "Show only alerts assigned to you, or everyone's again.", scope: .alertsQueue),
        Command(.alertSilencedFilter, keys: [.char("i")], title: "Silenced filter", help: "Cycle silenced alerts: shown dimmed (default), hidden, only silenced.", scope: .alertsQueue),
        Command(.clearFilters, keys: [.char("x")], title: "Clear filters", help: "Back to the default queue: active alerts, every severity and team, no text.", scope: .alertsQueue),
        Command(.moveDown, keys: [.down, .char("j")], title: "Scroll down", help: "Scroll the alert detail down one line.", scope: .alertsDetail),
        Command(.moveUp, keys: [.up, .char("k")], title: "Scroll up", help: "Scroll the alert detail up one line.", scope: .alertsDetail),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll the alert detail down one page.", scope: .alertsDetail),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll the alert detail up one page.", scope: .alertsDetail),
        Command(.alertAck, keys: [.char("a")], title: "Ack", help: "Acknowledge the selected alerts (or the cursor row), with an optional note.", scope: .alerts, mutating: true, footer: true),
        Command(.alertResolve, keys: [.char("r")], title: "Resolve", help: "Resolve the selected alerts (or the cursor row) by hand.", scope: .alerts, mutating: true, footer: true),
        Command(.alertEscalate, keys: [.char("e")], title: "Escalate", help: "Page the next escalation level of the alert's team now.", scope: .alerts, mutating: true),
        Command(.alertSilence, keys: [.char("s")], title: "Silence", help: "Silence alerts like this one: matchers from its labels (editable), a duration like 2h, a required comment.", scope: .alerts, mutating: true, footer: true),
        Command(.alertSnooze, keys: [.char("z")], title: "Snooze", help: "Snooze the selected alerts for a duration (e.g. 30m, 2h, 1d).", scope: .alerts, mutating: true),
        Command(.alertFalsePositive, keys: [.char("f")], title: "False positive", help: "Close the selected alerts as false positives; a reason is required.", scope: .alerts, dangerous: true, mutating: true),
        Command(.alertAssign, keys: [.char("A")], title: "Assign", help: "Assign the selected alerts to a login (empty unassigns).", scope: .alerts, mutating: true),
        Command(.alertNote, keys: [.char("n")], title: "Note", help: "Add a note to the alert's history.", scope: .alerts, mutating: true),
        Command(.alertBell, keys: [.char("b")], title: "Bell", help: "Ring the terminal bell when a new critical alert arrives (off by default; PMOPS_ALERT_BELL=1 starts it on).", scope: .alerts),
        // Forms and dialogs
        Command(.formSubmit, keys: [.enter], title: "Save", help: "Submit the form or confirm the dialog.", scope: .form, footer: true),
        Command(.formNextField, keys: [.tab], title: "Next field", help: "Move to the next field (↓ also moves between text fields).", scope: .form, footer: true),
        Command(.formPreviousField, keys: [.backTab], title: "Previous field", help: "Move to the previous field (↑ also moves between text fields).", scope: .form),
        Command(.formToggle, keys: [.char(" ")], title: "Toggle", help: "Tick or untick the highlighted checkbox (types a space in text fields).", scope: .form),
        Command(.formCancel, keys: [.escape], title: "Cancel", help: "Close the form without saving.", scope: .form, footer: true),
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
        var out = "# Console keys\n\nGenerated from `CommandTable.standard` (run `pmops debug keys > Docs/KEYS.md`); a test fails when it is stale.\n"
        out += "More specific scopes win over general ones. ⚠ marks dangerous commands; ✎ marks commands hidden and refused under `--readonly`.\n"
        for scope in CommandScope.allCases {
            let rows = commands.filter { $0.scope == scope }
            guard !rows.isEmpty else { continue }
            out += "\n## \(scope.title)\n\n| key | command | what it does |\n|---|---|---|\n"
            for c in rows {
                let marks = (c.dangerous ? " ⚠" : "") + (c.mutating ? " ✎" : "")
                out += "| `\(c.keyLabel.replacingOccurrences(of: "|", with: "\\|"))` | \(c.title)\(marks) | \(c.help) |\n"
            }
        }
        return out
    }
}
