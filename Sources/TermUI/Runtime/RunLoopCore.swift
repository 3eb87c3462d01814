/// The frame logic of the run loop, free of Dispatch sources and signals.
///
/// `TerminalRunLoop` feeds it events, ticks and resizes and obeys the `Action` it returns;
/// tests call the same methods directly with a fake backend and assert what was presented.
/// Keeping the decisions here (coalescing, size check, full-repaint bookkeeping) is what
/// makes the loop testable without a terminal.
@MainActor public final class RunLoopCore {
    /// What the caller must do after feeding the core.
    public enum Action: Sendable, Equatable {
        /// Nothing: either nothing changed or a render is already scheduled.
        case none
        /// Schedule exactly one `renderScheduledFrame()` call (e.g. `DispatchQueue.main.async`).
        case scheduleRender
        /// The app asked to leave.
        case quit
        /// Leave full-screen mode, run the program, wait, then call `foregroundDidFinish`.
        case runForeground(ForegroundProgram)
    }

    public let backend: any TerminalBackend
    public let app: any TerminalApp

    /// The frame the terminal shows, or nil when the next present must repaint everything.
    public private(set) var lastFrame: ScreenBuffer?
    /// True while a render is scheduled but has not run: further requests coalesce into it.
    public private(set) var isRenderScheduled = false
    /// True when something changed since the last render.
    public private(set) var needsRender = true
    /// Frames actually handed to the backend (skipped identical frames do not count).
    public private(set) var presentedFrameCount = 0
    /// True while the terminal is below `app.minimumSize` and the notice is shown.
    public private(set) var isShowingTooSmallNotice = false

    public init(backend: any TerminalBackend, app: any TerminalApp) {
        self.backend = backend
        self.app = app
    }

    // MARK: - Inputs

    /// Asks for the first frame after the terminal was started.
    public func start() -> Action {
        lastFrame = nil
        return requestRender()
    }

    /// Handles one read batch; any number of events produce at most one render.
    public func receive(_ events: [InputEvent]) -> Action {
        guard !events.isEmpty else { return .none }
        for event in events {
            if case .resize = event { lastFrame = nil }
            let flow = app.handle(event)
            if let text = app.takeClipboardRequest() { backend.copyToClipboard(text) }
            // Events after it in this batch were typed for the console, not the editor:
            // they are dropped rather than replayed into a changed screen.
            if let program = app.takeForegroundRequest() { return .runForeground(program) }
            switch flow {
            case .continue:
                break
            case .redrawAll:
                invalidate()
            case .quit:
                return .quit
            }
        }
        return requestRender()
    }

    /// A refresh-timer tick: renders only when the app reports a change.
    public func tick() -> Action {
        app.refresh() ? requestRender() : .none
    }

    /// Background work or a signal says the frame is stale.
    public func setNeedsRender() -> Action {
        requestRender()
    }

    /// Repaint every cell on the next frame (Ctrl-L, resume after Ctrl-Z, SIGCONT).
    public func setNeedsFullRepaint() -> Action {
        invalidate()
        return requestRender()
    }

    /// The foreground program ended: the app takes its result, and the screen the
    /// program drew over is repainted whole.
    public func foregroundDidFinish(_ program: ForegroundProgram, status: Int32) -> Action {
        app.foregroundDidFinish(program, status: status)
        invalidate()
        return requestRender()
    }

    /// The terminal size changed: the old frame no longer lines up with the screen.
    public func terminalDidResize() -> Action {
        lastFrame = nil
        return requestRender()
    }

    // MARK: - Rendering

    /// Runs the render the last `.scheduleRender` asked for. Returns true when a frame was
    /// presented; false when nothing changed or the new frame equals what is on screen,
    /// so an idle app writes zero bytes.
    @discardableResult public func renderScheduledFrame() -> Bool {
        isRenderScheduled = false
        guard needsRender else { return false }
        needsRender = false
        let size = backend.size
        var frame = ScreenBuffer(size: size)
        let minimum = app.minimumSize
        let tooSmall = size.width < minimum.width || size.height < minimum.height
        if tooSmall != isShowingTooSmallNotice {
            // Switching between notice and app: repaint from scratch, nothing to reuse.
            isShowingTooSmallNotice = tooSmall
            lastFrame = nil
        }
        if tooSmall {
            TooSmallNotice.draw(into: &frame, need: minimum, unicode: backend.capabilities.unicode)
        } else {
            app.render(into: &frame, capabilities: backend.capabilities)
        }
        let previous = lastFrame.flatMap { $0.size == frame.size ? $0 : nil }
        if let previous, previous == frame { return false }
        backend.present(frame, previous: previous)
        lastFrame = frame
        presentedFrameCount += 1
        return true
    }

    // MARK: - Private

    private func requestRender() -> Action {
        needsRender = true
        guard !isRenderScheduled else { return .none }
        isRenderScheduled = true
        return .scheduleRender
    }

    private func invalidate() {
        backend.invalidate()
        lastFrame = nil
    }
}
