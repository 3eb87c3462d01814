import Foundation

/// A real third-party program as a test peer on 127.0.0.1 (the node exporter,
/// Alertmanager, Python's http.server): started on a free port with its output in a log
/// file, ready once it accepts a TCP connection, and always stopped by PID.
///
/// Stopped with SIGKILL, not SIGTERM: Foundation's `Process` passes on the spawning
/// thread's blocked-signal mask, and under the test runner that mask blocks SIGTERM, so
/// the peer would ignore it. No peer holds state worth a clean exit.
public final class LocalPeer: @unchecked Sendable {
    public let port: UInt16
    /// Where the peer's stdout and stderr go.
    public let logPath: String
    private let process: Process
    private let scratch: TemporaryDirectory

    /// Starts `executable` with `arguments(port)` on a port that was free a moment before;
    /// a peer that exits or stays deaf for `readyWithin` seconds is retried on another
    /// port (someone may take the port in between), three times in all.
    public init(_ executable: String, readyWithin: TimeInterval = 15, arguments: (_ port: UInt16, _ scratch: String) -> [String]) throws {
        let name = (executable as NSString).lastPathComponent
        scratch = try TemporaryDirectory("pmops-peer-\(name)")
        var lastFailure = "never started"
        for attempt in 0..<3 {
            let port = try Self.freePort()
            let log = scratch.file("log-\(attempt)")
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            guard let output = FileHandle(forWritingAtPath: log) else { throw TestSupportError("Cannot open \(log).") }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments(port, scratch.path)
            process.standardOutput = output
            process.standardError = output
            do {
                try process.run()
            } catch {
                throw TestSupportError("Cannot run \(executable): \(error)")
            }
            if Self.waitUntilListening(port: port, process: process, timeout: readyWithin) {
                self.port = port
                self.process = process
                self.logPath = log
                return
            }
            Self.terminate(process)
            lastFailure = (try? String(contentsOfFile: log, encoding: .utf8)) ?? "no output"
        }
        throw TestSupportError("\(name) did not start: \(lastFailure)")
    }

    /// True when `executable` is installed (tests that need it are skipped otherwise).
    public static func isInstalled(_ executable: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: executable)
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    public func url(_ path: String = "") -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)") ?? URL(fileURLWithPath: "/")
    }

    public var isRunning: Bool { process.isRunning }

    public func stop() { Self.terminate(process) }

    deinit { stop() }

    /// A port on 127.0.0.1 the kernel just handed out and nobody holds now.
    public static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestSupportError("bind: \(String(cString: strerror(errno)))") }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// True once a TCP connection to the port succeeds.
    private static func accepts(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func waitUntilListening(port: UInt16, process: Process, timeout: TimeInterval) -> Bool {
        let deadline = Date() + timeout
        while Date() < deadline, process.isRunning {
            if accepts(port: port) { return true }
            usleep(20_000)
        }
        return false
    }

    private static func terminate(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
