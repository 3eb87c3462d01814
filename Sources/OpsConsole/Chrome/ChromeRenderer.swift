import TermUI

/// The frame around panes: tab bar (row 0), footer hints, status line.
enum ChromeRenderer {
    static let brand = " PenguinOps "

    typealias Tab = (number: Int, title: String, badge: Int?)

    /// " 2 Alerts (3) ": the number is the pane's digit key. `titleLimit` shortens the title
    /// (" 2 Ale (3) ", or " 2 (3) " at 0) when the bar is too narrow for every tab. A pane
    /// past the ninth has no digit key, so its tab shows no number and keeps a letter.
    static func tabLabel(_ tab: Tab, titleLimit: Int = .max) -> String {
        let digit = (1...9).contains(tab.number) ? String(tab.number) : ""
        let limit = digit.isEmpty ? max(1, titleLimit) : titleLimit
        let title = limit >= tab.title.count ? tab.title : String(tab.title.prefix(limit))
        let name = [digit, title].filter { !$0.isEmpty }.joined(separator: " ")
        return " \(name)\(tab.badge.map { " (\($0))" } ?? "") "
    }

    /// Columns where each tab starts and ends (for drawing and mouse clicks) in a bar of
    /// `width` that keeps `reserve` columns for the clock: the active tab keeps its whole
    /// title; the gaps narrow, then the brand goes, then the others are shortened, evenly,
    /// only as much as the width needs.
    static func tabRanges(titles: [Tab], active: Int, width: Int = .max, reserve: Int = 0) -> [(range: Range<Int>, label: String)] {
        tabLayout(titles: titles, active: active, width: width, reserve: reserve).tabs
    }

    static func tabLayout(titles: [Tab], active: Int, width: Int, reserve: Int) -> (brand: Bool, tabs: [(range: Range<Int>, label: String)]) {
        func layout(_ limit: Int, brand: Bool, gap: Int) -> [(range: Range<Int>, label: String)] {
            var x = brand ? TextWidth.width(of: Self.brand) + 1 : 0
            return titles.enumerated().map { i, t in
                let label = tabLabel(t, titleLimit: i == active ? .max : limit)
                let w = TextWidth.width(of: label)
                defer { x += w + gap }
                return (x..<(x + w), label)
            }
        }
        let longest = titles.map(\.title.count).max() ?? 0
        // The brand is decoration: it goes before any title loses a letter. A narrower gap
        // costs less than a letter of every title.
        for brand in [true, false] {
            for limit in stride(from: longest, through: brand ? longest : 0, by: -1) {
                for gap in [1, 0] {
                    let tabs = layout(limit, brand: brand, gap: gap)
                    if (tabs.last?.range.upperBound ?? 0) + reserve <= width { return (brand, tabs) }
                }
            }
        }
        return (false, layout(0, brand: false, gap: 0))
    }

    static func tabIndex(at x: Int, titles: [Tab], active: Int, width: Int, clock: String) -> Int? {
        tabRanges(titles: titles, active: active, width: width, reserve: clockReserve(clock)).firstIndex { $0.range.contains(x) }
    }

    /// The clock and a space either side.
    static func clockReserve(_ clock: String) -> Int { clock.isEmpty ? 0 : TextWidth.width(of: clock) + 2 }

    static func tabBar(into buffer: inout ScreenBuffer, titles: [Tab], active: Int, clock: String, theme: Theme) {
        let width = buffer.size.width
        buffer.fill(Rect(x: 0, y: 0, width: width, height: 1), with: Cell(grapheme: " ", style: theme[.statusBar]))
        let (showBrand, tabs) = tabLayout(titles: titles, active: active, width: width, reserve: clockReserve(clock))
        if showBrand { buffer.put(brand, x: 0, y: 0, style: theme[.title]) }
        for (i, tab) in tabs.enumerated() where tab.range.lowerBound < width {
            buffer.put(tab.label, x: tab.range.lowerBound, y: 0, style: theme[i == active ? .tabActive : .tabInactive],
                       maxWidth: width - tab.range.lowerBound)
        }
        let clockX = width - TextWidth.width(of: clock) - 1
        if clockX > (tabs.last?.range.upperBound ?? 0) {
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
