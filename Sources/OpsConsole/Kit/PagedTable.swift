import OpsCore
import TermUI

/// Where a paged table's rows come from. Read only by `PagedTable.reload` and
/// `loadVisible`, which panes call from `refresh` and from commands, never from render.
public struct PageSource<Row> {
    /// The number of rows the current filter matches.
    public var count: () throws(OpsError) -> Int
    /// Rows `offset ..< offset + limit` in display order.
    public var load: (_ offset: Int, _ limit: Int) throws(OpsError) -> [Row]

    public init(count: @escaping () throws(OpsError) -> Int, load: @escaping (_ offset: Int, _ limit: Int) throws(OpsError) -> [Row]) {
        self.count = count
        self.load = load
    }
}

/// What a form command did to the filter being typed.
public enum FilterEdit: Equatable { case typed(String), kept, cleared, ignored }

/// A paged, filterable table's state: cursor, selection, the loaded window (about three
/// screenfuls, so a million rows cost what a screen does), the filter field being typed,
/// rows per page and the mapping of mouse rows to table rows. A pane keeps one per list.
public struct PagedTable<Row> {
    public private(set) var table = TableState()
    public private(set) var window = RowWindow<Row>()
    /// Rows one page shows; set by `layout`, before render.
    public private(set) var pageRows = 20
    /// The filter text while it is being typed (`/`); nil otherwise.
    public private(set) var filterField: TextFieldState?
    /// Pane rows above the first table row (a filter bar, the column header).
    let rowsAbove: Int

    public init(rowsAbove: Int = 2) { self.rowsAbove = rowsAbove }

    public var rowCount: Int { table.rowCount }
    public var selectedIndex: Int? { table.selected }
    public var selectedRow: Row? { table.selected.flatMap { window[$0] } }

    /// The table area for a pane area whose first `rowsAbove - 1` rows are a bar.
    public func tableArea(in area: Rect) -> Rect {
        let bars = rowsAbove - 1
        return Rect(x: area.x, y: area.y + bars, width: area.width, height: max(0, area.height - bars))
    }

    /// Takes the rows per page from the area the table will be drawn in.
    public mutating func layout(area: Rect) {
        pageRows = max(1, tableArea(in: area).height - 1)
    }

    // MARK: - Loading

    /// Re-counts and reloads the visible window. `resetSelection` puts the cursor on row 0.
    public mutating func reload(from source: PageSource<Row>, resetSelection: Bool = false) throws(OpsError) {
        let count = try source.count()
        if resetSelection { table = TableState(rowCount: count) } else { table.setRowCount(count, visibleRows: pageRows) }
        window = RowWindow()
        try loadVisible(from: source)
    }

    /// Loads the rows on screen (plus a page of margin each side) when the window lacks them.
    public mutating func loadVisible(from source: PageSource<Row>) throws(OpsError) {
        let visible = table.visibleRange(visibleRows: pageRows)
        guard !window.covers(visible) else { return }
        let span = RowWindow<Row>.span(for: visible, margin: pageRows)
        window = RowWindow(start: span.offset, rows: try source.load(span.offset, span.limit))
    }

    /// Sets the count and window from one snapshot read elsewhere (a count and a page
    /// read together, so they agree).
    public mutating func setPage(total: Int, start: Int, rows: [Row], resetSelection: Bool) {
        if resetSelection { table = TableState(rowCount: total) } else { table.setRowCount(total, visibleRows: pageRows) }
        window = RowWindow(start: start, rows: rows)
    }

    /// A list whose rows are all in memory (the outbox, a grouped view).
    public mutating func setRows(_ rows: [Row], resetSelection: Bool = false) {
        setPage(total: rows.count, start: 0, rows: rows, resetSelection: resetSelection)
    }

    /// Forgets the loaded rows and puts the cursor back on row 0, keeping the count.
    public mutating func rewind() {
        table = TableState(rowCount: table.rowCount)
        window = RowWindow()
    }

    // MARK: - Cursor

    /// Applies a movement command; false for any other command.
    public mutating func move(_ command: CommandID) -> Bool {
        switch command {
        case .moveUp: table.moveBy(-1, visibleRows: pageRows)
        case .moveDown: table.moveBy(1, visibleRows: pageRows)
        case .pageUp: table.page(-1, visibleRows: pageRows)
        case .pageDown: table.page(1, visibleRows: pageRows)
        case .first: table.home(visibleRows: pageRows)
        case .last: table.end(visibleRows: pageRows)
        default: return false
        }
        return true
    }

    public mutating func select(_ index: Int?) { table.select(index, visibleRows: pageRows) }

    /// Puts the cursor on the row drawn at pane row `y`; false when `y` shows no row.
    public mutating func click(atPaneRow y: Int) -> Bool {
        let row = table.offset + y - rowsAbove
        guard row >= 0, row < table.rowCount else { return false }
        table.select(row, visibleRows: pageRows)
        return true
    }

    // MARK: - Filter field

    public var isFiltering: Bool { filterField != nil }

    public mutating func beginFilter(_ text: String, maxLength: Int = 80) {
        filterField = TextFieldState(text: text, maxLength: maxLength)
    }

    /// Types into the filter; the new text when it changed, nil when the key was not used.
    public mutating func typeInFilter(_ key: Key) -> String? {
        guard var field = filterField, field.handle(key) else { return nil }
        filterField = field
        return field.text
    }

    /// Closes the filter field (Enter keeps the text, Esc clears it: the caller decides).
    public mutating func endFilter() { filterField = nil }

    /// Enter keeps the filter, Esc clears it, Space (the form's toggle key) types a space.
    public mutating func filterCommand(_ command: CommandID) -> FilterEdit {
        switch command {
        case .formSubmit:
            endFilter()
            return .kept
        case .formCancel:
            endFilter()
            return .cleared
        case .formToggle:
            return typeInFilter(.char(" ")).map(FilterEdit.typed) ?? .ignored
        default:
            return .ignored
        }
    }

    // MARK: - Drawing

    /// Draws the table into `area` (the area given to `layout`, minus the bars above).
    public func render(into buffer: inout ScreenBuffer, area: Rect, widget: Table, theme: Theme, cells: (Int) -> [TableCell]) {
        widget.render(into: &buffer, area: tableArea(in: area), theme: theme, state: table, cells: cells)
    }
}
