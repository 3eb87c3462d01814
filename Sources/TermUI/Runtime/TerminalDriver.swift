/// A `TerminalBackend` that also owns the terminal's lifecycle and input.
///
/// It lives in TermUI (not in the ncurses target) so `TerminalRunLoop` stays free of
/// ncurses and its logic can be driven by a fake in tests. Every method is called on
/// the main queue only (the main actor): curses is not thread-safe.
public protocol TerminalDriver: TerminalBackend {
    /// Takes over the terminal (raw-ish mode, alternate screen, colours, mouse).
    func start() throws
    /// Gives the terminal back in the state it was found. Safe to call more than once.
    func stop()
    /// Leaves full-screen mode before the process stops itself (Ctrl-Z).
    func suspend()
    /// Re-enters full-screen mode after SIGCONT; the next `present` repaints everything.
    func resume()
    /// Everything the user typed since the last call, without blocking.
    func readPendingInput() -> [InputEvent]
    /// Re-reads the real window size (after SIGWINCH or a resume) and adopts it.
    @discardableResult func updateSize() -> Size
    /// The descriptor whose readability means input is waiting (normally stdin).
    var inputDescriptor: Int32 { get }
}
