import Foundation

/// A real webhook receiver on 127.0.0.1 (Scripts/webhook-receiver.py, a Python
/// `http.server`) on a free port: its port, and the directory it writes bodies into. It
/// answers 500 to the first `failFirst` requests, then 200; it is stopped when released.
public final class WebhookReceiver {
    public let process: RunningProcess
    public let port: Int
    public let out: TemporaryDirectory

    public init(failFirst: Int = 0) throws {
        out = try TemporaryDirectory("pmops-webhook")
        let script = try RepoFiles.root() + "/Scripts/webhook-receiver.py"
        let portFile = out.file("port")
        process = try ChildProcess.start("/usr/bin/env", ["python3", script, out.path, portFile, String(failFirst)])
        guard pollUntil(timeout: 15, { FileManager.default.fileExists(atPath: portFile) }) else { throw TestSupportError("The webhook receiver never listened.") }
        guard let number = Int((try String(contentsOfFile: portFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestSupportError("The webhook receiver wrote no port.")
        }
        port = number
    }

    deinit {
        kill(process.pid, SIGTERM)
        _ = process.wait(timeout: 5)
    }

    /// The bodies received with a 200, in order, as JSON objects.
    public func bodies() throws -> [[String: Any]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name throws -> [String: Any] in
            let data = try Data(contentsOf: URL(fileURLWithPath: out.file(name)))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw TestSupportError("\(name) is not a JSON object.")
            }
            return object
        }
    }

    public func contentTypes() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".type") }.sorted()
            .map { try String(contentsOfFile: out.file($0), encoding: .utf8) }
    }

    public func statuses() -> [String] {
        ((try? String(contentsOfFile: out.file("requests.log"), encoding: .utf8)) ?? "").split(separator: "\n").map { String($0.prefix(3)) }
    }
}

