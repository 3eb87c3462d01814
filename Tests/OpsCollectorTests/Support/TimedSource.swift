import Foundation
import OpsCollector

/// A source whose collection takes `duration` seconds of a `ManualScheduler`'s time (a slow
/// probe, a hung target) and then succeeds, or times out when `timesOut`. Counts its calls.
final class TimedSource: MetricSource, @unchecked Sendable {
    let name: String
    let interval: TimeInterval
    let timeout: TimeInterval
    private let scheduler: ManualScheduler
    private let duration: TimeInterval
    private let timesOut: Bool
    private let lock = NSLock()
    private var calls = 0

    init(_ name: String, interval: TimeInterval, takes duration: TimeInterval, on scheduler: ManualScheduler, timesOut: Bool = false) {
        self.name = name
        self.interval = interval
        self.timeout = max(duration, interval)
        self.scheduler = scheduler
        self.duration = duration
        self.timesOut = timesOut
    }

    var callCount: Int { lock.withLock { calls } }

    func collect(now: Date) throws -> [MetricSample] {
        lock.withLock { calls += 1 }
        if duration > 0 { scheduler.sleep(for: duration) }
        if timesOut { throw CollectorError.timedOut(what: name, seconds: duration) }
        return [MetricSample(name: "timed_value", labels: ["source": name], value: 1, timestamp: now)]
    }
}
