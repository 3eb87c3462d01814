import TermUI

/// The rows of a dashboard box. When they do not all fit, the bottom border says how many
/// are hidden ("+2 more ↓", "↑ 3 above") and `scroll` moves the window, so a small
/// terminal never hides a row without saying so. Rows are ordered worst first by the
/// caller (`worstFirst`), so what is cut at a glance is what is fine.
public struct BoxList: Sendable, Equatable {
    /// The first row shown; clamped whenever it is used, so it may run past the end.
    public private(set) var scroll = 0

    public init() {}

    /// Which rows a box shows: `range`, with `above` rows before it and `below` after it.
    public struct Window: Sendable, Equatable {
        public var range: Range<Int>
        public var above: Int
        public var below: Int

        /// The border note: "+2 more ↓", "↑ 3 above", both, or nil when everything shows.
        /// Rows holding `perRow` items each (tiles) count items, the last row maybe short.
        public func note(unicode: Bool, perRow: Int = 1, items: Int? = nil) -> String? {
            let per = max(1, perRow)
            let hiddenAbove = above * per
            let hiddenBelow = below == 0 ? 0 : max(0, (items ?? (range.upperBound + below) * per) - range.upperBound * per)
            var parts: [String] = []
            if hiddenAbove > 0 { parts.append("\(unicode ? "↑" : "^") \(hiddenAbove) above") }
            if hiddenBelow > 0 { parts.append("+\(hiddenBelow) more \(unicode ? "↓" : "v")") }
            return parts.isEmpty ? nil : parts.joined(separator: "  ")
        }
    }

    /// How many rows of `rowHeight` lines fit in `height` lines (at least one when any line is free).
    static func fitting(height: Int, rowHeight: Int) -> Int {
        height <= 0 ? 0 : max(1, height / max(1, rowHeight))
    }

    /// The rows of `count` shown in `height` lines from `scroll`.
    public static func window(count: Int, height: Int, rowHeight: Int = 1, scroll: Int) -> Window {
        let fits = fitting(height: height, rowHeight: rowHeight)
        guard count > fits else { return Window(range: 0..<max(0, count), above: 0, below: 0) }
        let start = min(max(0, scroll), count - fits)
        return Window(range: start..<start + fits, above: start, below: count - start - fits)
    }

    public func window(count: Int, height: Int, rowHeight: Int = 1) -> Window {
        Self.window(count: count, height: height, rowHeight: rowHeight, scroll: scroll)
    }

    /// Scrolls by `delta` rows, kept inside the rows there are.
    public mutating func scroll(by delta: Int, count: Int, height: Int, rowHeight: Int = 1) {
        let fits = Self.fitting(height: height, rowHeight: rowHeight)
        scroll = min(max(0, scroll + delta), max(0, count - fits))
    }

    /// Scrolls just enough for row `index` to show (a selection moving through tiles).
    public mutating func reveal(_ index: Int, count: Int, height: Int, rowHeight: Int = 1) {
        let fits = Self.fitting(height: height, rowHeight: rowHeight)
        guard fits > 0 else { return }
        let current = window(count: count, height: height, rowHeight: rowHeight)
        if index < current.range.lowerBound { scroll = index } else if index >= current.range.upperBound { scroll = index - fits + 1 }
        scroll = min(max(0, scroll), max(0, count - fits))
    }

    /// `rows` in a stable order with the lowest `rank` first (0 = down, then degraded…), so
    /// broken things are the ones that show when space runs out.
    public static func worstFirst<Row>(_ rows: [Row], rank: (Row) -> Int) -> [Row] {
        rows.enumerated().sorted { a, b in
            let ra = rank(a.element), rb = rank(b.element)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }

    /// Draws the box, calls `row(index, y)` for each visible row (its first line at `y`),
    /// and writes the hidden-row note into the bottom border. Returns the inside, whose
    /// first `header` lines stay for the caller (column titles).
    @discardableResult
    public func render(_ box: Box, area: Rect, count: Int, rowHeight: Int = 1, perRow: Int = 1, items: Int? = nil,
                       header: Int = 0, theme: Theme, capabilities: TerminalCapabilities,
                       into buffer: inout ScreenBuffer, row: (_ index: Int, _ y: Int, _ buffer: inout ScreenBuffer) -> Void) -> Rect {
        let inner = box.render(into: &buffer, area: area, theme: theme, capabilities: capabilities)
        let lines = inner.height - header
        guard lines > 0 else { return inner }
        let shown = window(count: count, height: lines, rowHeight: rowHeight)
        for (offset, index) in shown.range.enumerated() { row(index, inner.y + header + offset * rowHeight, &buffer) }
        if let note = shown.note(unicode: capabilities.unicode, perRow: perRow, items: items) {
            let text = " " + TextWidth.truncate(note, toWidth: max(0, area.width - 6)) + " "
            let width = TextWidth.width(of: text)
            if area.width >= width + 4 {
                buffer.put(text, x: area.maxX - 2 - width, y: area.maxY - 1, style: theme[box.focused ? .titleFocus : .title])
            }
        }
        return inner
    }
}
