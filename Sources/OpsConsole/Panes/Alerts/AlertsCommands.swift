import OpsCore

/// The Alert queue pane's scopes, command ids and key rows (merged into the one command
/// table through its `PaneDescriptor`).
extension CommandScope {
    static let alerts = CommandScope("alerts", title: "Alert queue")
    static let alertsQueue = CommandScope("alerts.queue", title: "Alert queue: list")
    static let alertsDetail = CommandScope("alerts.detail", title: "Alert queue: alert detail")
}

extension CommandID {
    static let alertMark = CommandID("alertMark"), alertAck = CommandID("alertAck"), alertResolve = CommandID("alertResolve")
    static let alertEscalate = CommandID("alertEscalate"), alertSilence = CommandID("alertSilence")
    static let alertSnooze = CommandID("alertSnooze"), alertFalsePositive = CommandID("alertFalsePositive")
    static let alertAssign = CommandID("alertAssign"), alertNote = CommandID("alertNote"), alertGroups = CommandID("alertGroups")
    static let alertSortNext = CommandID("alertSortNext"), alertSortReverse = CommandID("alertSortReverse")
    static let alertSeverityFilter = CommandID("alertSeverityFilter"), alertStateFilter = CommandID("alertStateFilter")
    static let alertTeamFilter = CommandID("alertTeamFilter"), alertMineFilter = CommandID("alertMineFilter")
    static let alertSilencedFilter = CommandID("alertSilencedFilter"), alertBell = CommandID("alertBell")
    static let copyURL = CommandID("copyURL"), alertOpenTicket = CommandID("alertOpenTicket")
    static let alertDeclareIncident = CommandID("alertDeclareIncident")
}

enum AlertsCommands {
    static let scopes: [CommandScope] = [.alerts, .alertsQueue, .alertsDetail]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Details", help: "Open the alert under the cursor (on a group row: expand or collapse it).", scope: .alertsQueue, footer: true),
        Command(.moveRight, keys: [.right, .char("l")], title: "Expand", help: "Expand the group under the cursor (grouped view).", scope: .alertsQueue),
        Command(.moveLeft, keys: [.left, .char("h")], title: "Collapse", help: "Collapse the group under the cursor (grouped view).", scope: .alertsQueue),
        Command(.alertMark, keys: [.char(" ")], title: "Select", help: "Select or unselect the row (marked *); actions apply to the selection, else to the cursor row.", scope: .alertsQueue),
        Command(.alertGroups, keys: [.char("t")], title: "Group", help: "Show alerts as a tree: group them by group key (alertname/service) as collapsible rows with counts.", scope: .alertsQueue, footer: true),
        Command(.alertSortNext, keys: [.char("o")], title: "Sort", help: "Sort by the next column: queue, severity, state, age, service, summary, count, assignee, team, level.", scope: .alertsQueue, footer: true),
        Command(.alertSortReverse, keys: [.char("O")], title: "Reverse sort", help: "Flip the sort direction (shown by the arrow in the header).", scope: .alertsQueue),
        Command(.alertSeverityFilter, keys: [.char("V")], title: "Severity filter", help: "Cycle the severity filter: all, critical, warning, info.", scope: .alertsQueue),
        Command(.alertStateFilter, keys: [.char("S")], title: "State filter", help: "Cycle the state filter: active, open, acknowledged, snoozed, resolved, closed, all.", scope: .alertsQueue),
        Command(.alertTeamFilter, keys: [.char("T")], title: "Team filter", help: "Filter by team (prefilled with the cursor row's team; empty shows every team).", scope: .alertsQueue),
        Command(.alertMineFilter, keys: [.char("m")], title: "Mine", help: "Show only alerts assigned to you, or everyone's again.", scope: .alertsQueue),
        Command(.alertSilencedFilter, keys: [.char("i")], title: "Silenced filter", help: "Cycle silenced alerts: shown dimmed (default), hidden, only silenced.", scope: .alertsQueue),
        Command(.clearFilters, keys: [.char("X")], title: "Clear filters", help: "Back to the default queue: active alerts, every severity and team, no text.", scope: .alertsQueue),
        Command(.moveDown, keys: [.down, .char("j")], title: "Scroll down", help: "Scroll the alert detail down one line.", scope: .alertsDetail),
        Command(.moveUp, keys: [.up, .char("k")], title: "Scroll up", help: "Scroll the alert detail up one line.", scope: .alertsDetail),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll the alert detail down one page.", scope: .alertsDetail),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll the alert detail up one page.", scope: .alertsDetail),
        Command(.copyURL, keys: [.char("y")], title: "Copy URL", help: "Show the runbook URL whole on one line to select, and copy it with OSC 52 when PMOPS_OSC52=1.", scope: .alertsDetail, footer: true),
        Command(.alertOpenTicket, keys: [.char("N")], title: "New ticket", help: "Open a ticket for the alert's customer (prefilled from its tenant label, a category guessed from the alert, its summary as the title); the alert is linked to it.", scope: .alertsDetail, permission: .ticketsManage, mutating: true),
        Command(.alertAck, keys: [.char("a")], title: "Ack", help: "Acknowledge the selected alerts (or the cursor row), with an optional note.", scope: .alerts, permission: .alertsAck, mutating: true, footer: true),
        Command(.alertResolve, keys: [.char("r")], title: "Resolve", help: "Resolve the selected alerts (or the cursor row) by hand, with an optional note (Enter skips it).", scope: .alerts, permission: .alertsManage, mutating: true, footer: true),
        Command(.alertEscalate, keys: [.char("p")], title: "Escalate", help: "Page the next escalation level of the alert's team now, with an optional note.", scope: .alerts, permission: .alertsManage, mutating: true),
        Command(.alertSilence, keys: [.char("s")], title: "Silence", help: "Silence alerts like this one: matchers from its labels (editable), a duration like 2h, a required comment.", scope: .alerts, permission: .silencesManage, mutating: true, footer: true),
        Command(.alertSnooze, keys: [.char("z")], title: "Snooze", help: "Snooze the selected alerts for a duration (e.g. 30m, 2h, 1d).", scope: .alerts, permission: .alertsAck, mutating: true),
        Command(.alertFalsePositive, keys: [.char("f")], title: "False positive", help: "Close the selected alerts as false positives; a reason is required.", scope: .alerts, dangerous: true, formConfirms: true, permission: .alertsManage, mutating: true),
        Command(.alertAssign, keys: [.char("A")], title: "Assign", help: "Assign the selected alerts to a login (empty unassigns).", scope: .alerts, permission: .alertsManage, mutating: true),
        Command(.alertNote, keys: [.char("c")], title: "Note", help: "Add a note to the alert's history.", scope: .alerts, permission: .alertsAck, mutating: true),
        Command(.alertDeclareIncident, keys: [.char("D")], title: "Declare incident", help: "Declare an incident from the selected alerts (or the cursor row): title, category, severity and commander; the alerts are linked and the responders paged.", scope: .alerts, permission: .incidentsManage, mutating: true),
        Command(.alertBell, keys: [.char("b")], title: "Bell", help: "Ring the terminal bell when a new critical alert arrives (off by default; PMOPS_ALERT_BELL=1 starts it on).", scope: .alerts),
    ]
}
