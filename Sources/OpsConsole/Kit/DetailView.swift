import TermUI

/// One line of a detail view: a label (dim) and a value, or a section title.
public struct DetailLine: Sendable {
    public var label: String
    public var value: String
    public var style: ThemeKey = .text
    /// A section title instead of a label/value pair.
    public var isTitle = false

    public init(label: String, value: String, style: ThemeKey = .text, isTitle: Bool = false) {
        self.label = label
        self.value = value
        self.style = style
        self.isTitle = isTitle
    }

    public static func title(_ text: String) -> DetailLine { DetailLine(label: "", value: text, style: .title, isTitle: true) }
    public static let blank = DetailLine(label: "", value: "")
}

/// A scrolling list of label/value lines inside a box. Values too long for their
/// column wrap onto the next lines under the value column, so nothing is cut off.
public struct DetailView {
    public private(set) var scroll = 0
    /// Lines one page shows; set by `layout`.
    public private(set) var pageRows = 20
    static let labelWidth = 13

    public init() {}

    /// The box's inside is two rows shorter than the pane area.
    public mutating func layout(area: Rect) { pageRows = max(1, area.height - 2) }

    public mutating func reset() { scroll = 0 }

    /// Scroll keys; false for any other command.
    public mutating func move(_ command: CommandID) -> Bool {
        switch command {
        case .moveDown: scroll += 1
        case .moveUp: scroll = max(0, scroll - 1)
        case .pageDown: scroll += max(1, pageRows - 2)
        case .pageUp: scroll = max(0, scroll - max(1, pageRows - 2))
        case .first: scroll = 0
        default: return false
        }
        return true
    }

    /// The screen rows of `lines` at `width` columns: long values wrapped at spaces.
    static func rows(_ lines: [DetailLine], width: Int) -> [DetailLine] {
        lines.flatMap { line -> [DetailLine] in
            guard !line.isTitle else { return [line] }
            let valueWidth = max(1, width - 2 - (line.label.isEmpty ? 0 : labelWidth + 1))
            let value = Sanitizer.sanitize(line.value)
            let parts = TextWrap.lines(value, width: valueWidth)
            return parts.enumerated().map { i, part in
                DetailLine(label: i == 0 ? line.label : (line.label.isEmpty ? "" : " "), value: part, style: line.style)
            }
        }
    }

    /// Draws `lines` into `rect` from the current scroll position (clamped, so the end
    /// of the text stays on screen).
    public func render(_ lines: [DetailLine], in rect: Rect, theme: Theme, into buffer: inout ScreenBuffer) {
        let rows = Self.rows(lines, width: rect.width)
        let start = min(scroll, max(0, rows.count - rect.height))
        for (row, line) in rows.dropFirst(start).prefix(rect.height).enumerated() {
            let y = rect.y + row
            if line.isTitle {
                buffer.put(line.value, x: rect.x + 1, y: y, style: theme[.title], maxWidth: rect.width - 2)
                continue
            }
            var x = rect.x + 1
            if !line.label.isEmpty {
                let label = TextWidth.pad(TextWidth.truncate(Sanitizer.sanitize(line.label), toWidth: Self.labelWidth), toWidth: Self.labelWidth)
                buffer.put(label, x: x, y: y, style: theme[.textDim], maxWidth: rect.width - 2)
                x += Self.labelWidth + 1
            }
            let width = max(0, rect.maxX - 1 - x)
            buffer.put(TextWidth.truncate(line.value, toWidth: width), x: x, y: y, style: theme[line.style], maxWidth: width)
        }
    }
}

/// Splits text into lines of at most `width` columns, at spaces where it can and inside
/// a word only when one word is wider than a line.
enum TextWrap {
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0, TextWidth.width(of: text) > width else { return [text] }
        var out: [String] = [], current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if TextWidth.width(of: candidate) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { out.append(current) }
            current = word
            while TextWidth.width(of: current) > width {
                let head = TextWidth.truncate(current, toWidth: width, ellipsis: "")
                guard !head.isEmpty else { break }
                out.append(head)
                current = String(current.dropFirst(head.count))
            }
        }
        if !current.isEmpty { out.append(current) }
        return out.isEmpty ? [""] : out
    }
}
