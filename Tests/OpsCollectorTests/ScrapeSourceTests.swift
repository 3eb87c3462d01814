import Foundation
import OpsCollector
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Serves one canned HTTP response per connection from its own thread, for what the other
/// test servers cannot do: a body with no Content-Length (so the cap must stop the stream)
/// and a chosen Content-Type.
final class CannedHTTPServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let response: [UInt8]
    private let lock = NSLock()
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(contentType: String, body: String, contentLength: Bool) throws {
        (listener, port) = try LoopbackSockets.bound(listen: true)
        let length = contentLength ? "Content-Length: \(body.utf8.count)\r\n" : ""
        response = Array("HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\n\(length)Connection: close\r\n\r\n\(body)".utf8)
        let thread = Thread { [self] in run() }
        thread.start()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/metrics") ?? URL(fileURLWithPath: "/") }

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
            close(listener)
            finished.signal()
        }
        while !lock.withLock({ stopping }) {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 8192)
            _ = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            var sent = 0
            while sent < response.count {
                let n = response.withUnsafeBytes { send(client, $0.baseAddress.map { $0 + sent }, response.count - sent, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                sent += n
            }
            close(client)
        }
    }
}

@Suite("Scrape source over real HTTP on loopback", .serialized)
struct ScrapeSourceTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func url(_ server: PythonHTTPServer, _ path: String) throws -> URL {
        try #require(URL(string: "http://127.0.0.1:\(server.port)/\(path)"))
    }

    @Test("a text exposition is parsed and labelled; malformed lines are counted and reported while the rest is kept")
    func parsesAndReports() throws {
        try #require(PythonHTTPServer.isAvailable, "python3 is needed for the HTTP peer")
        let server = try PythonHTTPServer(files: [
            "metrics": "# TYPE queue_depth gauge\nqueue_depth{queue=\"a\"} 12\n",
            "broken": "queue_depth{queue=\"a\"} 12\nqueue depth is high\nqueue_depth{queue=\"b\"} 3\n{oops} 1\n",
        ])
        defer { server.stop() }
        let clean = try ScrapeSource(name: "mta", url: url(server, "metrics"), interval: 5, timeout: 3)
        let samples = try clean.collect(now: now)
        #expect(samples.first == MetricSample(name: "queue_depth", labels: ["queue": "a", "job": "mta",
                                                                            "instance": "127.0.0.1:\(server.port)"], value: 12, timestamp: now))
        #expect(samples.last?.name == "pmops_scrape_malformed_lines" && samples.last?.value == 0)
        #expect(clean.lastProblems.isEmpty)

        let broken = try ScrapeSource(name: "mta", url: url(server, "broken"), interval: 5, timeout: 3)
        let kept = try broken.collect(now: now)
        #expect(kept.filter { $0.name == "queue_depth" }.count == 2)
        #expect(kept.last?.value == 2)
        let problem = try #require(broken.lastProblems.first)
        #expect(problem.hasPrefix("2 malformed lines skipped (first: line 2: "))
        #expect(problem.hasSuffix("; the other lines were kept"))
    }

    @Test("failures are sentences naming the URL: status, refused, HTML instead of metrics")
    func failures() throws {
        try #require(PythonHTTPServer.isAvailable, "python3 is needed for the HTTP peer")
        let server = try PythonHTTPServer(files: ["page.html": "<html><body>Welcome</body></html>\n"])
        defer { server.stop() }
        let missing = try url(server, "nope")
        #expect(Self.failure(try ScrapeSource(url: missing, timeout: 3)) == "Cannot read \(missing.absoluteString): HTTP status 404.")
        let html = try url(server, "page.html")
        let htmlError = Self.failure(try ScrapeSource(url: html, timeout: 3))
        #expect(htmlError.hasPrefix("The response of \(html.absoluteString) is malformed: 1 malformed line skipped (first: line 1: "))
        let (fd, port) = try LoopbackSockets.refusingPort()
        defer { close(fd) }
        let refused = try #require(URL(string: "http://127.0.0.1:\(port)/metrics"))
        #expect(Self.failure(try ScrapeSource(url: refused, timeout: 3)) == "Cannot read \(refused.absoluteString): connection refused.")
    }

    @Test("a body over the cap is refused, whether announced by Content-Length or streamed without one")
    func cap() throws {
        let body = (0..<200).map { "filler_metric{i=\"\($0)\"} \($0)\n" }.joined()
        let announced = try CannedHTTPServer(contentType: "text/plain; version=0.0.4", body: body, contentLength: true)
        defer { announced.stop() }
        #expect(Self.failure(try ScrapeSource(url: announced.url, timeout: 3, maxBytes: 1000))
            == "Cannot read \(announced.url.absoluteString): the response is \(body.utf8.count) bytes, over the 1000-byte limit; it was not parsed.")
        let streamed = try CannedHTTPServer(contentType: "text/plain; version=0.0.4", body: body, contentLength: false)
        defer { streamed.stop() }
        #expect(Self.failure(try ScrapeSource(url: streamed.url, timeout: 3, maxBytes: 1000))
            == "Cannot read \(streamed.url.absoluteString): the response is over the 1000-byte limit; it was not parsed.")
        #expect(try ScrapeSource(url: streamed.url, timeout: 3, maxBytes: 100_000).collect(now: now).count == 201)
    }

    @Test("the format comes from Content-Type: OpenMetrics timestamps are seconds")
    func openMetricsContentType() throws {
        let body = "# TYPE temp gauge\ntemp 21.5 1795000100\n# EOF\n"
        let server = try CannedHTTPServer(contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8", body: body,
                                          contentLength: true)
        defer { server.stop() }
        let samples = try ScrapeSource(url: server.url, timeout: 3).collect(now: now)
        #expect(samples.first?.timestamp == Date(timeIntervalSince1970: 1_795_000_100))
    }

    @Test("a server that never answers fails within the timeout")
    func hangs() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let url = try #require(URL(string: server.base + "/hang"))
        let started = Date()
        #expect(Self.failure(try ScrapeSource(url: url, timeout: 0.5)) == "Scraping \(url.absoluteString) did not finish within 0.5 s.")
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test("only http(s) URLs with a host, positive timeouts and caps")
    func validation() throws {
        let plain = try #require(URL(string: "http://x/"))
        #expect(throws: CollectorError.self) { try ScrapeSource(url: URL(fileURLWithPath: "/metrics")) }
        #expect(throws: CollectorError.self) { try ScrapeSource(url: plain, timeout: 0) }
        #expect(throws: CollectorError.self) { try ScrapeSource(url: plain, maxBytes: 0) }
        #expect(try ScrapeSource(url: try #require(URL(string: "http://[::1]:9100/metrics"))).name == "[::1]:9100")
    }

    static func failure(_ source: @autoclosure () throws -> ScrapeSource) -> String {
        do {
            _ = try source().collect(now: Date())
            return "no error"
        } catch {
            return String(describing: error)
        }
    }
}
