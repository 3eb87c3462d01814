import OpsCore

/// The Health dashboard's scopes, command ids and key rows (merged into the one command table
/// through its `PaneDescriptor`).
extension CommandScope {
    static let health = CommandScope("health", title: "Health dashboard")
    static let healthDetail = CommandScope("health.detail", title: "Health dashboard: metric detail")
    static let healthBox = CommandScope("health.box", title: "Health dashboard: focused box")
}

extension CommandID {
    static let nextWindow = CommandID("nextWindow"), previousWindow = CommandID("previousWindow")
    static let nextBox = CommandID("nextBox"), previousBox = CommandID("previousBox")
}

enum HealthCommands {
    static let scopes: [CommandScope] = [.health, .healthBox, .healthDetail]

    static let rows: [Command] = [
        Command(.nextWindow, keys: [.char("w")], title: "Window", help: "Widen the time window: 15m, 1h, 6h, 24h, 7d.", scope: .health, footer: true),
        Command(.previousWindow, keys: [.char("W")], title: "Narrower window", help: "Narrow the time window.", scope: .health),
        Command(.moveRight, keys: [.right, .char("l"), .down, .char("j")], title: "Next metric", help: "Select the next indicator or gauge.", scope: .health),
        Command(.moveLeft, keys: [.left, .char("h"), .up, .char("k")], title: "Previous metric", help: "Select the previous indicator or gauge.", scope: .health),
        Command(.open, keys: [.enter], title: "Chart", help: "Open the selected metric's chart with axes and min/avg/max.", scope: .health, footer: true),
        Command(.nextBox, keys: [.char("]")], title: "Next box", help: "Focus the next box (services, host, alerts, sources, uptime) to scroll its rows.", scope: .health, footer: true),
        Command(.previousBox, keys: [.char("[")], title: "Previous box", help: "Focus the previous box to scroll its rows.", scope: .health),
        Command(.moveDown, keys: [.down, .char("j")], title: "Scroll down", help: "Show the focused box's next row.", scope: .healthBox),
        Command(.moveUp, keys: [.up, .char("k")], title: "Scroll up", help: "Show the focused box's previous row.", scope: .healthBox),
        Command(.pageDown, keys: [.pageDown, .ctrl("f")], title: "Page down", help: "Scroll the focused box one page down.", scope: .healthBox),
        Command(.pageUp, keys: [.pageUp, .ctrl("b")], title: "Page up", help: "Scroll the focused box one page up.", scope: .healthBox),
    ]
}
