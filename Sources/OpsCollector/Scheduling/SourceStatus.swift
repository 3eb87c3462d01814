import Foundation

/// What the dashboard shows for a source and what decides when it runs next: health, the
/// last error in words, the last success, and the consecutive failures that drive backoff.
public struct SourceStatus: Sendable, Equatable {
    public enum Health: String, Sendable {
        /// Never collected yet.
        case unknown
        case up
        case down
    }

    public let sourceName: String
    public private(set) var health: Health = .unknown
    public private(set) var lastError: String?
    public private(set) var lastErrorAt: Date?
    public private(set) var lastSuccess: Date?
    public private(set) var lastAttempt: Date?
    public private(set) var lastDuration: TimeInterval?
    public private(set) var lastSampleCount = 0
    public private(set) var consecutiveFailures = 0
    /// When the source should run again; nil means "now".
    public private(set) var nextAttempt: Date?

    public init(sourceName: String) {
        self.sourceName = sourceName
    }

    /// True when the source should run at `now`. Also true when the clock went back
    /// before the last attempt: otherwise a wall-clock step back of an hour would silence
    /// the source for an hour.
    public func isDue(at now: Date) -> Bool {
        guard let nextAttempt else { return true }
        if let lastAttempt, now < lastAttempt { return true }
        return now >= nextAttempt
    }

    /// Records a good collection; the next one is due one interval after this one started,
    /// so collections do not drift by their own duration.
    public mutating func recordSuccess(startedAt start: Date, duration: TimeInterval, sampleCount: Int,
                                       interval: TimeInterval) {
        health = .up
        lastAttempt = start
        lastSuccess = start
        lastDuration = max(duration, 0)
        lastSampleCount = sampleCount
        consecutiveFailures = 0
        nextAttempt = start + interval
    }

    /// Records a failed collection and backs off: the next attempt waits the backoff delay
    /// for this many failures, and never less than the normal interval.
    public mutating func recordFailure(_ message: String, startedAt start: Date, duration: TimeInterval,
                                       interval: TimeInterval, backoff: Backoff) {
        health = .down
        lastAttempt = start
        lastError = message
        lastErrorAt = start
        lastDuration = max(duration, 0)
        lastSampleCount = 0
        consecutiveFailures += 1
        nextAttempt = start + max(interval, backoff.delay(afterFailures: consecutiveFailures))
    }

    /// `pmops_source_up{source=…}` (1/0) and, after any attempt,
    /// `pmops_source_duration_seconds{source=…}`, so rules can alert on a dead source like
    /// on any other series.
    public func samples(at now: Date) -> [MetricSample] {
        let labels = ["source": sourceName]
        var out = [MetricSample(name: "pmops_source_up", labels: labels, value: health == .up ? 1 : 0, timestamp: now)]
        if let lastDuration {
            out.append(MetricSample(name: "pmops_source_duration_seconds", labels: labels, value: lastDuration, timestamp: now))
        }
        return out
    }
}
