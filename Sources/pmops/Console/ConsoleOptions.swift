import ArgumentParser
import Foundation
import OpsConsole
import OpsCore
import OpsStore
import TermUI
import TermUINcurses

/// Options of the full-screen console (`pmops`, `pmops console`, `pmops demo`).
struct ConsoleOptions: ParsableArguments {
    @Flag(help: "Hide and refuse every command that changes data.") var readonly = false
    @Option(help: "Seconds between store polls (0.2–60).") var refresh: Double = 1
    @Option(help: ArgumentHelp("Theme name (default, light, high-contrast, mono) or a .theme file; default $PMOPS_THEME.", valueName: "name|path"))
    var theme: String?
    @Flag(name: .customLong("no-mouse"), help: "Do not capture the mouse (keeps the terminal's own selection).") var noMouse = false
    @Flag(name: .customLong("no-collector"), help: "Only read metrics; never run the collector in the console.") var noCollector = false
    @Option(name: .customLong("deploy-config"),
            help: ArgumentHelp("Health gates for the console's collector (default: $PMOPS_DEPLOY_CONFIG, else ~/.config/pmops/deploys; the demo's own file for pmops demo).",
                               valueName: "file"))
    var deployConfig: String?

    func validate() throws {
        try CLI.validating { () throws(OpsError) in try InputLimits.number(refresh, field: "refresh", in: 0.2...60) }
    }
}

/// Builds the console and hands the terminal to it; returns only on a start-up error.
enum ConsoleLauncher {
    @MainActor
    static func run(store: AppDatabase, actor: ActorContext, options: ConsoleOptions, demoDeployConfig: DeployConfigFile? = nil,
                    onExit: String? = nil, demo: Bool = false, demoOffset: TimeInterval = 0) throws -> Never {
        // Identity and permissions are checked before the screen is taken over, so a
        // refusal is a normal one-line error.
        _ = try store.whoAmI(actor)
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw OpsError.failure("The console needs a terminal; use the subcommands (pmops --help) from scripts.")
        }
        var theme = Theme.default
        if let name = options.theme ?? ProcessInfo.processInfo.environment["PMOPS_THEME"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                let (loaded, warnings) = try ThemeLocator.load(name)
                theme = loaded
                for w in warnings { CLI.writeStderr("pmops: warning: \(w)\n") }
            } catch {
                throw OpsError.invalid(field: "theme", message: error.description)
            }
        }
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let terminal = NcursesTerminal(options: .init(mouse: !options.noMouse))
        let env = ConsoleEnvironment(store: store, actor: actor, readOnly: options.readonly, theme: theme)
        env.clipboardAllowed = ProcessInfo.processInfo.environment["PMOPS_OSC52"] == "1"
        let processEnvironment = ProcessInfo.processInfo.environment
        env.editor = [processEnvironment["VISUAL"], processEnvironment["EDITOR"]].compactMap { $0 }
            .first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        env.editorEnvironment = processEnvironment.map { "\($0.key)=\($0.value)" }
        let app = ConsoleApp(env: env)
        if let onExit {
            ExitMessage.text = onExit
            atexit { ExitMessage.print() }
        }
        // Without a headless `pmops collect` on this store, the console collects itself,
        // but only for an actor holding collector.run: anyone else's console only reads
        // (the store refuses the lease to them in any case).
        if !options.noCollector, !options.readonly, (try? store.authorize(.collectorRun, actor)) != nil {
            // --deploy-config > $PMOPS_DEPLOY_CONFIG > the demo's own file > ~/.config/pmops/deploys.
            let given = DeployConfigFile.resolve(commandLine: options.deployConfig, environment: ProcessInfo.processInfo.environment)
            let deploys = given?.explicit == true ? given : demoDeployConfig ?? given
            let collector = try InProcessCollector(store: store, actor: actor, demo: demo, demoOffset: demoOffset, deployConfig: deploys)
            collector.start()
            env.status.standingSource = { collector.notice }
            ExitMessage.collector = collector
        }
        let loop = TerminalRunLoop(driver: terminal, app: ConsoleThemeAdapter(app: app, monochrome: noColor),
                                   refreshInterval: .milliseconds(Int(options.refresh * 1000)))
        do {
            try loop.run()
        } catch {
            throw OpsError.failure("Cannot start the console: \(error)")
        }
    }
}

/// Switches to the monochrome theme when colours are off (NO_COLOR or a terminal without
/// colour), so selection and severity still show through bold/reverse.
@MainActor final class ConsoleThemeAdapter: TerminalApp {
    let app: ConsoleApp
    let forceMonochrome: Bool
    private var applied = false
    init(app: ConsoleApp, monochrome: Bool) {
        self.app = app
        self.forceMonochrome = monochrome
    }
    var minimumSize: Size { app.minimumSize }
    func handle(_ event: InputEvent) -> AppFlow { app.handle(event) }
    func refresh() -> Bool { app.refresh() }
    func takeClipboardRequest() -> String? { app.takeClipboardRequest() }
    func takeForegroundRequest() -> ForegroundProgram? { app.takeForegroundRequest() }
    func foregroundDidFinish(_ program: ForegroundProgram, status: Int32) { app.foregroundDidFinish(program, status: status) }
    /// Every exit path of the run loop (q, SIGTERM, SIGHUP, a lost terminal) comes here,
    /// and the process exits without releasing the store: close it, or the main file stays
    /// nearly empty with the data in the WAL.
    func willExit() {
        ExitMessage.collector?.stop()
        app.willExit()
        app.env.store.close()
    }
    func render(into buffer: inout ScreenBuffer, capabilities: TerminalCapabilities) {
        if !applied {
            applied = true
            if forceMonochrome || capabilities.colorDepth == .none { app.env.theme = app.env.theme.monochrome() }
        }
        app.render(into: &buffer, capabilities: capabilities)
    }
}

/// A line printed after the terminal is restored (the demo prints where its store is).
enum ExitMessage {
    nonisolated(unsafe) static var text = ""
    /// Stopped at exit so the lease is released at once rather than timing out.
    nonisolated(unsafe) static var collector: InProcessCollector?
    static func print() {
        guard !text.isEmpty else { return }
        CLI.writeStderr(text + "\n")
    }
}
