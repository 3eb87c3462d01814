@testable import TermUI

/// A composed console screen built only from TermUI widgets, with fixed data: the
/// subject of the golden tests at several sizes and themes.
enum SampleScreen {
    static let severities: [(String, ThemeKey)] = [("crit", .severityCritical), ("warn", .severityWarning), ("info", .severityInfo)]
    static let summaries = [
        "Disk almost full on /var",
        "ディスク使用率が高い（サーバー）",
        "🔥 CPU hot 👨‍👩‍👧 🇫🇷 1️⃣ 👍🏽",
        "\u{1B}[2J\u{1B}]0;pwned\u{7} escape in summary",
        "abc\u{202E}fed.exe bidi override",
        "Replication lag 12s",
        "HTTP probe failed: connection refused",
        "Certificate expires in 6 days",
    ]
    static let hosts = ["db-01", "web-02", "東京-cache", "e\u{301}dge-9", "lb-1", "mq-3"]
    static let targets: [(String, String, ThemeKey)] = [
        ("db-01", "healthy", .healthHealthy), ("web-02", "degraded", .healthDegraded),
        ("東京-cache", "down", .healthDown), ("lb-1", "unknown", .healthUnknown),
    ]

    static func alertRow(_ index: Int) -> [TableCell] {
        let severity = severities[index % severities.count]
        return [
            TableCell(severity.0, style: severity.1),
            TableCell(summaries[index % summaries.count]),
            TableCell(hosts[index % hosts.count]),
            TableCell("\(index * 7 % 59 + 1)m"),
        ]
    }

    /// Deterministic integer-derived samples (no clock, no randomness).
    static let cpu: [Double] = (0..<240).map { Double(($0 * 37 + $0 * $0 * 3) % 101) }

    static func render(size: Size, theme: Theme, capabilities: TerminalCapabilities = .full, overlay: Overlay = .none) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        let rows = buffer.bounds.split(.vertical, [.fixed(1), .fill(1), .fixed(1)])
        Tabs([TabItem("Alerts", badge: 5), TabItem("Tickets", badge: 2), TabItem("Incidents"), TabItem("Targets"), TabItem("Metrics")], active: 0)
            .render(into: &buffer, area: rows[0], theme: theme, capabilities: capabilities)
        let columns = rows[1].split(.horizontal, [.fill(3), .fill(2)])
        drawAlerts(into: &buffer, area: columns[0], theme: theme, capabilities: capabilities)
        drawSidebar(into: &buffer, area: columns[1], theme: theme, capabilities: capabilities)
        StatusLine(left: ["pmops", "alice (operator)"], right: ["db ok", "12:03:10"], message: .init("Alert 42 acknowledged", level: .success))
            .render(into: &buffer, area: rows[2], theme: theme, capabilities: capabilities)
        switch overlay {
        case .none: break
        case .dialog: drawDialog(into: &buffer, theme: theme, capabilities: capabilities)
        case .form: drawForm(into: &buffer, theme: theme, capabilities: capabilities)
        }
        return buffer
    }

    enum Overlay { case none, dialog, form }

    static func drawAlerts(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, capabilities: TerminalCapabilities) {
        let inner = Box(title: "Alerts", trailingTitle: "30 firing", focused: true).render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        let table = Table(columns: [
            TableColumn("Sev", width: .fixed(4)),
            TableColumn("Summary", width: .flex(3)),
            TableColumn("Target", width: .flex(1)),
            TableColumn("Age", width: .fixed(4), alignment: .right),
        ])
        var state = TableState(rowCount: 30)
        state.select(2, visibleRows: table.visibleRowCount(in: inner))
        table.render(into: &buffer, area: inner, theme: theme, state: state, cells: alertRow)
    }

    static func drawSidebar(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, capabilities: TerminalCapabilities) {
        let parts = area.split(.vertical, [.fixed(targets.count + 2), .fixed(4), .fixed(5), .fill(1)])
        let targetArea = Box(title: "Targets").render(into: &buffer, area: parts[0], theme: theme, capabilities: capabilities)
        ListView(focused: false, showsMarker: false).render(into: &buffer, area: targetArea, theme: theme, state: TableState(rowCount: targets.count, selected: nil), capabilities: capabilities) { index in
            let target = targets[index]
            return TableCell(TextWidth.pad(target.0, toWidth: max(0, targetArea.width - 9)) + " " + target.1, style: target.2)
        }
        let cpuArea = Box(title: "CPU %", trailingTitle: "1m").render(into: &buffer, area: parts[1], theme: theme, capabilities: capabilities)
        Sparkline(values: cpu, range: 0...100).render(into: &buffer, area: cpuArea, theme: theme, capabilities: capabilities)
        let diskArea = Box(title: "Disk").render(into: &buffer, area: parts[2], theme: theme, capabilities: capabilities)
        for (row, (mount, ratio)) in [("/", 0.42), ("/var", 0.913), ("/srv", Double.nan)].enumerated() where row < diskArea.height {
            let line = Rect(x: diskArea.x, y: diskArea.y + row, width: diskArea.width, height: 1).split(.horizontal, [.fixed(6), .fill(1)])
            buffer.put(mount, x: line[0].x, y: line[0].y, style: theme[.text], maxWidth: line[0].width)
            Gauge(ratio: ratio).render(into: &buffer, area: line[1], theme: theme, capabilities: capabilities)
        }
        guard parts[3].height >= 3 else { return }
        let runbookArea = Box(title: "Runbook").render(into: &buffer, area: parts[3], theme: theme, capabilities: capabilities)
        let checklist = ChecklistState(items: [
            ChecklistItem("Check replication", checked: true),
            ChecklistItem("Restart collector", warning: "drops a tick"),
            ChecklistItem("Failover database", disabled: true, warning: "admin only"),
        ])
        Checklist(focused: false).render(into: &buffer, area: runbookArea, theme: theme, state: checklist, capabilities: capabilities)
    }

    static func drawDialog(into buffer: inout ScreenBuffer, theme: Theme, capabilities: TerminalCapabilities) {
        Dialog(title: "Acknowledge alert?", body: ["Alert 42: Disk almost full on /var", "Host: db-01 — acked by alice"], buttons: ["Acknowledge", "Cancel"])
            .render(into: &buffer, area: buffer.bounds, theme: theme, capabilities: capabilities)
    }

    static func drawForm(into buffer: inout ScreenBuffer, theme: Theme, capabilities: TerminalCapabilities) {
        let area = buffer.bounds.centered(width: 60, height: 8)
        buffer.fill(area, with: Cell(grapheme: " ", style: theme[.dialog]))
        let inner = Box(title: "New ticket", focused: true, borderKey: .dialogBorder).render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        var form = FormState(fields: [
            FormField(label: "Title", text: "Disk full on db-01"),
            FormField(label: "Assignee", text: "bob", error: "bob is not an operator"),
            FormField(label: "Token", text: "s3cr3t", isSecret: true),
        ])
        form.setFocus(1)
        Form().render(into: &buffer, area: inner.inset(left: 1, right: 1), theme: theme, state: form, capabilities: capabilities)
    }
}
