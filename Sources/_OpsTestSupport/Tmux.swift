import Foundation

/// A small driver for a private tmux server, so end-to-end tests can run the real console
/// in a real terminal emulator: keys in (`send-keys`), screens out (`capture-pane`).
///
/// Every instance starts its own server on its own socket (`tmux -L pmops-e2e-<uuid>`,
/// no user config), so tests never touch anyone else's tmux and can run in parallel.
/// Synchronisation is by polling the screen (`waitUntil`) with a bounded deadline, never
/// by fixed sleeps. `kill()` (also run on deinit) stops the server.
public final class Tmux: @unchecked Sendable {
    /// Where tmux is looked for before `$PATH`.
    static let candidates = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]

    /// The tmux executable; throws a clear error when tmux is missing (CI installs it), so
    /// the console end-to-end tests fail instead of silently passing.
    /// `$PMOPS_TMUX` names the executable explicitly (and lets CI prove a missing tmux fails).
    public static func require() throws -> String {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["PMOPS_TMUX"], !explicit.isEmpty {
            guard fm.isExecutableFile(atPath: explicit) else {
                throw TestSupportError("PMOPS_TMUX=\(explicit) is not an executable file. The console end-to-end tests drive the real console inside tmux: install it (apt-get install tmux) or fix PMOPS_TMUX.")
            }
            return explicit
        }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/tmux" }
        if let found = (candidates + path).first(where: { fm.isExecutableFile(atPath: $0) }) { return found }
        throw TestSupportError("tmux is not installed (looked in /usr/bin, /usr/local/bin and $PATH). The console end-to-end tests drive the real console inside tmux: install it (apt-get install tmux).")
    }

    public let executable: String
    /// The `-L` socket name, unique to this instance.
    public let socketName: String
    /// The session (and target) every command addresses.
    public let session = "e2e"
    private let scratch: TemporaryDirectory
    private let configPath: String
    private let lock = NSLock()
    private var stopped = false

    /// Starts a server with one detached session `width`×`height` running `command`
    /// (argv form: executed directly, no shell). The status line is off, so the pane is
    /// exactly `width`×`height`.
    public init(width: Int, height: Int, command: [String]) throws {
        executable = try Tmux.require()
        socketName = "pmops-e2e-\(UUID().uuidString.lowercased())"
        scratch = try TemporaryDirectory("pmops-tmux")
        configPath = try scratch.write("tmux.conf", """
            set -g status off
            set -g history-limit 200
            set -g remain-on-exit off
            set -g escape-time 0

            """)
        // The client that starts the server is spawned with every descriptor above 2
        // closed: the daemonised server would otherwise inherit the socket Foundation's
        // Process uses to notice a child's exit, and that wait would never end.
        let log = scratch.file("new-session.log")
        let status = try CleanSpawn.run(executable, ["-u", "-L", socketName, "-f", configPath,
                                                     "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "--"] + command,
                                        environment: clientEnvironment, output: log, timeout: 10)
        guard status == 0 else {
            kill()
            throw TestSupportError("tmux new-session failed (status \(status)): \((try? FileFacts.text(log)) ?? "")")
        }
    }

    deinit { kill() }

    // MARK: - Commands

    /// The environment of every tmux client: UTF-8, no inherited TMUX, no user config.
    var clientEnvironment: [String: String] {
        ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": scratch.path, "SHELL": "/bin/sh",
         "TERM": "xterm-256color", "TMUX_TMPDIR": NSTemporaryDirectory()]
    }

    /// Runs `tmux -L SOCKET -f CONFIG ARGS` with a bounded wait.
    @discardableResult
    public func run(_ arguments: [String], timeout: TimeInterval = 10) throws -> ProcessResult {
        try ChildProcess.run(executable, ["-u", "-L", socketName, "-f", configPath] + arguments,
                             environment: clientEnvironment, timeout: timeout)
    }

    /// Runs a tmux command that must succeed.
    @discardableResult
    func must(_ arguments: [String]) throws -> ProcessResult {
        let result = try run(arguments)
        guard result.status == 0 else {
            throw TestSupportError("tmux \(arguments.joined(separator: " ")) failed: \(result)")
        }
        return result
    }

    /// Types `text` literally (`send-keys -l`): no key-name lookup.
    public func type(_ text: String) throws {
        try must(["send-keys", "-t", session, "-l", "--", text])
    }

    /// Presses named keys one after the other (`Tab`, `Enter`, `Down`, `Space`, `BSpace`,
    /// `C-c`, or single characters). After `Escape` it pauses briefly, because ncurses
    /// waits ESCDELAY (25 ms) to tell a lone Esc from the start of an escape sequence.
    public func press(_ keys: String...) throws {
        for key in keys {
            try must(["send-keys", "-t", session, key])
            if key == "Escape" || key == "Esc" { usleep(80_000) }
        }
    }

    /// The visible screen as text (`capture-pane -p`); with `escapes`, with the SGR
    /// sequences tmux derives from each cell's attributes and colours (`-e`).
    /// With `joinWrapped`, a line the terminal wrapped comes back as one line (`-J`).
    public func capture(escapes: Bool = false, joinWrapped: Bool = false) throws -> String {
        try must(["capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : []) + (joinWrapped ? ["-J"] : [])).stdout
    }

    /// The visible screen as lines.
    public func lines(escapes: Bool = false) throws -> [String] {
        try capture(escapes: escapes).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Resizes the window (and its one pane): the program gets SIGWINCH.
    public func resize(width: Int, height: Int) throws {
        try must(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// `WIDTHxHEIGHT` of the pane as tmux sees it.
    public func paneSize() throws -> String {
        try must(["display-message", "-p", "-t", session, "#{pane_width}x#{pane_height}"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The PID of the pane's first process (the command given to `init`).
    public func panePID() throws -> Int32 {
        let text = try must(["display-message", "-p", "-t", session, "#{pane_pid}"]).stdout
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestSupportError("tmux printed no pane PID: \(text)")
        }
        return pid
    }

    /// Appends every byte the pane's program writes to `file` (`pipe-pane -o`).
    public func record(to file: String) throws {
        try must(["pipe-pane", "-o", "-t", session, "cat >> '\(file.replacingOccurrences(of: "'", with: "'\\''"))'"])
    }

    // MARK: - Waiting

    /// Polls the screen every 20 ms until `predicate` holds on a settled screen (the same
    /// in two captures 30 ms apart, so a frame still being written is never taken for the
    /// result); returns that screen. Throws, with the last screen, when `timeout` seconds
    /// (scaled by `TestWaits`) pass first.
    @discardableResult
    public func waitUntil(_ what: String, timeout: TimeInterval = 10, escapes: Bool = false,
                          _ predicate: (String) -> Bool) throws -> String {
        let bound = TestWaits.bound(timeout)
        let deadline = Date().addingTimeInterval(bound)
        var last = ""
        while true {
            last = try capture(escapes: escapes)
            if predicate(last) {
                usleep(30_000)
                let again = try capture(escapes: escapes)
                if again == last { return last }
                last = again
                if Date() >= deadline { break }
                continue
            }
            if Date() >= deadline { break }
            usleep(20_000)
        }
        throw TestSupportError("Timed out after \(bound) s waiting for \(what). Last screen:\n\(last)")
    }

    /// Waits until every one of `texts` is on the screen.
    @discardableResult
    public func waitFor(_ texts: String..., timeout: TimeInterval = 10) throws -> String {
        try waitUntil(texts.map { "'\($0)'" }.joined(separator: " and "), timeout: timeout) { screen in
            texts.allSatisfy { screen.contains($0) }
        }
    }

    /// Waits until none of `texts` is on the screen.
    @discardableResult
    public func waitForAbsence(of texts: String..., timeout: TimeInterval = 10) throws -> String {
        try waitUntil("no " + texts.map { "'\($0)'" }.joined(separator: " or "), timeout: timeout) { screen in
            !texts.contains { screen.contains($0) }
        }
    }

    // MARK: - Teardown

    /// Stops the server (the terminal hangs up) and removes its socket file, which tmux
    /// leaves behind. Safe to call more than once.
    public func kill() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        guard !already else { return }
        let socket = try? run(["display-message", "-p", "#{socket_path}"], timeout: 5).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? run(["kill-server"], timeout: 5)
        if let socket, socket.hasSuffix("/" + socketName) { try? FileManager.default.removeItem(atPath: socket) }
    }
}
