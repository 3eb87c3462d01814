/// How many terminal columns text occupies.
///
/// Every layout decision (column alignment, truncation, wide-cell bookkeeping in
/// `ScreenBuffer`) rests on this, so it must agree with what terminals actually draw:
/// East Asian Wide/Fullwidth and emoji take two columns, combining marks and format
/// characters take none, and a grapheme cluster (flag, ZWJ family, keycap, skin-toned
/// emoji) is measured as one unit, never as the sum of its scalars.
public enum TextWidth {
    // MARK: - Graphemes

    /// The columns one grapheme cluster occupies: 0, 1 or 2.
    ///
    /// The cluster's first scalar decides (a base followed by combining marks keeps the
    /// base's width; Hangul L+V+T keeps the wide L). A cluster that starts with a
    /// zero-width scalar has width 0. Variation selector 16 turns an emoji base into the
    /// two-column emoji presentation (❤️, keycaps like 1️⃣). Control characters are 0:
    /// they never reach the screen unsanitized.
    public static func width(of character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii < 0x7F ? 1 : 0
        }
        return clusterWidth(character.unicodeScalars)
    }

    /// The width of one cluster given as its scalars (see `width(of: Character)`).
    @inline(__always)
    static func clusterWidth<Scalars: Sequence<Unicode.Scalar>>(_ scalars: Scalars) -> Int {
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        let base = width(ofScalar: first.value)
        if base == 0 || base == 2 { return base }
        while let next = iterator.next() {
            if next.value == 0xFE0F {
                return first.properties.isEmoji ? 2 : base
            }
        }
        return base
    }

    /// The columns a whole string occupies, measured grapheme by grapheme.
    public static func width(of string: String) -> Int {
        if let count = printableASCIICount(string) { return count }
        var total = 0
        forEachGrapheme(in: string) { _, width in
            total += width
            return true
        }
        return total
    }

    /// Walks the grapheme clusters of `string` with their widths until `body` returns
    /// false.
    ///
    /// Grapheme breaking is the expensive part of measuring text, so two common cases
    /// skip it: a printable ASCII byte followed by an ASCII byte, and a CJK/Hangul/kana
    /// scalar followed by ASCII or another such scalar, are whole clusters on their own.
    /// Everything else goes through `String.index(after:)`.
    @inline(__always)
    static func forEachGrapheme(in string: String, _ body: (GraphemeSlice, Int) -> Bool) {
        let utf8 = string.utf8
        let scalars = string.unicodeScalars
        var index = string.startIndex
        let end = string.endIndex
        while index < end {
            let byte = utf8[index]
            if byte >= 0x20 && byte < 0x7F {
                let next = utf8.index(after: index)
                if next == end || utf8[next] < 0x80 {
                    guard body(.ascii(byte), 1) else { return }
                    index = next
                    continue
                }
            } else if byte >= 0xE0 && byte < 0xF0 && isCommonWide(scalars[index].value) {
                let next = scalars.index(after: index)
                if next == end || utf8[next] < 0x80 || isCommonWide(scalars[next].value) {
                    guard body(.text(string[index..<next]), 2) else { return }
                    index = next
                    continue
                }
            }
            let next = string.index(after: index)
            let cluster = string[index..<next]
            guard body(.text(cluster), clusterWidth(cluster.unicodeScalars)) else { return }
            index = next
        }
    }

    /// One grapheme cluster as `forEachGrapheme` hands it out.
    enum GraphemeSlice {
        /// A printable ASCII character.
        case ascii(UInt8)
        case text(Substring)
    }

    // MARK: - Scalars

    /// The width of one scalar in isolation (used for the base of a cluster).
    static func width(ofScalar value: UInt32) -> Int {
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }  // DEL and C1 controls
        if value < 0x300 { return value == 0xAD ? 0 : 1 }
        if isCommonWide(value) { return 2 }
        if value >= 0x1F000 && value < 0x20000 { return contains(wideRanges, value) ? 2 : 1 }
        if contains(zeroRanges, value) { return 0 }
        if value >= 0x1100 && contains(wideRanges, value) { return 2 }
        return 1
    }

    /// Whether `value` is a scalar that takes no column (combining, format, jamo V/T).
    static func isZeroWidth(_ value: UInt32) -> Bool {
        if value < 0x300 { return value == 0xAD || value < 0x20 || (value >= 0x7F && value < 0xA0) }
        if isCommonWide(value) || (value >= 0x1F000 && value < 0x20000) { return false }
        return contains(zeroRanges, value)
    }

    /// The big wide blocks (CJK ideographs, Hangul syllables, kana, fullwidth forms),
    /// answered without a table search because CJK text is made of little else.
    @inline(__always)
    static func isCommonWide(_ value: UInt32) -> Bool {
        (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0xAC00 && value <= 0xD7A3)
            || (value >= 0x3041 && value <= 0x3096) || (value >= 0x30A1 && value <= 0x30FA)
            || (value >= 0xFF01 && value <= 0xFF60)
    }

    /// Binary search in a sorted flat array of inclusive [first, last] pairs.
    static func contains(_ table: [UInt32], _ value: UInt32) -> Bool {
        var low = 0
        var high = table.count / 2 - 1
        guard high >= 0, value >= table[0], value <= table[table.count - 1] else { return false }
        while low <= high {
            let mid = (low + high) >> 1
            if value < table[2 * mid] {
                high = mid - 1
            } else if value > table[2 * mid + 1] {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    // MARK: - ASCII fast path

    /// The UTF-8 length when `string` is entirely printable ASCII (then columns ==
    /// bytes), nil otherwise. Most ops text (hostnames, metric names) takes this path.
    static func printableASCIICount(_ string: String) -> Int? {
        let utf8 = string.utf8
        let fast: Bool? = utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return false }
            return true
        }
        if let fast { return fast ? utf8.count : nil }
        for byte in utf8 where byte < 0x20 || byte >= 0x7F { return nil }
        return utf8.count
    }
}
