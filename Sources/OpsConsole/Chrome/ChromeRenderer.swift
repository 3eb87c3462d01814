import TermUI

/// The frame around panes: tab bar (row 0), footer hints, status line.
enum ChromeRenderer {
    static let brand = " PenguinOps "

    typealias Tab = (number: Int, title: String, badge: Int?)

    /// " 2 Alerts (3) ": the number is the pane's digit key.
    static func tabLabel(_ tab: Tab) -> String {
        " \(tab.number) \(tab.title)\(tab.badge.map { " (\($0))" } ?? "") "
    }

    /// Columns where each tab starts and ends, for mouse clicks.
    static func tabRanges(titles: [Tab]) -> [Range<Int>] {
        var x = TextWidth.width(of: brand) + 1
        var ranges: [Range<Int>] = []
        for t in titles {
            let w = TextWidth.width(of: tabLabel(t))
            ranges.append(x..<(x + w))
            x += w + 1
        }
        return ranges
    }

    static func tabIndex(at x: Int, titles: [Tab]) -> Int? {
        tabRanges(titles: titles).firstIndex { $0.contains(x) }
    }

    static func tabBar(into buffer: inout ScreenBuffer, titles: [Tab], active: Int, clock: String, theme: Theme) {
        let width = buffer.size.width
        buffer.fill(Rect(x: 0, y: 0, width: width, height: 1), with: Cell(grapheme: " ", style: theme[.statusBar]))
        buffer.put(brand, x: 0, y: 0, style: theme[.title])
        for (i, range) in tabRanges(titles: titles).enumerated() where range.lowerBound < width {
            let label = tabLabel(titles[i])
            buffer.put(label, x: range.lowerBound, y: 0, style: theme[i == active ? .tabActive : .tabInactive],
                       maxWidth: width - range.lowerBound)
        }
        let clockX = width - TextWidth.width(of: clock) - 1
        if clockX > (tabRanges(titles: titles).last?.upperBound ?? 0) {
            buffer.put(clock, x: clockX, y: 0, style: theme[.statusBar])
        }
    }

    /// "q Quit  ? Help  …", dropping hints that do not fit.
    static func footer(into buffer: inout ScreenBuffer, y: Int, commands: [Command], theme: Theme) {
        guard y > 0 else { return }
        let width = buffer.size.width
        var x = 1
        for command in commands {
            let key = command.keys.first.map(KeyLabel.text) ?? ""
            let needed = TextWidth.width(of: key) + 1 + TextWidth.width(of: command.title) + 2
            if x + needed > width { break }
            x += buffer.put(key, x: x, y: y, style: theme[.helpKey])
            x += 1
            x += buffer.put(command.title, x: x, y: y, style: theme[command.dangerous ? .dangerous : .helpText])
            x += 2
        }
    }

    static func statusLine(into buffer: inout ScreenBuffer, y: Int, left: String, message: StatusMessage?, right: String, theme: Theme) {
        guard y > 0 else { return }
        let width = buffer.size.width
        buffer.fill(Rect(x: 0, y: y, width: width, height: 1), with: Cell(grapheme: " ", style: theme[.statusBar]))
        let rightWidth = min(TextWidth.width(of: right), width / 2)
        let used = buffer.put(" " + left + " ", x: 0, y: y, style: theme[.statusBar], maxWidth: width - rightWidth - 1)
        if let message {
            let key: ThemeKey = switch message.kind {
            case .info: .statusInfo
            case .success: .statusSuccess
            case .warning: .statusWarning
            case .error: .statusError
            }
            let room = width - used - rightWidth - 2
            if room > 3 { buffer.put(TextWidth.truncate(message.text, toWidth: room), x: used + 1, y: y, style: theme[key]) }
        }
        buffer.put(TextWidth.truncate(right, toWidth: rightWidth), x: width - rightWidth - 1, y: y, style: theme[.statusBar])
    }
}
