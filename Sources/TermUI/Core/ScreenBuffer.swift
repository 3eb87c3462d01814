/// One terminal cell. A wide (2-column) grapheme occupies its cell plus a
/// `continuation` cell to its right, so columns always line up.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown, already sanitized; " " for blank. Empty for a continuation cell.
    public var grapheme: String
    public var style: Style
    /// 1 for ordinary cells, 2 for the head of a wide grapheme, 0 for its continuation.
    public var width: UInt8

    public init(grapheme: String = " ", style: Style = .plain, width: UInt8 = 1) {
        self.grapheme = grapheme
        self.style = style
        self.width = width
    }
    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// An in-memory frame: what panes draw into and what backends blit from.
/// Pure value type, so tests render panes into it without a terminal.
public struct ScreenBuffer: Hashable, Sendable {
    public internal(set) var size: Size
    public internal(set) var cells: [Cell]

    public init(size: Size, fill: Cell = .blank) {
        self.size = size
        self.cells = Array(repeating: fill, count: size.width * size.height)
    }

    public var bounds: Rect { Rect(size: size) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }
}
