import Foundation
import OpsCollector
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("TCP connect probe against real loopback sockets")
struct TCPProbeTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("a listening port is up, with a small latency")
    func listening() throws {
        let (fd, port) = try LoopbackSockets.bound(listen: true)
        defer { close(fd) }
        let probe = try TCPProbe(host: "127.0.0.1", port: port, timeout: 2)
        let result = probe.probe()
        #expect(result.up, "\(result.message ?? "")")
        #expect(result.message == nil)
        let latency = try #require(result.latency)
        #expect(latency >= 0 && latency < 1)

        let samples = try probe.collect(now: now)
        #expect(samples.map(\.seriesKey.rawValue) == [
            #"probe_up{kind="tcp",target="127.0.0.1:\#(port)"}"#,
            #"probe_latency_seconds{kind="tcp",target="127.0.0.1:\#(port)"}"#,
        ])
        #expect(samples.first?.value == 1)
    }

    @Test("a refused port is down with the reason, not a timeout")
    func refused() throws {
        let (fd, port) = try LoopbackSockets.refusingPort()
        defer { close(fd) }
        let probe = try TCPProbe(host: "127.0.0.1", port: port, timeout: 2)
        let result = probe.probe()
        #expect(!result.up)
        #expect(result.latency == nil)
        #expect(result.message == "connect: connection refused")
        #expect(try probe.collect(now: now) == [
            MetricSample(name: "probe_up", labels: ["target": "127.0.0.1:\(port)", "kind": "tcp"], value: 0, timestamp: now),
        ])
    }

    @Test("IPv6 loopback and a host name resolve too")
    func namesAndIPv6() throws {
        let (fd, port) = try LoopbackSockets.bound(listen: true)
        defer { close(fd) }
        let named = try TCPProbe(host: "localhost", port: port, timeout: 2).probe()
        #expect(named.up, "\(named.message ?? "")")
        // Nothing listens on ::1 at this port (the listener is IPv4 only).
        let v6 = try TCPProbe(host: "::1", port: port, timeout: 1)
        #expect(v6.target == "[::1]:\(port)")
        #expect(!v6.probe().up)
    }

    @Test("a name that does not resolve is down, not an error")
    func unresolvable() throws {
        let result = try TCPProbe(host: "no-such-host.invalid", port: 80, timeout: 2).probe()
        #expect(!result.up)
        #expect(result.message?.contains("no-such-host.invalid") == true)
    }

    @Test("the timeout holds when the handshake never completes")
    func timeout() throws {
        // Nobody accepts and the backlog is tiny: once the first connections fill the
        // accept queue, the kernel drops further SYNs and connect hangs until the deadline.
        let (fd, port) = try LoopbackSockets.bound(listen: true, backlog: 0)
        defer { close(fd) }
        let probe = try TCPProbe(host: "127.0.0.1", port: port, timeout: 0.3)
        // The message says which deadline ended it: the probe's own, not an error or a refusal.
        var timedOut: ProbeResult?
        for _ in 0..<8 where timedOut == nil {
            let result = probe.probe()
            if !result.up { timedOut = result }
        }
        #expect(timedOut?.message == "connect timed out after 0.3 s")
        #expect(timedOut?.latency == nil)
    }

    @Test("bad configuration is refused with a sentence")
    func configuration() {
        #expect(throws: CollectorError.invalidConfiguration("A TCP probe needs a host.")) { try TCPProbe(host: "", port: 1) }
        #expect(throws: CollectorError.self) { try TCPProbe(host: "x", port: 0) }
        #expect(throws: CollectorError.self) { try TCPProbe(host: "x", port: 1, timeout: 0) }
    }
}
