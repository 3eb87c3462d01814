/// What a frame is drawn onto. The ncurses backend and `TestBackend` implement it; the
/// app never talks to ncurses directly. Backends only blit cells: all layout happens
/// in `ScreenBuffer`.
public protocol TerminalBackend: AnyObject {
    /// The current size of the screen in cells.
    var size: Size { get }
    /// What the terminal can show; widgets use it to pick glyphs (e.g. ASCII borders).
    var capabilities: TerminalCapabilities { get }
    /// Draws `frame`. `previous` is the last frame presented (nil after a clear/resize),
    /// so the backend can write only cells that changed. One flush per call.
    func present(_ frame: ScreenBuffer, previous: ScreenBuffer?)
    /// Forgets what is on screen: the next `present` repaints everything (Ctrl-L).
    func invalidate()
    /// Puts `text` on the terminal's clipboard (OSC 52), where the terminal allows it.
    func copyToClipboard(_ text: String)
}

extension TerminalBackend {
    public func copyToClipboard(_ text: String) {}
}

/// Colour depth and glyph repertoire of the attached terminal.
public struct TerminalCapabilities: Hashable, Sendable {
    public enum ColorDepth: Int, Comparable, Sendable {
        case none = 0, eight = 8, sixteen = 16, palette256 = 256, trueColor = 16_777_216
        public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }
    }
    public var colorDepth: ColorDepth
    /// False when the locale is not UTF-8: borders and charts fall back to ASCII.
    public var unicode: Bool

    public init(colorDepth: ColorDepth, unicode: Bool) {
        self.colorDepth = colorDepth
        self.unicode = unicode
    }
    public static let full = TerminalCapabilities(colorDepth: .palette256, unicode: true)
}
