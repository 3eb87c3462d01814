/// A table with a header row, a selection bar and virtual scrolling.
///
/// Rows come from a provider closure that is asked only for the rows on screen, so the
/// cost of a frame depends on the terminal's height, never on the number of alerts.
/// Cell text is sanitized, truncated with "…" and padded to the column width, so one
/// hostile or CJK-heavy value cannot push later columns (or a border) out of line.
public struct Table: Hashable, Sendable {
    public var columns: [TableColumn]
    public var showsHeader: Bool
    /// Whether the table has keyboard focus (selection vs selection.inactive).
    public var focused: Bool
    /// Blank columns between two columns.
    public var columnSpacing: Int
    /// Shown dimmed in the body when there are no rows ("No firing alerts").
    public var emptyMessage: String?

    public init(columns: [TableColumn], showsHeader: Bool = true, focused: Bool = true, columnSpacing: Int = 1, emptyMessage: String? = nil) {
        self.columns = columns
        self.showsHeader = showsHeader
        self.focused = focused
        self.columnSpacing = max(0, columnSpacing)
        self.emptyMessage = emptyMessage
    }

    // MARK: - Geometry

    /// How many body rows fit in `area`: the `visibleRows` to give `TableState`.
    public func visibleRowCount(in area: Rect) -> Int {
        max(0, area.height - (showsHeader ? 1 : 0))
    }

    /// The width of each column in an area `width` columns wide.
    public func columnWidths(for width: Int) -> [Int] {
        let spacing = columnSpacing * max(0, columns.count - 1)
        let constraints: [Layout.Constraint] = columns.map { column in
            switch column.width {
            case .fixed(let n): return .fixed(n)
            case .min(let n): return .min(n)
            case .flex(let weight): return .fill(weight)
            }
        }
        return Layout.sizes(total: max(0, width - spacing), constraints: constraints)
    }

    // MARK: - Rendering

    /// Draws with plain text cells; `rows(i)` is called once per visible row only.
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, state: TableState, rows: (Int) -> [String]) {
        render(into: &buffer, area: area, theme: theme, state: state) { index in rows(index).map { TableCell($0) } }
    }

    /// Draws with styled cells; `cells(i)` is called once per visible row only.
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, state: TableState, cells: (Int) -> [TableCell]) {
        guard !area.isEmpty else { return }
        let widths = columnWidths(for: area.width)
        var y = area.y
        if showsHeader {
            let header = columns.map { TableCell($0.title, style: .header) }
            drawRow(header, widths: widths, into: &buffer, x: area.x, y: y, width: area.width, theme: theme, rowStyle: theme[.header])
            y += 1
        }
        let visible = state.visibleRange(visibleRows: visibleRowCount(in: area))
        if visible.isEmpty, let emptyMessage {
            buffer.put(TextWidth.truncate(Sanitizer.sanitize(emptyMessage), toWidth: area.width), x: area.x, y: y, style: theme[.textDim], maxWidth: area.width)
            return
        }
        for index in visible {
            let selected = index == state.selected
            let rowStyle = selected ? theme[focused ? .selection : .selectionInactive] : theme[.text]
            drawRow(cells(index), widths: widths, into: &buffer, x: area.x, y: y, width: area.width, theme: theme, rowStyle: selected ? rowStyle : nil)
            y += 1
        }
    }

    /// One row: each cell fitted to its column; `rowStyle`, when given, overrides the
    /// cells' own styles across the full width (header, selection bar).
    private func drawRow(_ cells: [TableCell], widths: [Int], into buffer: inout ScreenBuffer, x: Int, y: Int, width: Int, theme: Theme, rowStyle: Style?) {
        let base = rowStyle ?? theme[.text]
        buffer.fill(Rect(x: x, y: y, width: width, height: 1), with: Cell(grapheme: " ", style: base))
        var column = x
        for (index, columnWidth) in widths.enumerated() {
            if index > 0 { column += columnSpacing }
            guard columnWidth > 0 else { continue }
            let cell = index < cells.count ? cells[index] : TableCell("")
            let text = TextWidth.pad(Sanitizer.sanitize(cell.text), toWidth: columnWidth, alignment: columns[index].alignment)
            let style = rowStyle ?? theme[cell.style ?? .text]
            buffer.put(text, x: column, y: y, style: style, maxWidth: columnWidth)
            column += columnWidth
        }
    }
}
