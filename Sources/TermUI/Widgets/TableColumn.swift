/// One column of a `Table`: its title, how it claims width, and how text sits in it.
public struct TableColumn: Hashable, Sendable {
    /// How a column claims width from the table's area.
    public enum Width: Hashable, Sendable {
        /// Exactly `n` columns (less only when the area runs out).
        case fixed(Int)
        /// At least `n` columns, growing like `.flex(1)` when no flex column exists.
        case min(Int)
        /// A share of the remaining width, by weight.
        case flex(Int)
    }

    public var title: String
    public var width: Width
    public var alignment: TextAlignment

    public init(_ title: String, width: Width = .flex(1), alignment: TextAlignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}
