/// The slice of a long result set that is loaded: rows `start ..< start + rows.count`.
/// Virtual scrolling keeps only about a screenful (plus margin) in memory.
public struct RowWindow<Row> {
    public init(start: Int = 0, rows: [Row] = []) {
        self.start = start
        self.rows = rows
    }

    public var start: Int
    public var rows: [Row]

    public subscript(index: Int) -> Row? {
        let i = index - start
        return rows.indices.contains(i) ? rows[i] : nil
    }

    /// Whether rows `range` are all loaded.
    public func covers(_ range: Range<Int>) -> Bool {
        range.isEmpty || (range.lowerBound >= start && range.upperBound <= start + rows.count)
    }

    /// The window to load so `visible` is covered with `margin` rows on both sides.
    public static func span(for visible: Range<Int>, margin: Int) -> (offset: Int, limit: Int) {
        let offset = max(0, visible.lowerBound - margin)
        return (offset, visible.count + 2 * margin)
    }
}
