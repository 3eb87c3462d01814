/// The bottom row: context on the left, a timed message in the middle, facts on the
/// right (user, clock, "stale since 12:03:10").
public struct StatusLine: Hashable, Sendable {
    /// How a message is styled.
    public enum Level: Hashable, Sendable {
        case info, success, warning, error

        var themeKey: ThemeKey {
            switch self {
            case .info: return .statusInfo
            case .success: return .statusSuccess
            case .warning: return .statusWarning
            case .error: return .statusError
            }
        }
    }

    /// A message the reducer shows for a while ("Alert 42 acknowledged").
    public struct Message: Hashable, Sendable {
        public var text: String
        public var level: Level
        public init(_ text: String, level: Level = .info) {
            self.text = text
            self.level = level
        }
    }

    public var left: [String]
    public var right: [String]
    public var message: Message?

    public init(left: [String] = [], right: [String] = [], message: Message? = nil) {
        self.left = left
        self.right = right
        self.message = message
    }

    /// Space goes first to the right segments (at most half the row), then to the
    /// message, and what remains to the left segments: an error must never be hidden
    /// by context text.
    public func render(into buffer: inout ScreenBuffer, area: Rect, theme: Theme, capabilities: TerminalCapabilities = .full) {
        guard !area.isEmpty else { return }
        let bar = theme[.statusBar]
        let separator = capabilities.unicode ? " │ " : " | "
        let y = area.y
        buffer.put(String(repeating: " ", count: area.width), x: area.x, y: y, style: bar)
        let rightText = TextWidth.truncate(right.map(Sanitizer.sanitize).joined(separator: separator), toWidth: area.width / 2)
        let rightWidth = TextWidth.width(of: rightText)
        if rightWidth > 0 {
            buffer.put(rightText, x: area.maxX - rightWidth - 1, y: y, style: bar)
        }
        let room = area.width - (rightWidth > 0 ? rightWidth + 3 : 2)
        guard room > 0 else { return }
        var messageText = message.map { TextWidth.truncate(" " + Sanitizer.sanitize($0.text) + " ", toWidth: room) } ?? ""
        if messageText == " " { messageText = "" }
        let messageWidth = TextWidth.width(of: messageText)
        let leftRoom = room - messageWidth - (messageWidth > 0 ? 1 : 0)
        var x = area.x + 1
        if leftRoom > 0 && !left.isEmpty {
            let leftText = TextWidth.truncate(left.map(Sanitizer.sanitize).joined(separator: separator), toWidth: leftRoom)
            x += buffer.put(leftText, x: x, y: y, style: bar) + 1
        }
        if let message, messageWidth > 0 {
            buffer.put(messageText, x: x, y: y, style: theme[message.level.themeKey])
        }
    }
}
