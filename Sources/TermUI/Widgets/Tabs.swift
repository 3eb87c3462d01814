/// The row of pane tabs across the top of the console.
///
/// Layout is computed once (`frames(in:)`) and shared by drawing and `hitTest`, so a
/// mouse click always lands on the tab that is drawn there.
public struct Tabs: Hashable, Sendable {
    public var items: [TabItem]
    public var active: Int

    public init(_ items: [TabItem], active: Int = 0) {
        self.items = items
        self.active = active
    }

    /// The columns each tab occupies on the first row of `area`, clipped to it; tabs
    /// that do not fit at all get an empty frame.
    public func frames(in area: Rect) -> [Rect] {
        var x = area.x
        return items.map { item in
            let width = min(labelWidth(item), max(0, area.maxX - x))
            let frame = Rect(x: x, y: area.y, width: width, height: min(1, area.height))
            x += width + 1  // separator
            return frame
        }
    }

    /// Which tab is at column `x` when drawn in `area`.
    public func hitTest(x: Int, in area: Rect) -> Int? {
        frames(in: area).firstIndex { !$0.isEmpty && x >= $0.x && x < $0.maxX }
    }

    /// Which tab is at column `x` when the tab row starts at column 0 of the screen.
    public func hitTest(x: Int) -> Int? {
        hitTest(x: x, in: Rect(x: 0, y: 0, width: Int.max / 4, height: 1))
    }

    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, capabilities: TerminalCapabilities = .full) {
        guard !area.isEmpty else { return }
        let separator = capabilities.unicode ? "│" : "|"
        let background = theme[.tabInactive]
        buffer.put(String(repeating: " ", count: area.width), x: area.x, y: area.y, style: background)
        for (index, (item, frame)) in zip(items, frames(in: area)).enumerated() where !frame.isEmpty {
            let isActive = index == active
            let style = theme[isActive ? .tabActive : .tabInactive]
            var x = frame.x
            x += buffer.put(" " + Sanitizer.sanitize(item.title) + " ", x: x, y: area.y, style: style, maxWidth: frame.maxX - x)
            if let badge = badgeText(item), x < frame.maxX {
                var badgeStyle = theme[.tabBadge]
                if isActive {
                    badgeStyle.background = style.background
                    badgeStyle.attributes.formUnion(style.attributes)
                }
                x += buffer.put(badge, x: x, y: area.y, style: badgeStyle, maxWidth: frame.maxX - x)
                buffer.put(" ", x: x, y: area.y, style: style, maxWidth: frame.maxX - x)
            }
            if index < items.count - 1 && frame.maxX < area.maxX {
                buffer.put(separator, x: frame.maxX, y: area.y, style: theme[.border])
            }
        }
    }

    private func badgeText(_ item: TabItem) -> String? {
        guard let badge = item.badge, badge != 0 else { return nil }
        return badge > 999 ? "999+" : String(badge)
    }

    private func labelWidth(_ item: TabItem) -> Int {
        let title = TextWidth.width(of: Sanitizer.sanitize(item.title)) + 2
        return title + (badgeText(item).map { TextWidth.width(of: $0) + 1 } ?? 0)
    }
}
