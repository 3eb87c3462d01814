import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a `TerminalApp` on the main queue until it quits or a signal ends it.
///
/// One pattern only (mixing it with poll()/signalfd left the terminal raw after SIGHUP):
/// `dispatchMain()`, signals set to SIG_IGN and observed with Dispatch signal sources, a
/// read source on stdin, and a refresh timer. Everything, ncurses included, runs on the
/// main queue (the main actor), so curses is never entered concurrently. Note that after
/// `dispatchMain()` on Linux, libdispatch drains the main queue on a pool thread while the
/// first thread parks in sigsuspend: "main queue", not literally thread 1.
/// The decisions live in `RunLoopCore`; this type only wires sources to it.
@MainActor public final class TerminalRunLoop {
    public let driver: any TerminalDriver
    public let core: RunLoopCore
    /// How often `TerminalApp.refresh()` is polled.
    public let refreshInterval: DispatchTimeInterval

    private var sources: [any DispatchSourceProtocol] = []
    /// Benchmark timing (`PMOPS_TRACE=FILE`), nil normally.
    public var trace: FrameTrace? = FrameTrace.fromEnvironment()
    private var isExiting = false
    private var consecutiveEmptyReads = 0

    /// The signals the loop handles; they are ignored process-wide so that ncurses does
    /// not install its own handlers and Dispatch alone delivers them.
    static let handledSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGCONT]

    public init(driver: any TerminalDriver, app: any TerminalApp, refreshInterval: DispatchTimeInterval = .seconds(1)) {
        self.driver = driver
        self.core = RunLoopCore(backend: driver, app: app)
        self.refreshInterval = refreshInterval
    }

    /// Starts the terminal and serves events forever; the process exits from inside the
    /// loop (quit or signal). Throws only when the terminal cannot be started, with the
    /// signal dispositions put back, so the caller can print the error and exit.
    public func run() throws -> Never {
        installSignalSources()
        do {
            try driver.start()
        } catch {
            cancelSources()
            for signalNumber in Self.handledSignals { signal(signalNumber, SIG_DFL) }
            throw error
        }
        installInputSource()
        installRefreshTimer()
        apply(core.start())
        dispatchMain()
    }

    /// Asks for a frame, e.g. when background work delivered new data. Cheap to call often:
    /// requests coalesce until the scheduled render runs.
    public func setNeedsRender() {
        apply(core.setNeedsRender())
    }

    /// `setNeedsRender` for code that is not on the main actor (a collector queue, a
    /// database observation callback): hops to the main queue first.
    nonisolated public func setNeedsRenderFromAnyThread() {
        DispatchQueue.main.async { [weak self] in
            MainActor.assumeIsolated { self?.setNeedsRender() }
        }
    }

    /// Asks for a frame that repaints every cell.
    public func setNeedsFullRepaint() {
        apply(core.setNeedsFullRepaint())
    }

    /// Leaves the loop as if the app had returned `.quit`: `willExit`, terminal restored,
    /// exit status 0.
    public func quit() -> Never {
        exitProcess()
    }

    // MARK: - Sources

    private func installSignalSources() {
        for signalNumber in Self.handledSignals {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler { [weak self] in
                MainActor.assumeIsolated { self?.handleSignal(signalNumber) }
            }
            source.resume()
            sources.append(source)
        }
    }

    private func installInputSource() {
        let source = DispatchSource.makeReadSource(fileDescriptor: driver.inputDescriptor, queue: .main)
        source.setEventHandler { [weak self, source] in
            let available = source.data
            MainActor.assumeIsolated { self?.handleInputReadable(bytesAvailable: available) }
        }
        source.resume()
        sources.append(source)
    }

    private func installRefreshTimer() {
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + refreshInterval, repeating: refreshInterval, leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in
            MainActor.assumeIsolated {
                guard let self else { return }
                self.apply(self.core.tick())
            }
        }
        timer.resume()
        sources.append(timer)
    }

    private func cancelSources() {
        for source in sources { source.cancel() }
        sources.removeAll()
    }

    // MARK: - Handlers

    /// `bytesAvailable` is Dispatch's estimate; "readable with nothing to read" is how an
    /// end of file looks.
    private func handleInputReadable(bytesAvailable: UInt) {
        let events = driver.readPendingInput()
        if events.isEmpty {
            // Nothing decoded: ignored keys (Alt+key, mouse releases), or the terminal hung
            // up and the source would fire forever (a busy loop). Treat a hangup as SIGHUP.
            consecutiveEmptyReads = bytesAvailable == 0 ? consecutiveEmptyReads + 1 : 0
            if consecutiveEmptyReads >= 16 || Self.inputHungUp(driver.inputDescriptor) { exitProcess() }
            return
        }
        consecutiveEmptyReads = 0
        trace?.inputRead()
        apply(core.receive(events))
    }

    private func handleSignal(_ signalNumber: Int32) {
        switch signalNumber {
        case SIGWINCH:
            driver.updateSize()
            var events = driver.readPendingInput()
            if !events.contains(where: { if case .resize = $0 { true } else { false } }) {
                events.append(.resize(driver.size))
            }
            apply(core.terminalDidResize())
            apply(core.receive(events))
        case SIGTSTP:
            driver.suspend()
            kill(getpid(), SIGSTOP)
        case SIGCONT:
            driver.resume()
            apply(core.setNeedsFullRepaint())
            // Reading re-arms the keypad mode curses dropped at endwin; without it the
            // first arrow key after `fg` arrives as a raw escape sequence.
            apply(core.receive(driver.readPendingInput()))
        default:
            exitProcess()
        }
    }

    /// Performs what the core decided. Renders are deferred with `DispatchQueue.main.async`
    /// so a burst of events, ticks and signals on this turn of the queue becomes one frame.
    private func apply(_ action: RunLoopCore.Action) {
        switch action {
        case .none:
            break
        case .scheduleRender:
            DispatchQueue.main.async { [weak self] in
                MainActor.assumeIsolated {
                    guard let self else { return }
                    _ = self.core.renderScheduledFrame()
                    self.trace?.frameFlushed()
                }
            }
        case .quit:
            exitProcess()
        case let .runForeground(program):
            runInForeground(program)
        }
    }

    /// Suspends full-screen mode the way Ctrl-Z does, runs `program` on this thread (the
    /// main queue waits, so nothing else draws meanwhile), then resumes and repaints.
    private func runInForeground(_ program: ForegroundProgram) {
        driver.suspend()
        let status = program.run()
        driver.resume()
        apply(core.foregroundDidFinish(program, status: status))
        // Re-arms keypad mode, as after SIGCONT.
        apply(core.receive(driver.readPendingInput()))
    }

    private func exitProcess() -> Never {
        if !isExiting {
            isExiting = true
            core.app.willExit()
        }
        cancelSources()
        driver.stop()
        trace?.write()
        exit(0)
    }

    /// True when the input descriptor reports hangup or error (the SSH session is gone).
    private static func inputHungUp(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return false }
        return entry.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }
}
