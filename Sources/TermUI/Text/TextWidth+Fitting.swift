extension TextWidth {
    /// `string` cut to at most `width` columns, ending in `ellipsis` when anything was cut.
    ///
    /// Cuts on grapheme boundaries only, so a flag or a ZWJ family is kept whole or dropped
    /// whole; the result may be one column short when a wide grapheme did not fit. When
    /// even the ellipsis does not fit, the text is cut without it.
    public static func truncate(_ string: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if let count = printableASCIICount(string), count <= width { return string }
        let total = Self.width(of: string)
        if total <= width { return string }
        let ellipsisWidth = Self.width(of: ellipsis)
        let marker = ellipsisWidth <= width ? ellipsis : ""
        let budget = width - (marker.isEmpty ? 0 : ellipsisWidth)
        return prefix(string, maxWidth: budget).text + marker
    }

    /// `string` fitted to exactly `width` columns: truncated with "…" when too wide,
    /// otherwise padded with spaces according to `alignment`.
    ///
    /// Table cells and status segments rely on the exact width to keep borders aligned.
    public static func pad(_ string: String, toWidth width: Int, alignment: TextAlignment = .left) -> String {
        guard width > 0 else { return "" }
        let fitted = truncate(string, toWidth: width)
        let gap = width - Self.width(of: fitted)
        guard gap > 0 else { return fitted }
        switch alignment {
        case .left:
            return fitted + String(repeating: " ", count: gap)
        case .right:
            return String(repeating: " ", count: gap) + fitted
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + fitted + String(repeating: " ", count: gap - left)
        }
    }

    /// The longest leading run of whole graphemes of `string` that fits in `maxWidth`
    /// columns, with its width.
    public static func prefix(_ string: String, maxWidth: Int) -> (text: Substring, width: Int) {
        var used = 0
        var end = string.startIndex
        var index = string.startIndex
        while index < string.endIndex {
            let next = string.index(after: index)
            let w = width(of: string[index])
            if used + w > maxWidth { break }
            used += w
            index = next
            end = next
        }
        return (string[string.startIndex..<end], used)
    }
}
