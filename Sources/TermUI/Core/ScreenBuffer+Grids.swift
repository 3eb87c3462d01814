/// Plain-text views of a buffer, for golden files and `pmops debug render`: what is on
/// screen and how it is styled, comparable line by line in a code review.
extension ScreenBuffer {
    /// Letters handed out to styles in first-seen order by `styleGrid(legend:)`.
    static let legendLetters: [Character] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// The text on screen: rows joined by "\n", continuation cells skipped (their head
    /// already spans two columns), trailing spaces kept so the width stays visible.
    public func textGrid() -> String {
        var output = ""
        output.reserveCapacity((size.width + 1) * size.height)
        for y in 0..<size.height {
            if y > 0 { output.append("\n") }
            for x in 0..<size.width {
                let cell = cells[y * size.width + x]
                if cell.width == 0 { continue }
                output.append(cell.grapheme.isEmpty ? " " : cell.grapheme)
            }
        }
        return output
    }

    /// One character per column naming each cell's style, rows joined by "\n".
    /// Continuation cells are included, so the grid lines up column for column with the
    /// text grid when both are viewed in a terminal.
    public func styleGrid(names: (Style) -> Character) -> String {
        var output = ""
        output.reserveCapacity((size.width + 1) * size.height)
        var lastStyle: Style?
        var lastName: Character = " "
        for y in 0..<size.height {
            if y > 0 { output.append("\n") }
            for x in 0..<size.width {
                let style = cells[y * size.width + x].style
                if style != lastStyle {
                    lastStyle = style
                    lastName = names(style)
                }
                output.append(lastName)
            }
        }
        return output
    }

    /// `styleGrid(names:)` with letters a, b, c… assigned in first-seen order (reading
    /// left to right, top to bottom) and a space for `.plain`. `legend` carries the
    /// assignments, so several buffers can share one legend; styles beyond 62 show "?".
    public func styleGrid(legend: inout [Style: Character]) -> String {
        styleGrid { style in
            if style == .plain { return " " }
            if let letter = legend[style] { return letter }
            let used = legend.count
            let letter = used < Self.legendLetters.count ? Self.legendLetters[used] : "?"
            legend[style] = letter
            return letter
        }
    }
}
