import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for probe tests, serving fixed routes from its own
/// thread. It polls with a short timeout so `stop()` ends it within ~50 ms, and it closes
/// every socket it opened, including the connections `/hang` never answers.
///
/// Routes: `/health` 200 "status: pmops-ok", `/broken` 503, `/redirect` 302 to `/health`,
/// `/hang` accepts and never answers; anything else 404.
final class LoopbackHTTPServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var stopping = false
    private var held: [Int32] = []
    private var served: [String] = []
    private let finished = DispatchSemaphore(value: 0)

    init() throws {
        (listener, port) = try LoopbackSockets.bound(listen: true)
        let thread = Thread { [self] in run() }
        thread.name = "loopback-http"
        thread.start()
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Paths requested so far, in order.
    var requests: [String] { lock.withLock { served } }

    /// Stops the thread and closes every socket; waits at most 5 s.
    func stop() {
        let first = lock.withLock {
            defer { stopping = true }
            return !stopping
        }
        if first { _ = finished.wait(timeout: .now() + 5) }
    }

    deinit { stop() }

    private func run() {
        defer {
            lock.withLock {
                for fd in held { close(fd) }
                held = []
            }
            close(listener)
            finished.signal()
        }
        while !lock.withLock({ stopping }) {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            handle(client)
        }
    }

    private func handle(_ client: Int32) {
        guard let path = readRequestPath(client) else {
            close(client)
            return
        }
        lock.withLock { served.append(path) }
        let response: String
        switch path {
        case "/hang":
            lock.withLock { held.append(client) }
            return
        case "/health": response = reply(200, "OK", body: "status: pmops-ok\n")
        case "/broken": response = reply(503, "Service Unavailable", body: "down for maintenance\n")
        case "/redirect": response = reply(302, "Found", body: "", extra: "Location: /health\r\n")
        default: response = reply(404, "Not Found", body: "no such page\n")
        }
        let bytes = Array(response.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return send(client, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { break }
            sent += n
        }
        close(client)
    }

    private func reply(_ code: Int, _ reason: String, body: String, extra: String = "") -> String {
        "HTTP/1.1 \(code) \(reason)\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\(extra)\r\n\(body)"
    }

    /// Reads until the end of the request head (2 s at most) and returns the path.
    private func readRequestPath(_ client: Int32) -> String? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date() + 2
        while Date() < deadline, data.count < 64 * 1024 {
            var entry = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            data.append(contentsOf: buffer[0..<n])
            let text = String(decoding: data, as: UTF8.self)
            if text.contains("\r\n\r\n") {
                let requestLine = text.prefix { $0 != "\r" }.split(separator: " ")
                return requestLine.count >= 2 ? String(requestLine[1]) : nil
            }
        }
        return nil
    }
}
