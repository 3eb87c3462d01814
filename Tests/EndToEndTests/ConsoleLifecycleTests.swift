import Foundation
import Testing
import _OpsTestSupport

/// The real console in tmux: it opens on the demo store, survives resizes, shows help, and
/// gives the terminal back in cooked mode however it ends.
@Suite("Console e2e: lifecycle")
struct ConsoleLifecycleTests {
    @Test("pmops demo at 120x40 shows the seeded staff, the operator and the account count")
    func demoShowsStaff() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        let screen = try console.waitForTable()
        #expect(try console.tmux.paneSize() == "120x40")
        // The header of the staff table, the operator's own row and the filter bar count.
        let list = try #require(try cli.json(["users", "list", "--json"]) as? [[String: Any]])
        #expect(list.count > 30, "the demo seeds about 40 people")
        #expect(screen.contains("\(list.count) accounts"), "\(screen)")
        let rows = screen.split(separator: "\n").map(String.init)
        #expect(rows.contains { $0.hasPrefix(" \(PmopsCLI.osLogin) ") || $0.contains(" \(PmopsCLI.osLogin) ") }, "\(screen)")
        #expect(screen.contains("Demo Operator"), "\(screen)")
        // The first logins in sort order are on screen, in order.
        let logins = list.compactMap { $0["login"] as? String }
        let shown = rows.compactMap { row in logins.first { row.split(separator: " ").first.map(String.init) == $0 } }
        #expect(Array(shown.prefix(10)) == Array(logins.prefix(10)), "\(screen)")
        // The status line names the acting account and its roles.
        #expect(screen.contains("\(PmopsCLI.osLogin) [super_admin]"), "\(screen)")
    }

    @Test("Resizing to 40x12 shows the too-small notice; back to 120x40 the table returns")
    func resize() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        try console.waitForTable()
        try console.tmux.resize(width: 40, height: 12)
        let small = try console.tmux.waitFor("Terminal too small", "need 60×16", "have 40×12")
        #expect(!small.contains("LOGIN"), "\(small)")
        try console.tmux.resize(width: 120, height: 40)
        let back = try console.tmux.waitUntil("the table after enlarging") { screen in
            screen.contains("LOGIN") && screen.contains("accounts") && !screen.contains("Terminal too small")
        }
        #expect(back.contains("ROLES"), "\(back)")
        // Still responsive: the help overlay opens.
        try console.tmux.press("?")
        try console.tmux.waitFor("Esc closes")
    }

    @Test("? shows the help overlay with the user-admin keys; Esc closes it")
    func help() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        try console.waitForTable()
        #expect(!(try console.tmux.capture()).contains("Esc closes"))
        try console.tmux.press("?")
        let screen = try console.tmux.waitFor("Help", "Esc closes", "Deactivate")
        #expect(screen.contains("Quit"), "\(screen)")
        #expect(screen.contains("Filter"), "\(screen)")
        try console.tmux.press("Escape")
        let closed = try console.tmux.waitForAbsence(of: "Esc closes")
        #expect(closed.contains("LOGIN"), "\(closed)")
    }

    enum Ending: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case quitKey = "q", sigterm = "SIGTERM", sighup = "SIGHUP", ctrlC = "Ctrl-C"
        var testDescription: String { rawValue }
    }

    @Test("Leaving by q, SIGTERM, SIGHUP or Ctrl-C exits 0 and restores the terminal (icanon, echo)",
          arguments: Ending.allCases)
    func exits(_ ending: Ending) throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        try console.waitForTable()
        // The console runs the terminal raw: the check below is not vacuous.
        let raw = try sttyOfPane(console)
        #expect(raw.contains("-icanon") && raw.contains("-echo"), "while running: \(raw)")
        switch ending {
        case .quitKey: try console.tmux.press("q")
        case .sigterm: try console.send(signal: SIGTERM)
        case .sighup: try console.send(signal: SIGHUP)
        case .ctrlC: try console.tmux.press("C-c")
        }
        let exit = try console.waitForExit()
        #expect(exit.status == 0, "\(exit)")
        #expect(exit.terminalRestored, "\(exit)")
        // The alternate screen is gone; the demo says where its store is.
        let screen = try console.tmux.waitFor("EXIT=0")
        let joined = try console.tmux.capture(joinWrapped: true)
        #expect(joined.contains("Demo store: \(cli.dbPath) "), "\(joined)")
        #expect(!screen.contains("LOGIN"), "\(screen)")
        #expect(console.consolePIDs().isEmpty)
    }

    @Test("Closing the terminal (hang-up) ends the console with status 0, promptly and without a crash",
          arguments: ["demo", "console"])
    func hangUp(_ command: String) throws {
        let cli = try PmopsCLI(initialize: command == "console")
        let console = try ConsoleSession(cli: cli, arguments: [command])
        defer { console.close() }
        try console.waitForTable()
        _ = try console.pid()
        let started = Date()
        console.tmux.kill()  // the terminal emulator goes away: the pty hangs up
        let exit = try console.waitForExit()
        let seconds = Date().timeIntervalSince(started)
        // 132 = 128 + SIGILL: a Swift runtime trap (and the backtracer) instead of a clean exit.
        #expect(exit.status == 0, "pmops \(command): status \(exit.status) after a hang-up (\(String(format: "%.2f", seconds)) s)")
        // A hang check (a console blocked on the dead terminal never goes), not a speed figure.
        #expect(seconds < TestWaits.bound(3), "took \(String(format: "%.2f", seconds)) s to go after the hang-up")
    }

    @Test("Ctrl-Z (SIGTSTP) gives the terminal back while stopped; SIGCONT brings the console back working")
    func suspendResume() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        try console.waitForTable()
        let pid = try console.pid()
        try console.tmux.press("C-z")
        #expect(pollUntil { processState(pid) == "T" }, "state \(processState(pid) ?? "?")")
        let stopped = try sttyOfPane(console)
        #expect(stopped.split(separator: " ").contains("icanon") && stopped.split(separator: " ").contains("echo"), "while stopped: \(stopped)")
        // Ctrl-Z stops the pane's whole process group (the wrapper shell has no job
        // control), so continue the group, as a shell's `fg` would.
        let group = getpgid(pid)
        #expect(group > 0)
        kill(-group, SIGCONT)
        try console.tmux.waitFor("LOGIN", "accounts")
        try console.tmux.press("?")
        try console.tmux.waitFor("Esc closes")
        try console.tmux.press("Escape", "q")
        let exit = try console.waitForExit()
        #expect(exit.status == 0 && exit.terminalRestored, "\(exit)")
    }
}

/// `stty -a` of the pane's terminal, read from outside (flags separated by spaces).
func sttyOfPane(_ console: ConsoleSession) throws -> String {
    let tty = try console.tmux.run(["display-message", "-p", "-t", console.tmux.session, "#{pane_tty}"]).stdout
        .trimmingCharacters(in: .whitespacesAndNewlines)
    let result = try ChildProcess.run("/bin/stty", ["-a", "-F", tty], timeout: 10)
    guard result.status == 0 else { throw TestSupportError("stty -F \(tty) failed: \(result)") }
    return result.stdout.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: ";", with: " ")
}

/// The state letter of /proc/PID/stat (R, S, T, Z…).
func processState(_ pid: Int32) -> String? {
    guard let text = try? FileFacts.text("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
    return text[text.index(after: close)...].split(separator: " ").first.map(String.init)
}

extension ConsoleSession {
    /// Waits for the first frame, switches to the Users pane when another pane opened
    /// first (its number is read off the tab bar, e.g. "2 Users"), and waits until the staff
    /// table is drawn: header, the operator's login and the account count.
    @discardableResult
    func waitForTable(timeout: TimeInterval = 10) throws -> String {
        let first = try tmux.waitUntil("the tab bar with a Users tab", timeout: timeout) { screen in
            screen.range(of: #"[1-9] Users"#, options: .regularExpression) != nil
        }
        if !(first.contains("LOGIN") && first.contains("ROLES")),
           let tab = first.range(of: #"[1-9] Users"#, options: .regularExpression), let digit = first[tab].first {
            try tmux.press(String(digit))
        }
        return try tmux.waitFor("LOGIN", "ROLES", PmopsCLI.osLogin, " account", timeout: timeout)
    }
}
