/// What the app tells the run loop after handling an event.
public enum AppFlow: Sendable, Equatable {
    /// Keep going; the frame is re-rendered (and diffed, so an unchanged frame costs nothing).
    case `continue`
    /// Forget what the terminal shows and repaint every cell (Ctrl-L, after garbage output).
    case redrawAll
    /// Leave the loop: the terminal is restored and the process exits with status 0.
    case quit
}

/// A full-screen program driven by `TerminalRunLoop`.
///
/// Main-actor isolated because the loop, ncurses and the app's state all live on the main
/// thread; background work reports back with `loop.setNeedsRender()` on the main actor.
@MainActor public protocol TerminalApp: AnyObject {
    /// Below this size the loop shows a "Terminal too small" notice instead of `render`.
    var minimumSize: Size { get }
    /// Handle one event; return .quit to leave the loop.
    func handle(_ event: InputEvent) -> AppFlow
    /// Called on each refresh tick (poll data); return true when something changed.
    func refresh() -> Bool
    /// Draw the whole frame; the loop diffs it against the last one.
    func render(into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities)
    /// Last chance to flush state before the process exits (quit, SIGINT, SIGTERM, SIGHUP).
    /// The terminal is still in full-screen mode: do not print.
    func willExit()
    /// Text the last event asked to put on the clipboard, taken once (nil: none).
    func takeClipboardRequest() -> String?
    /// A program the last event asked to run in the foreground (an editor), taken once.
    func takeForegroundRequest() -> ForegroundProgram?
    /// The foreground program ended with `status`; the terminal is full-screen again.
    func foregroundDidFinish(_ program: ForegroundProgram, status: Int32)
}

extension TerminalApp {
    public func willExit() {}
    public func takeClipboardRequest() -> String? { nil }
    public func takeForegroundRequest() -> ForegroundProgram? { nil }
    public func foregroundDidFinish(_ program: ForegroundProgram, status: Int32) {}
}
