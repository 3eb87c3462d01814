import OpsConsole
import TermUI

/// One timed console frame, as the pane benches measure it: the action (a key, a reload),
/// the render into a fresh buffer and the diff against the previous frame, in milliseconds.
@MainActor enum BenchFrame {
    static func time(_ app: ConsoleApp, size: Size, _ body: () -> Void, previous: inout ScreenBuffer) -> Double {
        let start = BenchClock.nanos()
        body()
        var frame = ScreenBuffer(size: size)
        app.render(into: &frame, capabilities: .full)
        _ = frame.diff(from: previous)
        let end = BenchClock.nanos()
        previous = frame
        return Double(end - start) / 1e6
    }
}
