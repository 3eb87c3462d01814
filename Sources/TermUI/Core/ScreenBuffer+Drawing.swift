/// Drawing primitives. Everything that writes text goes through `put`, which sanitizes,
/// so no pane can smuggle an escape sequence or a half wide character onto the screen.
extension ScreenBuffer {
    // MARK: - Text

    /// One prebuilt `String` per ASCII byte: the fast path then writes cells without
    /// creating a string per cell.
    static let asciiGraphemes: [String] = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }

    /// Writes `text` at (`x`, `y`) and returns the columns it advanced.
    ///
    /// The text is always sanitized. Wide graphemes take two cells (head + continuation);
    /// one that does not fit in the remaining width becomes a space. Overwriting half of
    /// an existing wide grapheme blanks its other half, so the buffer never holds an
    /// orphan. Output is clipped to the buffer and to `maxWidth` columns; the return value
    /// counts clipped columns left of the buffer too, so `x += put(…)` keeps working, and
    /// is 0 when `y` is outside the buffer.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.height, x < size.width, x > Int.min / 4 else { return 0 }
        var limit = size.width
        if let maxWidth {
            guard maxWidth > 0 else { return 0 }
            if maxWidth < size.width - x { limit = x + maxWidth }
        }
        guard limit > 0 else { return 0 }
        if let used = putPrintableASCII(text, x: x, y: y, style: style, limit: limit) {
            return used
        }
        return putGraphemes(Sanitizer.sanitize(text), x: x, y: y, style: style, limit: limit)
    }

    /// The fast path for printable ASCII: one byte, one cell. Nil when `text` needs the
    /// general path.
    private mutating func putPrintableASCII(_ text: String, x: Int, y: Int, style: Style, limit: Int) -> Int? {
        let rowStart = y * size.width
        let written: Int?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return nil }
            let end = min(limit, x + bytes.count)
            let first = max(0, x)
            guard first < end else { return max(0, end - x) }
            let graphemes = Self.asciiGraphemes
            cells.withUnsafeMutableBufferPointer { row in
                for column in first..<end {
                    row[rowStart + column] = Cell(grapheme: graphemes[Int(bytes[column - x])], style: style, width: 1)
                }
            }
            repairWideEdges(y: y, from: first, to: end)
            return end - x
        }
        return written ?? nil
    }

    /// The general path: grapheme by grapheme, with widths from `TextWidth`.
    private mutating func putGraphemes(_ text: String, x: Int, y: Int, style: Style, limit: Int) -> Int {
        let rowStart = y * size.width
        var column = x
        var firstWritten: Int?
        let graphemes = Self.asciiGraphemes
        TextWidth.forEachGrapheme(in: text) { slice, measured in
            let width = max(1, measured)
            if column + width > limit {
                if column < limit && column >= 0 {
                    cells[rowStart + column] = Cell(grapheme: " ", style: style, width: 1)
                    firstWritten = firstWritten ?? column
                    column += 1
                }
                return false
            }
            if column >= 0 {
                firstWritten = firstWritten ?? column
                let grapheme: String
                switch slice {
                case .ascii(let byte): grapheme = graphemes[Int(byte)]
                case .text(let cluster): grapheme = String(cluster)
                }
                cells[rowStart + column] = Cell(grapheme: grapheme, style: style, width: UInt8(width))
                if width == 2 {
                    cells[rowStart + column + 1] = Cell(grapheme: "", style: style, width: 0)
                }
            } else if width == 2 && column + 1 == 0 {
                // The head falls off the left edge; show the visible half as a space.
                firstWritten = 0
                cells[rowStart] = Cell(grapheme: " ", style: style, width: 1)
            }
            column += width
            return column < limit
        }
        if let firstWritten {
            repairWideEdges(y: y, from: firstWritten, to: min(column, limit))
        }
        return max(0, min(column, limit) - x)
    }

    // MARK: - Areas

    /// Sets every cell of `rect` (clipped to the buffer) to `cell`.
    ///
    /// The grapheme is sanitized and measured; a wide one is laid out in head +
    /// continuation pairs with a space in a leftover odd column.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let sanitized = Sanitizer.sanitize(cell.grapheme)
        let grapheme = sanitized.first.map(String.init) ?? " "
        let width = grapheme == " " ? 1 : max(1, TextWidth.width(of: sanitized.first ?? " "))
        let head = Cell(grapheme: grapheme, style: cell.style, width: UInt8(width))
        let tail = Cell(grapheme: "", style: cell.style, width: 0)
        let space = Cell(grapheme: " ", style: cell.style, width: 1)
        let columns = size.width
        cells.withUnsafeMutableBufferPointer { all in
            for y in area.y..<area.maxY {
                var x = area.x
                while x < area.maxX {
                    if width == 1 {
                        all[y * columns + x] = head
                        x += 1
                    } else if x + 1 < area.maxX {
                        all[y * columns + x] = head
                        all[y * columns + x + 1] = tail
                        x += 2
                    } else {
                        all[y * columns + x] = space
                        x += 1
                    }
                }
            }
        }
        for y in area.y..<area.maxY {
            repairWideEdges(y: y, from: area.x, to: area.maxX)
        }
    }

    /// Blanks the whole buffer (or fills it with `cell`).
    public mutating func clear(_ cell: Cell = .blank) {
        fill(bounds, with: cell)
    }

    /// Changes the style of every cell in `rect` (clipped), keeping its text: how a
    /// selection bar or a focus highlight is laid over already drawn content.
    public mutating func applyStyle(_ rect: Rect, _ transform: (inout Style) -> Void) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let columns = size.width
        cells.withUnsafeMutableBufferPointer { all in
            for y in area.y..<area.maxY {
                for x in area.x..<area.maxX {
                    transform(&all[y * columns + x].style)
                }
            }
        }
    }

    /// Changes the size, keeping the overlapping top-left content; new cells are blank.
    /// A wide grapheme cut by the new right edge is blanked.
    public mutating func resize(to newSize: Size) {
        guard newSize != size else { return }
        var resized = ScreenBuffer(size: newSize)
        let keepWidth = min(size.width, newSize.width)
        for y in 0..<min(size.height, newSize.height) where keepWidth > 0 {
            let from = y * size.width
            let to = y * newSize.width
            resized.cells.replaceSubrange(to..<(to + keepWidth), with: cells[from..<(from + keepWidth)])
            resized.repairWideEdges(y: y, from: 0, to: keepWidth)
        }
        self = resized
    }

    // MARK: - Wide-cell invariants

    /// After cells `from..<to` of row `y` were overwritten, blanks any wide grapheme that
    /// lost one half: a head just left of the range whose continuation was overwritten,
    /// or a continuation just right of it whose head was overwritten (or cut off).
    mutating func repairWideEdges(y: Int, from: Int, to: Int) {
        let rowStart = y * size.width
        if from > 0, from < size.width, cells[rowStart + from - 1].width == 2, cells[rowStart + from].width != 0 {
            blankKeepingStyle(rowStart + from - 1)
        }
        if to < size.width, to >= 0, cells[rowStart + to].width == 0,
            to == 0 || cells[rowStart + to - 1].width != 2 {
            blankKeepingStyle(rowStart + to)
        }
        if to == size.width, to > 0, cells[rowStart + to - 1].width == 2 {
            blankKeepingStyle(rowStart + to - 1)
        }
    }

    private mutating func blankKeepingStyle(_ index: Int) {
        cells[index] = Cell(grapheme: " ", style: cells[index].style, width: 1)
    }
}
