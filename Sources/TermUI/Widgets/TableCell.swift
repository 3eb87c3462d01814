/// The text of one table cell and, optionally, its semantic style (a severity column
/// styles each cell by its value).
public struct TableCell: Hashable, Sendable, ExpressibleByStringLiteral {
    public var text: String
    /// nil means `text`.
    public var style: ThemeKey?

    public init(_ text: String, style: ThemeKey? = nil) {
        self.text = text
        self.style = style
    }

    public init(stringLiteral value: String) { self.init(value) }
}
