import OpsCore

/// The Metrics pane's scopes, command ids and key rows (merged into the one command table
/// through its `PaneDescriptor`). Every key is a verb the grammar already has: Space marks a
/// row, Enter opens it, `w`/`W` widen and narrow the window as on the dashboard.
extension CommandScope {
    static let metrics = CommandScope("metrics", title: "Metrics")
    static let metricsList = CommandScope("metrics.list", title: "Metrics: series list")
}

extension CommandID {
    static let metricsMark = CommandID("metricsMark")
}

enum MetricsCommands {
    static let scopes: [CommandScope] = [.metrics, .metricsList]

    static let rows: [Command] = [
        Command(.open, keys: [.enter], title: "Chart", help: "Chart the series under the cursor over the window; with a marked series, chart both to compare them.", scope: .metricsList, footer: true),
        Command(.metricsMark, keys: [.char(" ")], title: "Select", help: "Mark the series under the cursor (marked *) to compare it with the next one you chart; again unmarks it.", scope: .metricsList, footer: true),
        Command(.nextWindow, keys: [.char("w")], title: "Window", help: "Widen the chart's time window: 15m, 1h, 6h, 24h, 7d.", scope: .metrics, footer: true),
        Command(.previousWindow, keys: [.char("W")], title: "Narrower window", help: "Narrow the chart's time window.", scope: .metrics),
    ]
}
