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
    /// pass first.
    @discardableResult
    public func waitUntil(_ what: String, timeout: TimeInterval = 10, escapes: Bool = false,
                          _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
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
        throw TestSupportError("Timed out after \(timeout) s waiting for \(what). Last screen:\n\(last)")
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

/// Starts a program with only stdin (/dev/null), stdout and stderr (a file) open, via
/// posix_spawn and `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), with an empty
/// signal mask and every signal at its default, so a daemon it forks inherits nothing
/// from the test process (its worker threads block most signals: a tmux server started
/// with them blocked never notices its panes exit and ignores kill-server). Waits at most
/// `timeout` seconds.
enum CleanSpawn {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    static func run(_ executable: String, _ arguments: [String], environment: [String: String], output: String,
                    timeout: TimeInterval) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            guard closeFrom(&actions, 3) == 0 else { throw TestSupportError("posix_spawn_file_actions_addclosefrom_np failed.") }
        } else {
            // Older C library: close what is open now (racy with other threads, but better than nothing).
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
                if let fd = Int32(entry), fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw TestSupportError("Cannot start \(executable): \(String(cString: strerror(spawned))).") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno == ECHILD { return 0 }  // reaped elsewhere; the caller checks the result
            if done < 0 && errno != EINTR { throw TestSupportError("waitpid failed: \(String(cString: strerror(errno))).") }
            if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TestSupportError("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout) s.")
            }
            usleep(5_000)
        }
        // WIFEXITED / WEXITSTATUS are macros: decode by hand.
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// Polls `condition` every 20 ms for at most `timeout` seconds.
public func pollUntil(timeout: TimeInterval = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if condition() { return true }
        if Date() >= deadline { return false }
        usleep(20_000)
    }
}

/// How the console run by `ConsoleSession` ended, from the wrapper script.
public struct ConsoleExit: Sendable, CustomStringConvertible {
    /// `$?` of the console process (128 + N after signal N).
    public let status: Int32
    /// `stty -a` on the pane's terminal right after the console ended.
    public let stty: String

    /// The flags `stty -a` lists (`icanon`, `-echo`, …).
    public var sttyFlags: Set<String> {
        Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" || $0 == "\t" }).map(String.init))
    }

    /// Cooked mode as a shell expects it: canonical input and echo on.
    public var terminalRestored: Bool {
        let flags = sttyFlags
        return flags.contains("icanon") && flags.contains("echo") && !flags.contains("-icanon") && !flags.contains("-echo")
    }

    public var description: String { "EXIT=\(status)\nstty -a:\n\(stty)" }
}

/// The real console (`pmops demo`, `pmops console`, …) running inside a private tmux
/// server, wrapped by a shell script that records its exit status and the terminal
/// state afterwards (`stty -a`).
///
/// The console runs under `env -i` with exactly: PATH, HOME and XDG_DATA_HOME in the
/// harness's temp dir, `SWIFT_BACKTRACE=interactive=no`, `TERM` (xterm-256color unless
/// told), `LANG=C.UTF-8` (unless told), plus `environment`; a nil value leaves a variable
/// out. `--db` is the harness's store.
public final class ConsoleSession: @unchecked Sendable {
    public let cli: PmopsCLI
    public let tmux: Tmux
    public let arguments: [String]
    /// Every byte the console wrote, when started with `recordOutput`.
    public let outputPath: String?
    private let exitPath: String
    private let sttyPath: String
    private let scriptPath: String
    /// The wrapper shell: the pane's first process and its process-group leader.
    private let wrapperPID: Int32?

    public init(cli: PmopsCLI, arguments: [String] = ["demo"], width: Int = 120, height: Int = 40,
                environment: [String: String?] = [:], recordOutput: Bool = false) throws {
        self.cli = cli
        self.arguments = arguments + ["--db", cli.dbPath]
        let id = UUID().uuidString.lowercased()
        exitPath = cli.dir.file("console-\(id).exit")
        sttyPath = cli.dir.file("console-\(id).stty")
        let gatePath = cli.dir.file("console-\(id).go")
        outputPath = recordOutput ? cli.dir.file("console-\(id).out") : nil

        var env: [String: String] = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": cli.dir.path,
            "XDG_DATA_HOME": cli.dir.file("xdg"),
            "SWIFT_BACKTRACE": "interactive=no",
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        ]
        for (key, value) in environment { env[key] = value }
        let assignments = env.keys.sorted().compactMap { key in env[key].map { Self.quote("\(key)=\($0)") } }
        let command = (["env", "-i"] + assignments + [Self.quote(cli.binary)] + self.arguments.map(Self.quote)).joined(separator: " ")
        let script = """
            cd \(Self.quote(cli.dir.path)) || exit 1
            # Ctrl-C and Ctrl-Z reach the whole process group (this shell has no job
            # control), and a hang-up reaches this shell too: catch them here so only the
            # console acts on them and the status is still recorded. (A caught signal is
            # back at its default in the console.)
            trap : INT TSTP HUP
            \(recordOutput ? "i=0; while [ ! -e \(Self.quote(gatePath)) ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done" : ":")
            \(command)
            status=$?
            stty -a > \(Self.quote(sttyPath)) 2>&1
            printf '%s\\n' "$status" > \(Self.quote(exitPath)).tmp && mv \(Self.quote(exitPath)).tmp \(Self.quote(exitPath))
            echo "EXIT=$status"
            sleep 120

            """
        scriptPath = try cli.dir.write("console-\(id).sh", script)
        tmux = try Tmux(width: width, height: height, command: ["/bin/sh", scriptPath])
        wrapperPID = try? tmux.panePID()
        if let outputPath {
            do {
                try tmux.record(to: outputPath)
                _ = try cli.dir.write("console-\(id).go", "")
            } catch {
                close()
                throw error
            }
        }
    }

    deinit { close() }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// PIDs of pmops processes whose command line holds `--db` with this store, from
    /// /proc (the same match as `pgrep -f` on the unique path, without regex pitfalls).
    public func consolePIDs() -> [Int32] {
        let fm = FileManager.default
        let entries = (try? fm.contentsOfDirectory(atPath: "/proc")) ?? []
        var found: [Int32] = []
        for entry in entries {
            guard let pid = Int32(entry), pid != getpid(),
                  let data = fm.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty else { continue }
            let argv = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard let first = argv.first, (first as NSString).lastPathComponent == "pmops" else { continue }
            if zip(argv, argv.dropFirst()).contains(where: { $0 == "--db" && $1 == cli.dbPath }),
               arguments.allSatisfy(argv.contains) {
                found.append(pid)
            }
        }
        return found
    }

    /// The console's PID once it runs (waits at most `timeout`).
    public func pid(timeout: TimeInterval = 10) throws -> Int32 {
        var pids: [Int32] = []
        guard pollUntil(timeout: timeout, { pids = consolePIDs(); return pids.count == 1 }) else {
            throw TestSupportError("No single pmops console process for \(cli.dbPath) after \(timeout) s (found \(pids)).")
        }
        return pids[0]
    }

    /// Sends `signal` to the console process.
    public func send(signal: Int32) throws {
        let target = try pid()
        guard kill(target, signal) == 0 else {
            throw TestSupportError("kill(\(target), \(signal)) failed: \(String(cString: strerror(errno))).")
        }
    }

    /// Waits until the console has ended and the wrapper recorded its status and `stty -a`.
    public func waitForExit(timeout: TimeInterval = 10) throws -> ConsoleExit {
        guard pollUntil(timeout: timeout, { FileManager.default.fileExists(atPath: exitPath) }) else {
            let screen = (try? tmux.capture()) ?? "(no screen)"
            throw TestSupportError("The console did not exit within \(timeout) s. Screen:\n\(screen)")
        }
        let statusText = try FileFacts.text(exitPath).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let status = Int32(statusText) else { throw TestSupportError("Bad exit status record: \(statusText)") }
        return ConsoleExit(status: status, stty: (try? FileFacts.text(sttyPath)) ?? "")
    }

    /// Whether the console has ended.
    public var hasExited: Bool { FileManager.default.fileExists(atPath: exitPath) }

    /// Bytes the console has written so far (with `recordOutput`).
    public func output() throws -> Data {
        guard let outputPath else { throw TestSupportError("The session was not started with recordOutput.") }
        return (try? FileFacts.bytes(outputPath)) ?? Data()
    }

    /// Ends everything this session started, in every path: the console by SIGTERM (a
    /// straggler by SIGKILL after a bounded wait), the tmux server, then the wrapper
    /// shell's process group (it sleeps after recording the status).
    public func close() {
        for pid in consolePIDs() { kill(pid, SIGTERM) }
        if !pollUntil(timeout: 3, { consolePIDs().isEmpty }) {
            for pid in consolePIDs() { kill(pid, SIGKILL) }
        }
        tmux.kill()
        if let wrapperPID, isWrapper(wrapperPID) { kill(-wrapperPID, SIGKILL) }
    }

    /// Whether `pid` is still this session's wrapper shell and leads its own group.
    private func isWrapper(_ pid: Int32) -> Bool {
        guard getpgid(pid) == pid, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: data, as: UTF8.self).contains(scriptPath)
    }
}

/// Display columns of captured terminal text, measured independently of TermUI: East Asian
/// Wide and Fullwidth characters take 2 columns, combining marks and format characters 0,
/// everything else 1 (what glibc's wcwidth, and therefore tmux, says for these ranges).
public enum DisplayColumns {
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Columns one scalar takes.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 }
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    public static func width(of text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// The display column where the first occurrence of `needle` starts in `line`.
    public static func column(of needle: String, in line: String) -> Int? {
        guard let range = line.range(of: needle) else { return nil }
        return width(of: line[..<range.lowerBound])
    }

    /// The text of `line` from display column `column` on; nil when `column` falls
    /// inside a wide character or past the end.
    public static func text(from column: Int, in line: String) -> Substring? {
        var x = 0
        var index = line.unicodeScalars.startIndex
        while x < column {
            guard index < line.unicodeScalars.endIndex else { return nil }
            x += width(of: line.unicodeScalars[index])
            index = line.unicodeScalars.index(after: index)
        }
        guard x == column else { return nil }
        return Substring(line.unicodeScalars[index...])
    }
}
