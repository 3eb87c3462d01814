import Foundation

/// Anything that yields samples on a schedule: the host's /proc, a TCP or HTTP probe, a
/// Prometheus scrape. The collector calls `collect(now:)` on the source's own serial queue
/// (its lane), never twice at once, so a source may keep state between calls (previous
/// counters for rates) without racing, and a slow one delays only itself; `Sendable` lets
/// the collector own sources created elsewhere.
public protocol MetricSource: Sendable {
    /// Unique among the collector's sources; shown on the dashboard and stored as `source`.
    var name: String { get }
    /// How often the source wants to be collected, in seconds.
    var interval: TimeInterval { get }
    /// How long one `collect` may take. The source's own I/O must honour it (socket
    /// deadlines, request timeouts): the collector cannot cancel a synchronous call.
    var timeout: TimeInterval { get }
    /// Collects one round of samples stamped `now` (unless the data carries its own time).
    /// Throws when the source as a whole failed; partial trouble is reported as samples
    /// (a probe that finds its target down returns `probe_up 0`, it does not throw).
    func collect(now: Date) throws -> [MetricSample]
}

extension MetricSource {
    /// By default a collection must end well before the next one is due, and never take
    /// more than 10 s, so one slow source cannot miss many of its own turns.
    public var timeout: TimeInterval { min(max(interval * 0.8, 0.1), 10) }
}
