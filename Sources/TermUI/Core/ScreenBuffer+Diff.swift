/// A horizontal run of cells that changed between two frames: what a backend writes.
public struct DiffRun: Hashable, Sendable {
    public var y: Int
    public var x: Int
    /// The new cells, left to right, starting at column `x`. A run never starts with a
    /// continuation cell and never ends on a wide head without its continuation.
    public var cells: [Cell]

    public init(y: Int, x: Int, cells: [Cell]) {
        self.y = y
        self.x = x
        self.cells = cells
    }
}

extension ScreenBuffer {
    /// The runs of cells that differ from `previous`, row by row, left to right.
    ///
    /// Backends write only these, which keeps a 1 s refresh of a mostly static console
    /// to a few hundred bytes. A changed continuation pulls in its head (a terminal can
    /// only draw a wide grapheme whole) and a changed head pulls in its continuation.
    /// When the sizes differ, every row is one run: a full repaint.
    public func diff(from previous: ScreenBuffer) -> [DiffRun] {
        guard previous.size == size else { return fullRepaint() }
        let columns = size.width
        let stride = MemoryLayout<Cell>.stride
        var runs: [DiffRun] = []
        cells.withUnsafeBufferPointer { new in
            previous.cells.withUnsafeBufferPointer { old in
                guard let newBase = new.baseAddress, let oldBase = old.baseAddress else { return }
                for y in 0..<size.height {
                    let rowStart = y * columns
                    // Unchanged rows are the common case: one bitwise pass skips them.
                    if Self.sameBits(newBase + rowStart, oldBase + rowStart, bytes: columns * stride) { continue }
                    let same = { (x: Int) -> Bool in Self.sameCell(newBase + rowStart + x, oldBase + rowStart + x) }
                    var x = 0
                    while x < columns {
                        if same(x) {
                            x += 1
                            continue
                        }
                        var start = x
                        if start > 0 && new[rowStart + start].width == 0 { start -= 1 }
                        var end = x + 1
                        while end < columns && !same(end) { end += 1 }
                        if end < columns && new[rowStart + end - 1].width == 2 { end += 1 }
                        runs.append(DiffRun(y: y, x: start, cells: Array(new[(rowStart + start)..<(rowStart + end)])))
                        x = end
                    }
                }
            }
        }
        return runs
    }

    /// Whether two cells look the same. Identical bits are equal cells; otherwise the
    /// grapheme is compared byte for byte (not by canonical equivalence, which is slow
    /// and would skip repainting "é" written as "e\u{301}").
    @inline(__always)
    static func sameCell(_ a: UnsafePointer<Cell>, _ b: UnsafePointer<Cell>) -> Bool {
        if sameBits(a, b, bytes: MemoryLayout<Cell>.size) { return true }
        guard a.pointee.width == b.pointee.width, a.pointee.style == b.pointee.style else { return false }
        var left = a.pointee.grapheme
        var right = b.pointee.grapheme
        if left.utf8.count != right.utf8.count { return false }
        if left.utf8.count == 1 { return left.utf8.first == right.utf8.first }
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in leftBytes.elementsEqual(rightBytes) }
        }
    }

    /// Bitwise comparison of `bytes` bytes. Equal bits imply equal cells (same string
    /// storage or same small-string contents); unequal bits prove nothing, since
    /// padding and unused enum payload bytes may differ.
    @inline(__always)
    static func sameBits(_ a: UnsafePointer<Cell>, _ b: UnsafePointer<Cell>, bytes: Int) -> Bool {
        let left = UnsafeRawPointer(a)
        let right = UnsafeRawPointer(b)
        var offset = 0
        while offset + 8 <= bytes {
            if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
            offset += 8
        }
        while offset < bytes {
            if left.load(fromByteOffset: offset, as: UInt8.self) != right.load(fromByteOffset: offset, as: UInt8.self) { return false }
            offset += 1
        }
        return true
    }

    /// Every row as one run: what a backend draws after a resize or an invalidate.
    public func fullRepaint() -> [DiffRun] {
        let columns = size.width
        guard columns > 0 else { return [] }
        return (0..<size.height).map { y in
            DiffRun(y: y, x: 0, cells: Array(cells[(y * columns)..<((y + 1) * columns)]))
        }
    }

    /// Writes `runs` onto this buffer: what a terminal does with them. `TestBackend`
    /// uses it to check that applying a diff to the old frame yields the new one.
    public mutating func apply(_ runs: [DiffRun]) {
        for run in runs where run.y >= 0 && run.y < size.height {
            for (offset, cell) in run.cells.enumerated() {
                let x = run.x + offset
                if x >= 0 && x < size.width { cells[run.y * size.width + x] = cell }
            }
        }
    }
}
