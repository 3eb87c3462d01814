import Foundation

/// What a finished child process did.
public struct ProcessResult: Sendable, CustomStringConvertible {
    /// The exit status, or 128 + signal number when a signal ended it (shell convention).
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// True when the bounded wait ran out and the child was killed.
    public let timedOut: Bool

    /// Lines of stderr, without the trailing empty one.
    public var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    public var description: String {
        "exit \(status)\(timedOut ? " (timed out)" : "")\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)"
    }
}

/// A started child whose output goes to files (not pipes), so a sibling child that
/// inherits a descriptor can never hold back end-of-file.
public final class RunningProcess: @unchecked Sendable {
    private let process: Process
    private let done: DispatchSemaphore
    private let outPath: String, errPath: String
    private let handles: [FileHandle]
    private let scratch: TemporaryDirectory

    init(process: Process, done: DispatchSemaphore, outPath: String, errPath: String, handles: [FileHandle], scratch: TemporaryDirectory) {
        self.process = process
        self.done = done
        self.outPath = outPath
        self.errPath = errPath
        self.handles = handles
        self.scratch = scratch
    }

    public var pid: Int32 { process.processIdentifier }

    /// What the child has written to stderr so far (it keeps running): for log lines a
    /// long-running child prints while the test watches.
    public var stderrSoFar: String { (try? FileFacts.text(errPath)) ?? "" }

    /// Waits at most `timeout` seconds; a child still running then is killed (SIGKILL).
    public func wait(timeout: TimeInterval = 60) -> ProcessResult {
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        }
        for handle in handles { try? handle.close() }
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        let out = (try? FileFacts.text(outPath)) ?? ""
        let err = (try? FileFacts.text(errPath)) ?? ""
        return ProcessResult(status: status, stdout: out, stderr: err, timedOut: timedOut)
    }
}

/// Runs real child processes with a bounded wait.
public enum ChildProcess {
    /// Starts `executable` with `arguments`; `stdin` (if any) is fed from a file.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             stdin: Data? = nil, directory: String? = nil) throws -> RunningProcess {
        let scratch = try TemporaryDirectory("pmops-child")
        let outPath = scratch.file("stdout"), errPath = scratch.file("stderr"), inPath = scratch.file("stdin")
        for p in [outPath, errPath] { _ = FileManager.default.createFile(atPath: p, contents: nil) }
        _ = FileManager.default.createFile(atPath: inPath, contents: stdin ?? Data())
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath),
              let input = FileHandle(forReadingAtPath: inPath) else {
            throw TestSupportError("Cannot open the output files in \(scratch.path).")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw TestSupportError("Cannot run \(executable): \(error)")
        }
        return RunningProcess(process: process, done: done, outPath: outPath, errPath: errPath,
                              handles: [out, err, input], scratch: scratch)
    }

    /// Starts and waits (at most `timeout` seconds).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           stdin: Data? = nil, directory: String? = nil, timeout: TimeInterval = 60) throws -> ProcessResult {
        try start(executable, arguments, environment: environment, stdin: stdin, directory: directory).wait(timeout: timeout)
    }
}
