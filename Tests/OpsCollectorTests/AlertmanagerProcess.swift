import Foundation
import OpsCollector
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The Debian `prometheus-alertmanager` as a real peer on 127.0.0.1: started per test on a
/// free port with clustering off, a private storage folder and a config with one receiver
/// that sends nothing; always stopped by PID (SIGKILL, as for the node exporter: the test
/// runner's signal mask blocks SIGTERM in children).
final class AlertmanagerProcess {
    static let executable = "/usr/bin/prometheus-alertmanager"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }
    static let missing = "prometheus-alertmanager is missing; Scripts/ensure-deps.sh installs it (apt-get install prometheus-alertmanager)"

    let port: UInt16
    private let process: Process
    private let scratch: ScratchDirectory

    init() throws {
        scratch = try ScratchDirectory("pmops-alertmanager")
        try scratch.write("alertmanager.yml", """
        route:
          receiver: nobody
          group_wait: 1h
        receivers:
        - name: nobody
        """)
        var lastFailure = "never started"
        // The port is free when chosen but could be taken before Alertmanager binds it: retry.
        for attempt in 0..<3 {
            let (fd, port) = try LoopbackSockets.bound(listen: false)
            close(fd)
            let logPath = scratch.path + "/log-\(attempt)"
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            guard let output = FileHandle(forWritingAtPath: logPath) else { throw TestSocketError("open log") }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.executable)
            process.arguments = ["--config.file=\(scratch.path)/alertmanager.yml", "--storage.path=\(scratch.path)/data-\(attempt)",
                                 "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn"]
            process.standardOutput = output
            process.standardError = output
            try process.run()
            if Self.waitUntilReady(port: port, process: process) {
                self.port = port
                self.process = process
                return
            }
            Self.terminate(process)
            lastFailure = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "no output"
        }
        throw TestSocketError("alertmanager did not start: \(lastFailure)")
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/") }

    func stop() { Self.terminate(process) }

    deinit { stop() }

    /// POSTs alerts (`postableAlerts` JSON) to `/api/v2/alerts`; throws unless 200.
    func post(alerts json: String) throws {
        try Self.send("POST", url.appendingPathComponent("api/v2/alerts"), body: Data(json.utf8))
    }

    /// Creates a silence; returns its id.
    func silence(matching name: String, _ value: String, comment: String) throws -> String {
        let now = Date()
        let body = """
        {"matchers":[{"name":"\(name)","value":"\(value)","isRegex":false,"isEqual":true}],
         "startsAt":"\(Self.rfc3339(now - 1))","endsAt":"\(Self.rfc3339(now + 3600))","createdBy":"pmops-tests","comment":"\(comment)"}
        """
        let answer = try Self.send("POST", url.appendingPathComponent("api/v2/silences"), body: Data(body.utf8))
        let object = try JSONSerialization.jsonObject(with: answer) as? [String: Any]
        guard let id = object?["silenceID"] as? String else { throw TestSocketError("no silenceID in \(String(decoding: answer, as: UTF8.self))") }
        return id
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    @discardableResult
    private static func send(_ method: String, _ url: URL, body: Data) throws -> Data {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = method
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error.map { "\($0)" })
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 15) == .success else { throw TestSocketError("\(method) \(url) timed out") }
        let (data, status, error) = box.get()
        guard status == 200 else {
            throw TestSocketError("\(method) \(url): status \(status.map(String.init) ?? "none") \(error ?? "") \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }

    private static func waitUntilReady(port: UInt16, process: Process) -> Bool {
        let deadline = Date() + 15
        while Date() < deadline, process.isRunning {
            if let probe = try? TCPProbe(host: "127.0.0.1", port: port, timeout: 0.5), probe.probe().up { return true }
            usleep(50_000)
        }
        return false
    }

    private static func terminate(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Carries a URLSession answer across threads.
    private final class ResponseBox: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private var status: Int?
        private var error: String?

        func set(data: Data?, status: Int?, error: String?) {
            lock.withLock { (self.data, self.status, self.error) = (data ?? Data(), status, error) }
        }

        func get() -> (Data, Int?, String?) { lock.withLock { (data, status, error) } }
    }
}
