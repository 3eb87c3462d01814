import Foundation
import OpsCollector
import _OpsTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The Debian `prometheus-alertmanager` as a real peer on 127.0.0.1: started per test on a
/// free port with clustering off, a private storage folder and a config with one receiver
/// that sends nothing; always stopped by PID (`LocalPeer`).
final class AlertmanagerProcess {
    static let executable = "/usr/bin/prometheus-alertmanager"
    static var isInstalled: Bool { LocalPeer.isInstalled(executable) }
    static let missing = "prometheus-alertmanager is missing; Scripts/ensure-deps.sh installs it (apt-get install prometheus-alertmanager)"

    private let peer: LocalPeer
    private let scratch: ScratchDirectory

    init() throws {
        let scratch = try ScratchDirectory("pmops-alertmanager")
        try scratch.write("alertmanager.yml", """
        route:
          receiver: nobody
          group_wait: 1h
        receivers:
        - name: nobody
        """)
        self.scratch = scratch
        peer = try LocalPeer(Self.executable) { port, _ in
            ["--config.file=\(scratch.path)/alertmanager.yml", "--storage.path=\(scratch.path)/data-\(port)",
             "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn"]
        }
    }

    var port: UInt16 { peer.port }
    var url: URL { peer.url() }

    func stop() { peer.stop() }

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
