/// A `TerminalBackend` without a terminal, for tests of the run loop and of panes.
///
/// It records every frame and the runs it would have written, and keeps its own model of
/// the screen by applying those runs, so a test can check that diffing loses nothing:
/// after each `present`, `screen` must equal the frame.
public final class TestBackend: TerminalBackend {
    public var size: Size
    public var capabilities: TerminalCapabilities
    /// Every frame passed to `present`, oldest first.
    public private(set) var frames: [ScreenBuffer] = []
    /// The runs written for each presented frame (a full repaint after `invalidate`).
    public private(set) var runs: [[DiffRun]] = []
    /// What the simulated terminal shows now.
    public private(set) var screen: ScreenBuffer
    /// How many times `invalidate` was called.
    public private(set) var invalidations = 0
    /// Every text put on the clipboard, oldest first.
    public private(set) var clipboard: [String] = []

    public func copyToClipboard(_ text: String) { clipboard.append(text) }
    private var mustRepaint = true

    public init(size: Size = Size(width: 80, height: 24), capabilities: TerminalCapabilities = .full) {
        self.size = size
        self.capabilities = capabilities
        self.screen = ScreenBuffer(size: size)
    }

    /// The last frame presented, if any.
    public var lastFrame: ScreenBuffer? { frames.last }

    public func present(_ frame: ScreenBuffer, previous: ScreenBuffer?) {
        let written: [DiffRun]
        if mustRepaint || previous == nil || screen.size != frame.size {
            screen = ScreenBuffer(size: frame.size)
            written = frame.fullRepaint()
        } else if let previous {
            written = frame.diff(from: previous)
        } else {
            written = frame.fullRepaint()
        }
        screen.apply(written)
        mustRepaint = false
        frames.append(frame)
        runs.append(written)
    }

    public func invalidate() {
        invalidations += 1
        mustRepaint = true
    }
}
