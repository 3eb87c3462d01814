import Foundation

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
        guard pollUntil(timeout: TestWaits.bound(timeout), { pids = consolePIDs(); return pids.count == 1 }) else {
            throw TestSupportError("No single pmops console process for \(cli.dbPath) after \(TestWaits.bound(timeout)) s (found \(pids)).")
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
        guard pollUntil(timeout: TestWaits.bound(timeout), { FileManager.default.fileExists(atPath: exitPath) }) else {
            let screen = (try? tmux.capture()) ?? "(no screen)"
            throw TestSupportError("The console did not exit within \(TestWaits.bound(timeout)) s. Screen:\n\(screen)")
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
