import Foundation
import OpsCore

/// Runs one source when it is due and keeps its `SourceStatus`. It is the piece of the
/// collector loop that decides "run now, or wait out the backoff", kept apart from timers
/// so it can be driven tick by tick with a `ManualClock` in tests.
public final class SourceRunner: @unchecked Sendable {
    /// The result of one tick.
    public enum Outcome: Sendable, Equatable {
        /// Not due; the status says when it will be.
        case notDue
        case collected([MetricSample])
        /// The source threw; the message is also the status's `lastError`.
        case failed(String)
    }

    public let source: any MetricSource
    public let backoff: Backoff
    private let clock: any OpsCore.Clock
    private let lock = NSLock()
    private var current: SourceStatus
    private var running = false

    /// `backoff` defaults to doubling from the source's interval up to 5 minutes (or 16
    /// intervals for slow sources), which keeps a dead target's cost low without hiding a
    /// recovery for long.
    public init(source: any MetricSource, clock: any OpsCore.Clock = SystemClock(), backoff: Backoff? = nil) {
        self.source = source
        self.clock = clock
        self.backoff = backoff ?? Backoff(base: source.interval, max: max(300, source.interval * 16))
        current = SourceStatus(sourceName: source.name)
    }

    /// The latest status. Never waits for a collection in progress: the console reads it
    /// on the main thread while a probe may be sitting in its timeout.
    public var status: SourceStatus { lock.withLock { current } }

    /// Collects if due and records the outcome. Never throws: a failing source is data
    /// (its status), not a reason to stop the collector. A call made while another is
    /// still collecting returns `.notDue` instead of running the source twice at once.
    @discardableResult
    public func runIfDue(force: Bool = false) -> Outcome {
        let start = clock.now()
        let claimed = lock.withLock {
            guard !running, force || current.isDue(at: start) else { return false }
            running = true
            return true
        }
        guard claimed else { return .notDue }
        let outcome: Outcome
        do {
            let samples = try source.collect(now: start)
            let duration = clock.now().timeIntervalSince(start)
            lock.withLock {
                current.recordSuccess(startedAt: start, duration: duration, sampleCount: samples.count, interval: source.interval)
            }
            outcome = .collected(samples)
        } catch {
            let message = String(describing: error)
            let duration = clock.now().timeIntervalSince(start)
            lock.withLock {
                current.recordFailure(message, startedAt: start, duration: duration, interval: source.interval, backoff: backoff)
            }
            outcome = .failed(message)
        }
        lock.withLock { running = false }
        return outcome
    }
}
