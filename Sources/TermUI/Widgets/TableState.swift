/// Selection and scroll position of a table or list, owned by the app.
///
/// Kept apart from the widget so the reducer can move the selection without knowing how
/// rows are drawn, and so a table of 100 000 alerts costs nothing more than one of 10:
/// only `offset..<offset + visibleRows` is ever asked for. Every mutation keeps the
/// selection inside `0..<rowCount` and visible.
public struct TableState: Hashable, Sendable {
    /// The selected row, nil when the table is empty.
    public private(set) var selected: Int?
    /// The first row shown.
    public private(set) var offset: Int
    public private(set) var rowCount: Int

    public init(rowCount: Int = 0, selected: Int? = 0, offset: Int = 0) {
        self.rowCount = max(0, rowCount)
        self.selected = nil
        self.offset = max(0, offset)
        select(selected, visibleRows: Int.max)
        self.offset = max(0, offset)
    }

    // MARK: - Changes

    /// Changes the number of rows (data refreshed), keeping the selection in range.
    public mutating func setRowCount(_ count: Int, visibleRows: Int) {
        rowCount = max(0, count)
        select(selected ?? 0, visibleRows: visibleRows)
    }

    /// Selects `index` (clamped), scrolling as little as possible to show it.
    public mutating func select(_ index: Int?, visibleRows: Int) {
        guard rowCount > 0 else {
            selected = nil
            offset = 0
            return
        }
        if let index { selected = min(max(0, index), rowCount - 1) } else { selected = nil }
        offset = clampedOffset(visibleRows: visibleRows)
    }

    /// Moves the selection by `delta` rows (negative = up).
    public mutating func moveBy(_ delta: Int, visibleRows: Int) {
        let current = selected ?? (delta >= 0 ? -1 : rowCount)
        let (sum, overflow) = current.addingReportingOverflow(delta)
        select(overflow ? (delta > 0 ? rowCount - 1 : 0) : sum, visibleRows: visibleRows)
    }

    /// Moves by whole pages (`visibleRows` rows each; negative = up).
    public mutating func page(_ pages: Int, visibleRows: Int) {
        let (rows, overflow) = pages.multipliedReportingOverflow(by: max(1, visibleRows))
        moveBy(overflow ? (pages > 0 ? Int.max : Int.min) : rows, visibleRows: visibleRows)
    }

    public mutating func home(visibleRows: Int) { select(0, visibleRows: visibleRows) }

    public mutating func end(visibleRows: Int) { select(rowCount - 1, visibleRows: visibleRows) }

    /// Up/Down/PageUp/PageDown/Home/End (and vi's j/k); returns whether the key was used.
    public mutating func handle(_ key: Key, visibleRows: Int) -> Bool {
        switch key {
        case .up, .char("k"): moveBy(-1, visibleRows: visibleRows)
        case .down, .char("j"): moveBy(1, visibleRows: visibleRows)
        case .pageUp: page(-1, visibleRows: visibleRows)
        case .pageDown: page(1, visibleRows: visibleRows)
        case .home: home(visibleRows: visibleRows)
        case .end: end(visibleRows: visibleRows)
        default: return false
        }
        return true
    }

    // MARK: - Viewport

    /// The rows to draw in a viewport of `visibleRows` rows. Pure: it corrects a stale
    /// offset (e.g. after a resize) without needing the app to store the correction.
    public func visibleRange(visibleRows: Int) -> Range<Int> {
        guard visibleRows > 0, rowCount > 0 else { return 0..<0 }
        let start = clampedOffset(visibleRows: visibleRows)
        return start..<(visibleRows >= rowCount - start ? rowCount : start + visibleRows)
    }

    /// The offset that keeps the selection visible and the viewport full.
    private func clampedOffset(visibleRows: Int) -> Int {
        let rows = max(1, visibleRows)
        var start = min(offset, max(0, rowCount - rows))
        if let selected {
            if selected < start { start = selected }
            if selected - start >= rows { start = selected - rows + 1 }
        }
        return max(0, start)
    }
}
