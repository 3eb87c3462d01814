/// The editable text of a single-line field, with a grapheme-based cursor.
///
/// The cursor counts grapheme clusters, so Left never lands inside "👨‍👩‍👧" or between
/// "e" and its accent, and Backspace deletes what the user sees as one character.
/// Typed text is sanitized: a pasted escape sequence becomes visible pictures.
public struct TextFieldState: Hashable, Sendable {
    public private(set) var text: String
    /// Position in graphemes, 0…`text.count`.
    public private(set) var cursor: Int
    /// The most graphemes the field accepts; nil for no limit.
    public var maxLength: Int?
    /// The first visible grapheme; see `scrollIntoView(width:)`.
    public private(set) var scroll: Int = 0

    public init(text: String = "", maxLength: Int? = nil) {
        self.maxLength = maxLength.map { max(0, $0) }
        let clean = Self.limited(Sanitizer.sanitize(text), to: self.maxLength)
        self.text = clean
        self.cursor = clean.count
    }

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ newText: String) {
        text = Self.limited(Sanitizer.sanitize(newText), to: maxLength)
        cursor = text.count
        scroll = min(scroll, cursor)
    }

    // MARK: - Keys

    /// Applies an editing key. Returns true when the key belongs to the field (even if
    /// nothing changed, e.g. Left at the start), false for keys the caller should handle
    /// (Enter, Tab, Escape, Up/Down…).
    public mutating func handle(_ key: Key) -> Bool {
        var graphemes = Array(text)
        switch key {
        case .char(let character):
            insert(character, into: &graphemes)
            return true
        case .backspace, .ctrl("h"):
            if cursor > 0 {
                graphemes.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .ctrl("d"):
            if cursor < graphemes.count { graphemes.remove(at: cursor) }
        case .left, .ctrl("b"):
            cursor = max(0, cursor - 1)
        case .right, .ctrl("f"):
            cursor = min(graphemes.count, cursor + 1)
        case .home, .ctrl("a"):
            cursor = 0
        case .end, .ctrl("e"):
            cursor = graphemes.count
        case .ctrl("k"):
            graphemes.removeSubrange(cursor...)
        case .ctrl("u"):
            graphemes.removeSubrange(..<cursor)
            cursor = 0
        case .ctrl("w"):
            let start = Self.wordStart(before: cursor, in: graphemes)
            graphemes.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        text = String(graphemes)
        cursor = min(cursor, text.count)
        scroll = min(scroll, cursor)
        return true
    }

    /// Inserts at the cursor, respecting `maxLength`. A combining mark typed after a
    /// letter merges into it, so the cursor is recomputed from the new prefix.
    private mutating func insert(_ character: Character, into graphemes: inout [Character]) {
        let prefix = Sanitizer.sanitize(String(graphemes[..<cursor]) + String(character))
        let candidate = prefix + String(graphemes[cursor...])
        if let maxLength, candidate.count > maxLength { return }
        text = candidate
        cursor = prefix.count
    }

    /// Where Ctrl-W stops: back over blanks, then back over non-blanks.
    private static func wordStart(before cursor: Int, in graphemes: [Character]) -> Int {
        var index = cursor
        while index > 0 && graphemes[index - 1].isWhitespace { index -= 1 }
        while index > 0 && !graphemes[index - 1].isWhitespace { index -= 1 }
        return index
    }

    private static func limited(_ text: String, to maxLength: Int?) -> String {
        guard let maxLength, text.count > maxLength else { return text }
        return String(text.prefix(maxLength))
    }

    // MARK: - Horizontal scrolling

    /// The first grapheme to show in a field `width` columns wide: `scroll`, moved as
    /// little as possible so the cursor (which needs one column of its own at the end)
    /// stays visible. Pure, so rendering never mutates app state.
    public func visibleStart(width: Int, mask: Character? = nil) -> Int {
        guard width > 0 else { return cursor }
        let graphemes = Array(text)
        var start = min(scroll, cursor)
        var used = 1  // the cursor cell
        var index = cursor - 1
        while index >= start {
            used += mask.map { TextWidth.width(of: $0) } ?? TextWidth.width(of: graphemes[index])
            if used > width { start = index + 1; break }
            index -= 1
        }
        return start
    }

    /// Stores the scroll position `visibleStart(width:)` computes, so the view stays put
    /// while the cursor moves inside it (call after `handle` when the width is known).
    public mutating func scrollIntoView(width: Int) {
        scroll = visibleStart(width: width)
    }
}
