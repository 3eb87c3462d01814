import OpsCore

/// The KPI pane's scopes and key rows (merged into the one command table through its
/// `PaneDescriptor`). It has no digit key (the nine digits are taken): Tab or `:kpi`.
extension CommandScope {
    static let kpi = CommandScope("kpi", title: "KPIs")
    static let kpiList = CommandScope("kpi.list", title: "KPIs: list")
}

enum KPICommands {
    static let scopes: [CommandScope] = [.kpi, .kpiList]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Definition", help: "Show the figure under the cursor: its definition, sample, note and one value per trend bucket with its dates.", scope: .kpiList, footer: true),
        Command(.nextWindow, keys: [.char("w")], title: "Window", help: "Widen the report's period: 7d, 30d, 90d (the figures are computed again).", scope: .kpi, footer: true),
        Command(.previousWindow, keys: [.char("W")], title: "Narrower window", help: "Narrow the report's period: 90d, 30d, 7d.", scope: .kpi),
    ]
}
