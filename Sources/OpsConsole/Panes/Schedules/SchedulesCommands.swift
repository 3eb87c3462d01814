import OpsCore

/// The Schedules pane's scopes, command ids and key rows (merged into the one command table
/// through its `PaneDescriptor`). The timeline moves with the navigation keys: a slot
/// (←/→), a day (↑/↓), a week (PgUp/PgDn, [ and ]), back to now (g); Enter shows the handoff report of the shift under the cursor.
extension CommandScope {
    static let schedules = CommandScope("schedules", title: "Schedules")
    static let schedulesList = CommandScope("schedules.list", title: "Schedules: list")
    static let schedulesTimeline = CommandScope("schedules.timeline", title: "Schedules: timeline")
    static let schedulesReport = CommandScope("schedules.report", title: "Schedules: handoff report")
}

extension CommandID {
    static let scheduleOverride = CommandID("scheduleOverride"), scheduleRemoveOverride = CommandID("scheduleRemoveOverride")
}

enum SchedulesCommands {
    static let scopes: [CommandScope] = [.schedules, .schedulesList, .schedulesTimeline, .schedulesReport]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Timeline", help: "Show the schedule under the cursor as a 14-day timeline: its layers, the final schedule and the overrides.", scope: .schedulesList, footer: true),
        Command(.moveLeft, keys: [.left, .char("h")], title: "Earlier slot", help: "Move the cursor one slot earlier (the timeline scrolls at its edge).", scope: .schedulesTimeline),
        Command(.moveRight, keys: [.right, .char("l")], title: "Later slot", help: "Move the cursor one slot later (the timeline scrolls at its edge).", scope: .schedulesTimeline),
        Command(.moveUp, keys: [.up, .char("k")], title: "Day earlier", help: "Scroll the timeline and its cursor one day earlier.", scope: .schedulesTimeline),
        Command(.moveDown, keys: [.down, .char("j")], title: "Day later", help: "Scroll the timeline and its cursor one day later.", scope: .schedulesTimeline),
        Command(.pageUp, keys: [.pageUp, .ctrl("b"), .char("[")], title: "Week earlier", help: "Scroll the timeline and its cursor one week earlier.", scope: .schedulesTimeline, footer: true),
        Command(.pageDown, keys: [.pageDown, .ctrl("f"), .char("]")], title: "Week later", help: "Scroll the timeline and its cursor one week later.", scope: .schedulesTimeline, footer: true),
        Command(.moveDown, keys: [.down, .char("j")], title: "Scroll down", help: "Scroll the handoff report down one line.", scope: .schedulesReport),
        Command(.moveUp, keys: [.up, .char("k")], title: "Scroll up", help: "Scroll the handoff report up one line.", scope: .schedulesReport),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll the handoff report down one page.", scope: .schedulesReport, footer: true),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll the handoff report up one page.", scope: .schedulesReport, footer: true),
        Command(.first, keys: [.char("g"), .home], title: "Top", help: "Back to the top of the handoff report.", scope: .schedulesReport),
        Command(.first, keys: [.char("g"), .home], title: "Now", help: "Back to today, with the cursor on the slot holding now.", scope: .schedulesTimeline),
        Command(.scheduleOverride, keys: [.char("n")], title: "New", help: "Create an override: who covers whom, from and to (prefilled from the slot under the cursor: you cover whoever is on call then).", scope: .schedules, permission: OnCallPolicy.readPermission, mutating: true, footer: true),
        Command(.scheduleRemoveOverride, keys: [.char("x")], title: "Expire", help: "Remove the override under the cursor (asks first; audited): the covered person is on call again.", scope: .schedulesTimeline, dangerous: true, permission: OnCallPolicy.readPermission, mutating: true, footer: true),
        Command(.open, keys: [.enter], title: "Handoff report", help: "Show the handoff report kept when the shift under the cursor ended (move back into the past with ←, ↑ or [).", scope: .schedulesTimeline, footer: true),
    ]
}
