import Foundation

/// The outcome of one probe. "Down" is an answer, not an error: the probe source returns
/// it as `probe_up 0` so rules and the dashboard treat it like any other series.
public struct ProbeResult: Sendable, Equatable {
    public let up: Bool
    /// Seconds to connect (TCP) or to the full response (HTTP); nil when down.
    public let latency: TimeInterval?
    /// The HTTP status of the final response, when one arrived (even an unexpected one).
    public let statusCode: Int?
    /// Why the target counts as down, in words; nil when up.
    public let message: String?

    public init(up: Bool, latency: TimeInterval? = nil, statusCode: Int? = nil, message: String? = nil) {
        self.up = up
        self.latency = latency
        self.statusCode = statusCode
        self.message = message
    }

    /// `probe_up`, `probe_latency_seconds` (when up) and `probe_http_status_code` (when a
    /// response arrived), labelled with the target and the kind of probe.
    public func samples(target: String, kind: String, at now: Date) -> [MetricSample] {
        let labels = ["target": target, "kind": kind]
        var out = [MetricSample(name: "probe_up", labels: labels, value: up ? 1 : 0, timestamp: now)]
        if let latency {
            out.append(MetricSample(name: "probe_latency_seconds", labels: labels, value: latency, timestamp: now))
        }
        if let statusCode {
            out.append(MetricSample(name: "probe_http_status_code", labels: labels, value: Double(statusCode), timestamp: now))
        }
        return out
    }
}
