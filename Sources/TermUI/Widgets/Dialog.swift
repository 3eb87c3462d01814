/// A modal box centred over the screen: title, body lines and a row of buttons.
///
/// It sizes itself to its content (clipped to the area) and returns its rectangle, so
/// the caller can route mouse clicks and knows what it covers.
public struct Dialog: Hashable, Sendable {
    public var title: String
    public var body: [String]
    public var buttons: [String]
    public var focusedButton: Int
    /// Confirmations of destructive actions draw the focused button as `dangerous`.
    public var dangerous: Bool
    /// The narrowest the dialog gets (when the area allows).
    public var minWidth: Int

    public init(title: String, body: [String], buttons: [String] = ["OK"], focusedButton: Int = 0, dangerous: Bool = false, minWidth: Int = 30) {
        self.title = title
        self.body = body
        self.buttons = buttons
        self.focusedButton = focusedButton
        self.dangerous = dangerous
        self.minWidth = minWidth
    }

    /// Left/Right/Tab/Shift-Tab move between buttons; returns whether the key was used.
    public mutating func handle(_ key: Key) -> Bool {
        guard !buttons.isEmpty else { return false }
        switch key {
        case .left, .backTab: focusedButton = (focusedButton + buttons.count - 1) % buttons.count
        case .right, .tab: focusedButton = (focusedButton + 1) % buttons.count
        default: return false
        }
        return true
    }

    /// The dialog's rectangle inside `area`, without drawing.
    public func frame(in area: Rect) -> Rect {
        let bodyWidth = body.map { TextWidth.width(of: Sanitizer.sanitize($0)) }.max() ?? 0
        let titleWidth = TextWidth.width(of: Sanitizer.sanitize(title)) + 4
        let contentWidth = max(bodyWidth, buttonRowWidth, titleWidth)
        return area.centered(width: max(minWidth, contentWidth + 4), height: body.count + 4)
    }

    /// Draws the dialog and returns its rectangle.
    @discardableResult
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, capabilities: TerminalCapabilities = .full) -> Rect {
        let rect = frame(in: area)
        guard rect.width >= 4, rect.height >= 3 else { return rect }
        buffer.fill(rect, with: Cell(grapheme: " ", style: theme[.dialog]))
        let inner = Box(title: title, focused: true, borderKey: .dialogBorder).render(into: &buffer, area: rect, theme: theme, capabilities: capabilities)
        let textArea = inner.inset(left: 1, right: 1)
        for (row, line) in body.enumerated() where row < textArea.height - 2 {
            let text = TextWidth.truncate(Sanitizer.sanitize(line), toWidth: textArea.width)
            buffer.put(text, x: textArea.x, y: textArea.y + row, style: theme[.dialog], maxWidth: textArea.width)
        }
        for (index, button) in buttonFrames(in: rect).enumerated() {
            let focused = index == focusedButton
            let style = focused ? theme[dangerous ? .dangerous : .buttonFocus] : theme[.button]
            buffer.put(buttonLabel(buttons[index]), x: button.x, y: button.y, style: style, maxWidth: button.width)
        }
        return rect
    }

    /// Which button is at (`x`, `y`) when the dialog occupies `rect`.
    public func buttonIndex(atX x: Int, y: Int, in rect: Rect) -> Int? {
        buttonFrames(in: rect).firstIndex { $0.contains(x: x, y: y) }
    }

    // MARK: - Buttons

    private func buttonLabel(_ title: String) -> String { "[ " + Sanitizer.sanitize(title) + " ]" }

    private var buttonRowWidth: Int {
        let labels = buttons.map { TextWidth.width(of: buttonLabel($0)) }
        return labels.reduce(0, +) + 2 * max(0, labels.count - 1)
    }

    /// Buttons centred on the last inner row, two columns apart, clipped to the box.
    private func buttonFrames(in rect: Rect) -> [Rect] {
        let inner = rect.inset(by: 1)
        guard inner.width > 0, inner.height > 0 else { return [] }
        var x = inner.x + max(0, (inner.width - buttonRowWidth) / 2)
        var frames: [Rect] = []
        for button in buttons {
            let width = min(TextWidth.width(of: buttonLabel(button)), max(0, inner.maxX - x))
            frames.append(Rect(x: x, y: inner.maxY - 1, width: width, height: 1))
            x += width + 2
        }
        return frames
    }
}
