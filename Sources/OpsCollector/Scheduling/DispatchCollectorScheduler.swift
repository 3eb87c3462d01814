import Foundation
import OpsCore

/// The production scheduler: one-shot `DispatchSourceTimer`s on the caller's queue, timed
/// from `clock`. A deadline is turned into a delay when it is scheduled, so a wall-clock
/// step afterwards does not move a timer already armed.
public struct DispatchCollectorScheduler: CollectorScheduler {
    public let clock: any OpsCore.Clock

    public init(clock: any OpsCore.Clock = SystemClock()) {
        self.clock = clock
    }

    public func now() -> Date { clock.now() }

    public func schedule(at deadline: Date, leeway: TimeInterval, on queue: DispatchQueue,
                         _ body: @escaping @Sendable () -> Void) -> any ScheduledWork {
        let delay = max(deadline.timeIntervalSince(clock.now()), 0)
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.setEventHandler(handler: body)
        timer.schedule(deadline: .now() + .nanoseconds(Int(min(delay, 86_400) * 1e9)), repeating: .never,
                       leeway: .nanoseconds(Int(min(max(leeway, 0), 1) * 1e9)))
        timer.activate()
        return DispatchWork(timer: timer)
    }
}

/// Keeps the timer alive until it is cancelled (or replaced and released after firing).
private final class DispatchWork: ScheduledWork, @unchecked Sendable {
    let timer: any DispatchSourceTimer

    init(timer: any DispatchSourceTimer) {
        self.timer = timer
    }

    func cancel() { timer.cancel() }
}
