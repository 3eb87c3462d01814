import Foundation
import OpsCollector
import Testing

@Suite("HTTP probe against real loopback servers", .serialized)
struct HTTPProbeTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func url(_ server: LoopbackHTTPServer, _ path: String) throws -> URL {
        try #require(URL(string: server.base + path))
    }

    @Test("200 with the expected body text is up, with status and latency samples")
    func healthy() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let probe = try HTTPProbe(url: url(server, "/health"), timeout: 3, bodyContains: "pmops-ok")
        let result = probe.probe()
        #expect(result.up, "\(result.message ?? "")")
        #expect(result.statusCode == 200)
        #expect(try #require(result.latency) < 2)
        let samples = try probe.collect(now: now)
        #expect(samples.map(\.name) == ["probe_up", "probe_latency_seconds", "probe_http_status_code"])
        #expect(samples.first?.labels == ["target": "\(server.base)/health", "kind": "http"])
        #expect(samples.last?.value == 200)
    }

    @Test("a body without the expected text is down, though the status is fine")
    func bodyMismatch() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let result = try HTTPProbe(url: url(server, "/health"), timeout: 3, bodyContains: "all systems go").probe()
        #expect(!result.up)
        #expect(result.statusCode == 200)
        #expect(result.message == "the body does not contain \"all systems go\"")
    }

    @Test("503 is down with its status; accepted statuses can be widened")
    func badStatus() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let result = try HTTPProbe(url: url(server, "/broken"), timeout: 3).probe()
        #expect(!result.up)
        #expect(result.statusCode == 503)
        #expect(result.message == "status 503 is not in 200…399")
        #expect(try HTTPProbe(url: url(server, "/broken"), timeout: 3, acceptedStatuses: 200...599).probe().up)
    }

    @Test("redirects are followed to the final answer")
    func redirect() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let result = try HTTPProbe(url: url(server, "/redirect"), timeout: 3, bodyContains: "pmops-ok").probe()
        #expect(result.up, "\(result.message ?? "")")
        #expect(server.requests == ["/redirect", "/health"])
    }

    @Test("a server that never answers is down within the timeout")
    func hangs() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let result = try HTTPProbe(url: url(server, "/hang"), timeout: 0.5).probe()
        #expect(!result.up)
        #expect(result.statusCode == nil)
        // The probe's own deadline ended it; URLSession's early sub-second timeouts would
        // report a transport error instead.
        #expect(result.message == "no response within 0.5 s")
    }

    @Test("a refused port is down with a reason")
    func refused() throws {
        let (fd, port) = try LoopbackSockets.refusingPort()
        defer { close(fd) }
        let target = try #require(URL(string: "http://127.0.0.1:\(port)/"))
        let result = try HTTPProbe(url: target, timeout: 2).probe()
        #expect(!result.up)
        #expect(result.statusCode == nil)
        #expect(result.message?.isEmpty == false)
    }

    @Test("Python's http.server as a third-party peer: a file is up, a missing one is 404",
          .enabled(if: PythonHTTPServer.isAvailable))
    func pythonServer() throws {
        let server = try PythonHTTPServer(files: ["health.txt": "pmops fixture page\n"])
        defer { server.stop() }
        let found = try HTTPProbe(url: #require(URL(string: "http://127.0.0.1:\(server.port)/health.txt")), timeout: 3,
                                  bodyContains: "fixture page").probe()
        #expect(found.up, "\(found.message ?? "")")
        #expect(found.statusCode == 200)
        let missing = try HTTPProbe(url: #require(URL(string: "http://127.0.0.1:\(server.port)/nope")), timeout: 3).probe()
        #expect(!missing.up)
        #expect(missing.statusCode == 404)
    }

    @Test("only http and https URLs with a host")
    func configuration() throws {
        #expect(throws: CollectorError.self) { try HTTPProbe(url: #require(URL(string: "ftp://example.org/"))) }
        #expect(throws: CollectorError.self) { try HTTPProbe(url: #require(URL(string: "file:///etc/passwd"))) }
        #expect(throws: CollectorError.self) { try HTTPProbe(url: #require(URL(string: "http://x/")), timeout: -1) }
    }
}
