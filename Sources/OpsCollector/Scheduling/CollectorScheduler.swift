import Foundation
import OpsCore

/// Time as the collector sees it, and the one way it waits. Every timer of the runtime
/// (each source's lane, the lease heartbeat) goes through `schedule(at:leeway:on:_:)` and
/// every tick reads `now()`, so one injected value decides both: `DispatchCollectorScheduler`
/// in production, `ManualScheduler` in tests, which runs nothing until the test advances
/// it. Deadlines are absolute so that a turn scheduled for a source's `nextAttempt` finds
/// the source due, not a rounding error early.
public protocol CollectorScheduler: OpsCore.Clock {
    /// Runs `body` on `queue` at `deadline` (at once when it is past). `leeway` lets the
    /// system batch wake-ups. The returned work cancels it; cancelling after it ran does
    /// nothing.
    func schedule(at deadline: Date, leeway: TimeInterval, on queue: DispatchQueue,
                  _ body: @escaping @Sendable () -> Void) -> any ScheduledWork
}

extension CollectorScheduler {
    /// Runs `body` on `queue` once `seconds` have passed on this scheduler's clock.
    public func schedule(after seconds: TimeInterval, leeway: TimeInterval = 0, on queue: DispatchQueue,
                         _ body: @escaping @Sendable () -> Void) -> any ScheduledWork {
        schedule(at: now() + max(seconds, 0), leeway: leeway, on: queue, body)
    }
}

/// A pending `schedule` call.
public protocol ScheduledWork: Sendable {
    func cancel()
}
