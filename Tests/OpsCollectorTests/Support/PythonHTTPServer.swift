import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Python's `http.server` as a real third-party peer: serves a temporary directory on
/// 127.0.0.1, on a port the kernel picks and the server prints. Always stopped by PID.
final class PythonHTTPServer {
    static let executable = "/usr/bin/python3"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    let port: UInt16
    let root: ScratchDirectory
    private let process: Process
    private let log: ScratchDirectory

    init(files: [String: String]) throws {
        root = try ScratchDirectory("pmops-http-root")
        for (name, text) in files { try root.write(name, text) }
        log = try ScratchDirectory("pmops-http-log")
        let logPath = log.path + "/out"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let output = FileHandle(forWritingAtPath: logPath) else { throw TestSocketError("open log") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", root.path, "0"]
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        var found: UInt16?
        let deadline = Date() + 10
        while found == nil, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: " port ") {
                found = UInt16(text[range.upperBound...].prefix { $0.isNumber })
            }
            if found == nil { usleep(20_000) }
        }
        guard let found else {
            Self.terminate(process)
            throw TestSocketError("python http.server did not report its port")
        }
        port = found
    }

    func stop() { Self.terminate(process) }

    deinit { stop() }

    /// SIGKILL, then waits for the exit so no child outlives the test. Not SIGTERM:
    /// Foundation's `Process` passes on the spawning thread's blocked-signal mask, and
    /// under the test runner that mask blocks SIGTERM (seen: SigBlk fffffffe3bfbea27), so
    /// the server would ignore it. The server holds no state worth a clean exit.
    private static func terminate(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
