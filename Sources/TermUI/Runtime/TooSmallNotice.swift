/// The screen the run loop shows instead of the app while the terminal is too small.
///
/// Drawn by the loop itself so no pane has to cope with sizes it cannot lay out; the app
/// comes back by itself once the window is enlarged. Writes cells directly (all glyphs are
/// one column wide) so it does not depend on the text-layout helpers.
enum TooSmallNotice {
    /// Centres "Terminal too small: need W×H, have W×H" in `buffer`, split over three lines
    /// (and clipped) when the terminal is narrower than the sentence.
    static func draw(into buffer: inout ScreenBuffer, need: Size, unicode: Bool) {
        let have = buffer.size
        let times = unicode ? "×" : "x"
        let needText = "need \(need.width)\(times)\(need.height)"
        let haveText = "have \(have.width)\(times)\(have.height)"
        let sentence = "Terminal too small: \(needText), \(haveText)"
        let lines = sentence.count <= have.width ? [sentence] : ["Terminal too small", needText, haveText]
        let style = Style(attributes: .bold)
        let top = max(0, (have.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let y = top + index
            guard y < have.height else { break }
            let characters = Array(line.prefix(have.width))
            let left = max(0, (have.width - characters.count) / 2)
            for (offset, character) in characters.enumerated() {
                buffer[left + offset, y] = Cell(grapheme: String(character), style: style, width: 1)
            }
        }
    }
}
