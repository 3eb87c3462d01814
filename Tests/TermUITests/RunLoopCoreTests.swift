import Testing
@testable import TermUI

/// An app whose answers the tests script; it draws `text` on the first row.
@MainActor private final class ScriptedApp: TerminalApp {
    var minimumSize = Size(width: 10, height: 3)
    var text = "hello"
    var flows: [InputEvent: AppFlow] = [:]
    var refreshAnswer = false
    private(set) var handled: [InputEvent] = []
    private(set) var renderCount = 0
    var foreground: ForegroundProgram?
    private(set) var finished: [(ForegroundProgram, Int32)] = []

    func handle(_ event: InputEvent) -> AppFlow {
        handled.append(event)
        return flows[event] ?? .continue
    }

    func takeForegroundRequest() -> ForegroundProgram? {
        defer { foreground = nil }
        return foreground
    }

    func foregroundDidFinish(_ program: ForegroundProgram, status: Int32) { finished.append((program, status)) }

    func refresh() -> Bool { refreshAnswer }

    func render(into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities) {
        renderCount += 1
        buffer.put(text, x: 0, y: 0, style: .plain)
    }
}

@MainActor private func makeCore(
    size: Size = Size(width: 20, height: 5), unicode: Bool = true
) -> (RunLoopCore, TestBackend, ScriptedApp) {
    let backend = TestBackend(size: size, capabilities: TerminalCapabilities(colorDepth: .palette256, unicode: unicode))
    let app = ScriptedApp()
    return (RunLoopCore(backend: backend, app: app), backend, app)
}

/// Row `y` of `buffer` as plain text, continuation cells skipped.
private func rowText(_ buffer: ScreenBuffer?, _ y: Int) -> String {
    guard let buffer else { return "" }
    return (0..<buffer.size.width).map { buffer[$0, y].grapheme }.joined()
}

private func anyRowContains(_ buffer: ScreenBuffer?, _ needle: String) -> Bool {
    guard let buffer else { return false }
    return (0..<buffer.size.height).contains { rowText(buffer, $0).contains(needle) }
}

@MainActor @Suite struct RunLoopCoreTests {
    @Test func startSchedulesOneFullFrame() {
        let (core, backend, app) = makeCore()
        #expect(core.start() == .scheduleRender)
        #expect(core.renderScheduledFrame())
        #expect(app.renderCount == 1)
        #expect(backend.frames.count == 1)
        #expect(backend.runs.first?.count == 5, "first frame repaints every row")
        #expect(rowText(backend.screen, 0).hasPrefix("hello"))
    }

    @Test func aBurstOfEventsTicksAndRequestsBecomesOneFrame() {
        let (core, backend, app) = makeCore()
        _ = core.start()
        core.renderScheduledFrame()
        app.refreshAnswer = true
        #expect(core.receive([.key(.up), .key(.down), .key(.char("x"))]) == .scheduleRender)
        #expect(core.receive([.key(.left)]) == .none)
        #expect(core.tick() == .none)
        #expect(core.setNeedsRender() == .none)
        app.text = "world"
        #expect(core.renderScheduledFrame())
        #expect(app.renderCount == 2)
        #expect(backend.frames.count == 2)
        #expect(app.handled.count == 4)
    }

    @Test func idleTicksNeitherRenderNorWrite() {
        let (core, backend, app) = makeCore()
        _ = core.start()
        core.renderScheduledFrame()
        for _ in 0..<10 { #expect(core.tick() == .none) }
        #expect(!core.renderScheduledFrame(), "nothing was requested")
        #expect(app.renderCount == 1)
        #expect(backend.frames.count == 1)
    }

    @Test func anUnchangedFrameIsNotPresented() {
        let (core, backend, app) = makeCore()
        _ = core.start()
        core.renderScheduledFrame()
        app.refreshAnswer = true
        #expect(core.tick() == .scheduleRender)
        #expect(!core.renderScheduledFrame())
        #expect(app.renderCount == 2, "the app was asked")
        #expect(backend.frames.count == 1, "but identical cells cost no bytes")
    }

    @Test func aChangedCellIsTheOnlyRunWritten() {
        let (core, backend, app) = makeCore()
        _ = core.start()
        core.renderScheduledFrame()
        app.text = "hallo"
        _ = core.setNeedsRender()
        #expect(core.renderScheduledFrame())
        #expect(backend.runs.last == [DiffRun(y: 0, x: 1, cells: [Cell(grapheme: "a")])])
    }

    @Test func quitStopsTheBatchAtOnce() {
        let (core, _, app) = makeCore()
        app.flows[.key(.char("q"))] = .quit
        #expect(core.receive([.key(.char("a")), .key(.char("q")), .key(.char("b"))]) == .quit)
        #expect(app.handled == [.key(.char("a")), .key(.char("q"))])
    }

    @Test func redrawAllInvalidatesAndRepaintsEverything() {
        let (core, backend, app) = makeCore()
        _ = core.start()
        core.renderScheduledFrame()
        app.flows[.key(.ctrl("l"))] = .redrawAll
        #expect(core.receive([.key(.ctrl("l"))]) == .scheduleRender)
        #expect(backend.invalidations == 1)
        #expect(core.lastFrame == nil)
        #expect(core.renderScheduledFrame(), "an identical frame is still presented after Ctrl-L")
        #expect(backend.runs.last?.count == 5)
    }

    @Test func aResizeRepaintsAtTheNewSize() {
        let (core, backend, app) = makeCore()
        _ = core.start()
        core.renderScheduledFrame()
        backend.size = Size(width: 30, height: 6)
        #expect(core.receive([.resize(backend.size)]) == .scheduleRender)
        #expect(core.renderScheduledFrame())
        #expect(backend.lastFrame?.size == Size(width: 30, height: 6))
        #expect(backend.runs.last?.count == 6)
        #expect(app.handled == [.resize(Size(width: 30, height: 6))], "the app hears about it too")
    }

    @Test func tooSmallShowsTheNoticeAndRecovers() {
        let (core, backend, app) = makeCore(size: Size(width: 60, height: 12))
        app.minimumSize = Size(width: 80, height: 24)
        _ = core.start()
        core.renderScheduledFrame()
        #expect(app.renderCount == 0)
        #expect(core.isShowingTooSmallNotice)
        #expect(anyRowContains(backend.lastFrame, "Terminal too small: need 80×24, have 60×12"))
        #expect(rowText(backend.lastFrame, 5).contains("Terminal too small"), "centred vertically")

        backend.size = Size(width: 100, height: 30)
        _ = core.terminalDidResize()
        #expect(core.renderScheduledFrame())
        #expect(app.renderCount == 1)
        #expect(!core.isShowingTooSmallNotice)
        #expect(!anyRowContains(backend.lastFrame, "too small"))
        #expect(backend.runs.last?.count == 30, "back from the notice: full repaint")
    }

    @Test func keysStillReachTheAppWhileTooSmall() {
        let (core, _, app) = makeCore(size: Size(width: 5, height: 2))
        app.minimumSize = Size(width: 80, height: 24)
        app.flows[.key(.char("q"))] = .quit
        _ = core.start()
        core.renderScheduledFrame()
        #expect(core.receive([.key(.char("q"))]) == .quit, "q must quit even below the minimum size")
    }

    @Test func tooSmallNoticeWrapsWhenNarrowAndFallsBackToASCII() {
        let (core, backend, app) = makeCore(size: Size(width: 20, height: 12), unicode: false)
        app.minimumSize = Size(width: 80, height: 24)
        _ = core.start()
        core.renderScheduledFrame()
        #expect(anyRowContains(backend.lastFrame, "Terminal too small"))
        #expect(anyRowContains(backend.lastFrame, "need 80x24"))
        #expect(anyRowContains(backend.lastFrame, "have 20x12"))
    }

    @Test func tooSmallNoticeSurvivesADegenerateTerminal() {
        let (core, backend, app) = makeCore(size: Size(width: 3, height: 1))
        app.minimumSize = Size(width: 80, height: 24)
        _ = core.start()
        #expect(core.renderScheduledFrame())
        #expect(rowText(backend.lastFrame, 0) == "Ter")
    }

    @Test func fullRepaintRequestDoesNotLoseTheFrame() {
        let (core, backend, _) = makeCore()
        _ = core.start()
        core.renderScheduledFrame()
        #expect(core.setNeedsFullRepaint() == .scheduleRender)
        #expect(core.renderScheduledFrame())
        #expect(backend.screen == backend.lastFrame)
        #expect(backend.invalidations == 1)
    }

    @Test func aForegroundRequestStopsTheBatchAndItsEndRepaintsEverything() {
        let (core, backend, app) = makeCore()
        _ = core.start()
        core.renderScheduledFrame()
        let editor = ForegroundProgram.editor("vi -n", file: "/tmp/draft.txt", environment: ["TERM=xterm"])
        #expect(editor.arguments == ["/bin/sh", "-c", "vi -n \"$@\"", "vi -n", "/tmp/draft.txt"])
        app.foreground = editor
        #expect(core.receive([.key(.char("E")), .key(.char("x"))]) == .runForeground(editor))
        #expect(app.handled == [.key(.char("E"))], "keys typed after it are not replayed under the editor")
        #expect(core.foregroundDidFinish(editor, status: 0) == .scheduleRender)
        #expect(app.finished.count == 1 && app.finished.first?.1 == 0)
        #expect(core.renderScheduledFrame())
        #expect(backend.runs.last?.count == 5, "the screen the editor drew over is repainted whole")
    }

    @Test func aForegroundProgramRunsWithItsEnvironmentAndReportsItsStatus() {
        #expect(ForegroundProgram(arguments: ["/bin/sh", "-c", "exit 3"], environment: []).run() == 3)
        #expect(ForegroundProgram(arguments: ["/bin/sh", "-c", "test \"$PMOPS_X\" = yes"], environment: ["PMOPS_X=yes"]).run() == 0)
        #expect(ForegroundProgram(arguments: ["/nonexistent/editor"], environment: []).run() == 127)
        #expect(ForegroundProgram(arguments: ["/bin/sh", "-c", "kill -TERM $$"], environment: []).run() == 128 + 15)
    }
}
