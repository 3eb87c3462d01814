import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Is something listening on host:port? Connects, measures the handshake time and closes.
/// The cheapest useful check for databases, SSH and anything else that is not HTTP.
public struct TCPProbe: MetricSource {
    public let name: String
    public let interval: TimeInterval
    public let timeout: TimeInterval
    public let host: String
    public let port: UInt16
    /// The `target` label; "host:port" unless given.
    public let target: String

    public init(name: String? = nil, host: String, port: UInt16, interval: TimeInterval = 15, timeout: TimeInterval = 3,
                target: String? = nil) throws(CollectorError) {
        guard !host.isEmpty else { throw CollectorError.invalidConfiguration("A TCP probe needs a host.") }
        guard port > 0 else { throw CollectorError.invalidConfiguration("A TCP probe needs a port from 1 to 65535.") }
        guard timeout > 0, timeout.isFinite else {
            throw CollectorError.invalidConfiguration("A TCP probe's timeout must be a positive number of seconds.")
        }
        let defaultTarget = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        self.host = host
        self.port = port
        self.interval = interval
        self.timeout = timeout
        self.target = target ?? defaultTarget
        self.name = name ?? "tcp \(target ?? defaultTarget)"
    }

    /// Connects once within `timeout`.
    public func probe() -> ProbeResult {
        let start = Monotonic.now()
        do {
            let fd = try TCPConnector.connect(host: host, port: port, deadline: start + timeout)
            let latency = Monotonic.now() - start
            close(fd)
            return ProbeResult(up: true, latency: latency)
        } catch {
            return ProbeResult(up: false, message: error.message)
        }
    }

    public func collect(now: Date) throws -> [MetricSample] {
        probe().samples(target: target, kind: "tcp", at: now)
    }
}
