/// Where text sits inside a wider field (table cells, padded labels).
public enum TextAlignment: Hashable, Sendable {
    case left, center, right
}
