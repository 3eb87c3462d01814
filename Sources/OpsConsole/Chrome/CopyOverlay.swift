import TermUI

/// A URL (or any text) shown whole for selecting with the mouse: the text alone on full-width
/// lines at the bottom of the screen, no border or padding in its way, split only where it
/// is wider than the terminal. A hint line above says whether OSC 52 also copied it.
struct CopyOverlay {
    let text: String
    let copied: Bool

    func render(into buffer: inout ScreenBuffer, theme: Theme) {
        let width = buffer.size.width
        guard width > 0 else { return }
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let head = TextWidth.truncate(String(rest), toWidth: width, ellipsis: "")
            guard !head.isEmpty else { break }
            lines.append(head)
            rest = rest.dropFirst(head.count)
        }
        let hint = copied ? " Copied to the clipboard (OSC 52); also shown whole below. Any key closes."
            : " Select the text below with the mouse (PMOPS_OSC52=1 copies it directly). Any key closes."
        let top = max(0, buffer.size.height - 2 - lines.count)
        buffer.put(TextWidth.pad(TextWidth.truncate(hint, toWidth: width), toWidth: width), x: 0, y: top, style: theme[.statusInfo])
        for (i, line) in lines.prefix(buffer.size.height - top - 1).enumerated() {
            buffer.put(TextWidth.pad(line, toWidth: width), x: 0, y: top + 1 + i, style: theme[.text])
        }
    }
}
