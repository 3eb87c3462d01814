import CNcursesw
import Glibc
import TermUI

/// Why the terminal could not be taken over.
public enum NcursesTerminalError: Error, CustomStringConvertible, Equatable {
    case notATerminal
    case unknownTerminal(String)
    case cannotAddressCursor(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "The console needs an interactive terminal: standard input and output must be a tty."
        case .unknownTerminal(let name):
            return "The terminal type \"\(name)\" is unknown to terminfo; try TERM=xterm-256color."
        case .cannotAddressCursor(let name):
            return "The terminal type \"\(name)\" cannot move the cursor, so a full-screen console cannot run on it."
        }
    }
}

/// The ncurses backend: the only type in the project that talks to curses.
///
/// Not thread-safe by design: create it and call it on the main queue only (the run loop
/// does). Drawing goes through `present`, which writes only changed cells and flushes once.
public final class NcursesTerminal: TerminalDriver {
    public struct Options: Sendable {
        /// Report clicks and wheel events. Off leaves the terminal's own selection working.
        public var mouse: Bool
        /// How long a lone Esc waits for the rest of an escape sequence, in milliseconds.
        public var escapeDelayMilliseconds: Int32

        public init(mouse: Bool = true, escapeDelayMilliseconds: Int32 = 25) {
            self.mouse = mouse
            self.escapeDelayMilliseconds = escapeDelayMilliseconds
        }
    }

    private enum State { case idle, running, suspended, stopped }

    public let options: Options
    public internal(set) var size = Size(width: 0, height: 0)
    public private(set) var capabilities = TerminalCapabilities(colorDepth: .none, unicode: false)
    public let inputDescriptor: Int32 = STDIN_FILENO

    var palette = NcursesPalette.none
    /// Set by `invalidate` and resizes: the next `present` ignores `previous`.
    var needsFullRepaint = true
    private var state = State.idle
    private var hasAlternateScreen = true
    private let environmentOverrides: [String: String]?

    /// - Parameter environment: replaces the process environment for NO_COLOR, COLORTERM
    ///   and TERM when given, so callers (and `--no-color` flags) can force monochrome.
    public init(options: Options = Options(), environment: [String: String]? = nil) {
        self.options = options
        self.environmentOverrides = environment
    }

    deinit {
        stop()
    }

    // MARK: - Lifecycle

    public func start() throws {
        guard state == .idle || state == .stopped else { return }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw NcursesTerminalError.notATerminal
        }
        adoptLocale()
        let codeset = String(cString: pm_locale_codeset()).uppercased().filter { $0 != "-" }
        let unicode = codeset == "UTF8"
        // Save the shell's terminal state before curses changes anything.
        CrashGuard.arm(ttyDescriptor: STDIN_FILENO, outputDescriptor: STDOUT_FILENO)
        guard pm_newterm(nil) != nil else {
            CrashGuard.disarm()
            throw NcursesTerminalError.unknownTerminal(environmentValue("TERM") ?? "")
        }
        guard pm_has_string_capability("cup") != 0 else {
            endwin()
            CrashGuard.restoreSavedTerminalState()
            CrashGuard.disarm()
            throw NcursesTerminalError.cannotAddressCursor(environmentValue("TERM") ?? "")
        }
        state = .running
        hasAlternateScreen = pm_has_string_capability("smcup") != 0
        cbreak()  // keeps ISIG: Ctrl-C and Ctrl-Z arrive as signals the run loop handles
        noecho()
        nonl()
        let screen = pm_stdscr()
        keypad(screen, true)
        nodelay(screen, true)
        intrflush(screen, false)
        leaveok(screen, true)  // no cursor parking after each update: fewer bytes
        set_escdelay(options.escapeDelayMilliseconds)
        curs_set(0)
        disableFlowControl()
        palette = NcursesPalette(environment: environmentValue)
        capabilities = TerminalCapabilities(colorDepth: palette.depth, unicode: unicode)
        if options.mouse {
            mouseinterval(0)
            mousemask(pm_mouse_press_mask(), nil)
        }
        needsFullRepaint = true
        updateSize()
    }

    public func stop() {
        guard state == .running || state == .suspended else { return }
        if state == .running {
            if options.mouse { mousemask(0, nil) }
            if !hasAlternateScreen {
                // Without an alternate screen (TERM=linux, vt100) the last frame would stay
                // under the shell prompt: leave a clean screen instead.
                wclear(pm_stdscr())
                wnoutrefresh(pm_stdscr())
                doupdate()
            }
            curs_set(1)
            endwin()
        }
        state = .stopped
        CrashGuard.restoreSavedTerminalState()
        CrashGuard.disarm()
    }

    public func suspend() {
        guard state == .running else { return }
        endwin()
        CrashGuard.restoreSavedTerminalState()
        state = .suspended
    }

    public func resume() {
        switch state {
        case .suspended:
            // The next doupdate restores program mode and the alternate screen.
            state = .running
        case .running:
            // Continued after an external SIGSTOP: the shell may have reset the tty.
            reset_prog_mode()
        case .idle, .stopped:
            return
        }
        updateSize()
        invalidate()
    }

    @discardableResult
    public func updateSize() -> Size {
        guard state == .running else { return size }
        var rows: Int32 = 0, columns: Int32 = 0
        if pm_terminal_size(STDOUT_FILENO, &rows, &columns) == 0, is_term_resized(rows, columns) {
            // Also queues KEY_RESIZE, which readPendingInput reports as `.resize`.
            resizeterm(rows, columns)
            needsFullRepaint = true
        }
        size = Size(width: Int(pm_cols()), height: Int(pm_lines()))
        return size
    }

    public func invalidate() {
        guard state == .running else { return }
        clearok(pm_curscr(), true)
        needsFullRepaint = true
    }

    // MARK: - Private

    /// Lets Ctrl-S and Ctrl-Q reach the app instead of freezing output. def_prog_mode
    /// records the change so ncurses restores it after a suspend.
    private func disableFlowControl() {
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
        settings.c_iflag &= ~tcflag_t(IXON)
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        def_prog_mode()
    }

    /// setlocale(LC_ALL, "") as curses requires for wide characters. Over SSH the client
    /// often sends a UTF-8 locale (en_US.UTF-8) that this host has not generated; then
    /// setlocale fails and we would fall back to ASCII, so use C.UTF-8 for LC_CTYPE instead.
    private func adoptLocale() {
        guard setlocale(LC_ALL, "") == nil else { return }
        let requested = environmentValue("LC_ALL") ?? environmentValue("LC_CTYPE") ?? environmentValue("LANG") ?? ""
        let normalized = requested.uppercased().filter { $0 != "-" }
        guard normalized.contains("UTF8") else { return }
        _ = setlocale(LC_CTYPE, "C.UTF-8")
    }

    private func environmentValue(_ name: String) -> String? {
        if let environmentOverrides { return environmentOverrides[name] }
        return getenv(name).map { String(cString: $0) }
    }

    var isRunning: Bool { state == .running }
}
