/// The editable text of a multi-line area: lines of graphemes and a cursor (row, column).
///
/// Columns count grapheme clusters, as in `TextFieldState`, so Left never splits an emoji
/// or an accent from its letter. Typed and pasted text is sanitized: an escape sequence
/// becomes visible pictures. Enter is the caller's to map (`insertNewline`), so the same
/// state serves a text area where Enter breaks the line and Ctrl-D finishes.
public struct TextAreaState: Hashable, Sendable {
    public private(set) var lines: [[Character]]
    public private(set) var row = 0
    public private(set) var column = 0
    /// The most graphemes the whole text accepts (newlines count one each).
    public var maxLength: Int?

    public init(text: String = "", maxLength: Int? = nil) {
        self.maxLength = maxLength
        lines = Self.split(text)
        row = lines.count - 1
        column = lines[row].count
    }

    /// The text, lines joined with "\n".
    public var text: String { lines.map { String($0) }.joined(separator: "\n") }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }
    var length: Int { lines.reduce(lines.count - 1) { $0 + $1.count } }

    // MARK: - Keys

    /// Applies an editing or moving key; false for keys the caller handles (Enter, Esc,
    /// Tab, Ctrl-D…).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let character): insert(character)
        case .backspace, .ctrl("h"):
            if column > 0 {
                lines[row].remove(at: column - 1)
                column -= 1
            } else if row > 0 {
                column = lines[row - 1].count
                lines[row - 1] += lines.remove(at: row)
                row -= 1
            }
        case .delete:
            if column < lines[row].count {
                lines[row].remove(at: column)
            } else if row + 1 < lines.count {
                lines[row] += lines.remove(at: row + 1)
            }
        case .left, .ctrl("b"):
            if column > 0 { column -= 1 } else if row > 0 { row -= 1; column = lines[row].count }
        case .right, .ctrl("f"):
            if column < lines[row].count { column += 1 } else if row + 1 < lines.count { row += 1; column = 0 }
        case .up: move(rows: -1)
        case .down: move(rows: 1)
        case .pageUp: move(rows: -10)
        case .pageDown: move(rows: 10)
        case .home, .ctrl("a"): column = 0
        case .end, .ctrl("e"): column = lines[row].count
        case .ctrl("k"): lines[row].removeSubrange(column...)
        case .ctrl("u"):
            lines[row].removeSubrange(..<column)
            column = 0
        default: return false
        }
        return true
    }

    /// Breaks the line at the cursor.
    public mutating func insertNewline() {
        if let maxLength, length >= maxLength { return }
        let rest = Array(lines[row][column...])
        lines[row].removeSubrange(column...)
        lines.insert(rest, at: row + 1)
        row += 1
        column = 0
    }

    /// Inserts pasted or typed text; newlines in it break lines.
    public mutating func insert(text: String) {
        for (i, part) in text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { insertNewline() }
            for character in part { insert(character) }
        }
    }

    private mutating func insert(_ character: Character) {
        if character == "\n" { return insertNewline() }
        let clean = Sanitizer.sanitize(String(character))
        if let maxLength, length + clean.count > maxLength { return }
        // A combining mark typed after a letter merges into it: recount the prefix.
        let prefix = Array(String(lines[row][..<column]) + clean)
        lines[row] = prefix + Array(lines[row][column...])
        column = prefix.count
    }

    private mutating func move(rows delta: Int) {
        row = min(max(0, row + delta), lines.count - 1)
        column = min(column, lines[row].count)
    }

    private static func split(_ text: String) -> [[Character]] {
        text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false).map { Array(Sanitizer.sanitize(String($0))) }
    }

    // MARK: - Scrolling

    /// The first line to show in an area `height` rows high so the cursor row is visible.
    /// Pure, so rendering never mutates app state.
    public func firstVisibleRow(height: Int) -> Int { max(0, row - max(1, height) + 1) }

    /// The first grapheme of line `index` to show in `width` columns: 0, except on the
    /// cursor's line when the cursor would fall off the right edge.
    public func firstVisibleColumn(line index: Int, width: Int) -> Int {
        guard index == row, width > 1 else { return 0 }
        var used = 1, start = column
        while start > 0 {
            used += TextWidth.width(of: lines[row][start - 1])
            if used > width { break }
            start -= 1
        }
        return start
    }
}

extension String {
    /// "\r\n" and lone "\r" become "\n".
    func replacingCRLF() -> String {
        var out = ""
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                out.unicodeScalars.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n", previousCR { previousCR = false; continue }
            previousCR = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
