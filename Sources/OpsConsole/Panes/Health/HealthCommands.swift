import OpsCore

/// The Health dashboard's scopes, command ids and key rows (merged into the one command table
/// through its `PaneDescriptor`).
extension CommandScope {
    static let health = CommandScope("health", title: "Health dashboard")
    static let healthDetail = CommandScope("health.detail", title: "Health dashboard: metric detail")
}

extension CommandID {
    static let nextWindow = CommandID("nextWindow"), previousWindow = CommandID("previousWindow")
}

enum HealthCommands {
    static let scopes: [CommandScope] = [.health, .healthDetail]

    static let rows: [Command] = [
        Command(.nextWindow, keys: [.char("w")], title: "Window", help: "Widen the time window: 15m, 1h, 6h, 24h, 7d.", scope: .health, footer: true),
        Command(.previousWindow, keys: [.char("W")], title: "Narrower window", help: "Narrow the time window.", scope: .health),
        Command(.moveRight, keys: [.right, .char("l"), .down, .char("j")], title: "Next metric", help: "Select the next indicator or gauge.", scope: .health),
        Command(.moveLeft, keys: [.left, .char("h"), .up, .char("k")], title: "Previous metric", help: "Select the previous indicator or gauge.", scope: .health),
        Command(.open, keys: [.enter], title: "Chart", help: "Open the selected metric's chart with axes and min/avg/max.", scope: .health, footer: true),
    ]
}
