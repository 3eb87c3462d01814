import Foundation
import OpsCore

/// A scheduler whose time moves only when a test says so: a discrete-event simulation of
/// the collector's timers. `advance(by:)` runs each piece of work that falls due, one at a
/// time and in deadline order (ties in the order scheduled), on its own queue, with the
/// clock reading its deadline; it waits for each to finish before the next, so a run is the
/// same every time. Work that "takes time" calls `sleep(for:)`: it blocks in virtual time,
/// other work goes on meanwhile (a slow source on its own lane), and it resumes once the
/// clock passes its wake-up time. Nothing sleeps in real time.
public final class ManualScheduler: CollectorScheduler, @unchecked Sendable {
    private struct Pending {
        let id: Int
        let due: Date
        let queue: DispatchQueue
        let body: @Sendable () -> Void
    }

    private struct Sleeper {
        let id: Int
        let wake: Date
        let resume: DispatchSemaphore
    }

    /// Guards everything below; `idle` is signalled whenever `running` drops.
    private let idle = NSCondition()
    private var current: Date
    private var pending: [Pending] = []
    private var sleepers: [Sleeper] = []
    private var nextID = 0
    /// Work started by `advance` that has neither finished nor gone to sleep.
    private var running = 0
    /// How long `advance` waits (real time) for started work before giving up on it: only a
    /// test whose work blocks on something real (a socket) ever reaches it.
    private let stuckAfter: TimeInterval

    public init(_ start: Date, stuckAfter: TimeInterval = 30) {
        current = start
        self.stuckAfter = stuckAfter
    }

    public func now() -> Date { idle.withLock { current } }

    public func schedule(at deadline: Date, leeway: TimeInterval, on queue: DispatchQueue,
                         _ body: @escaping @Sendable () -> Void) -> any ScheduledWork {
        let id = idle.withLock { () -> Int in
            nextID += 1
            pending.append(Pending(id: nextID, due: deadline, queue: queue, body: body))
            return nextID
        }
        return ManualWork(id: id, scheduler: self)
    }

    /// Work scheduled and not yet run, cancelled or started.
    public var pendingCount: Int { idle.withLock { pending.count } }

    /// The earliest deadline still pending.
    public var nextDeadline: Date? { idle.withLock { pending.map(\.due).min() } }

    /// Moves the clock forward by `seconds`, running everything that falls due on the way
    /// (including work scheduled by that work) and waking sleepers whose time came. Returns
    /// once nothing started is still running.
    public func advance(by seconds: TimeInterval) {
        advance(to: now() + max(seconds, 0))
    }

    public func advance(to target: Date) {
        while true {
            waitUntilIdle()
            let step = idle.withLock { () -> (() -> Void)? in
                let work = pending.indices.min { (pending[$0].due, pending[$0].id) < (pending[$1].due, pending[$1].id) }
                let sleeper = sleepers.indices.min { (sleepers[$0].wake, sleepers[$0].id) < (sleepers[$1].wake, sleepers[$1].id) }
                let workDue = work.map { pending[$0].due }.flatMap { $0 <= target ? $0 : nil }
                let wakeDue = sleeper.map { sleepers[$0].wake }.flatMap { $0 <= target ? $0 : nil }
                if let wakeDue, let sleeper, workDue.map({ wakeDue < $0 }) ?? true {
                    let woken = sleepers.remove(at: sleeper)
                    current = max(current, wakeDue)
                    running += 1
                    return { woken.resume.signal() }
                }
                if let workDue, let work {
                    let next = pending.remove(at: work)
                    current = max(current, workDue)
                    running += 1
                    return { [self] in
                        next.queue.async {
                            next.body()
                            self.finished()
                        }
                    }
                }
                current = max(current, target)
                return nil
            }
            guard let step else { return }
            step()
        }
    }

    /// Called from inside scheduled work: blocks it until the clock has moved `seconds`
    /// further, letting other work run meanwhile.
    public func sleep(for seconds: TimeInterval) {
        let resume = DispatchSemaphore(value: 0)
        idle.withLock {
            nextID += 1
            sleepers.append(Sleeper(id: nextID, wake: current + max(seconds, 0), resume: resume))
            running -= 1
            idle.broadcast()
        }
        resume.wait()
    }

    /// Wakes every sleeper at once, whatever its time (a test tearing down).
    public func releaseSleepers() {
        let woken = idle.withLock { () -> [Sleeper] in
            defer { sleepers = [] }
            running += sleepers.count
            return sleepers
        }
        for sleeper in woken { sleeper.resume.signal() }
        waitUntilIdle()
    }

    fileprivate func cancel(_ id: Int) {
        idle.withLock { pending.removeAll { $0.id == id } }
    }

    private func finished() {
        idle.withLock {
            running -= 1
            idle.broadcast()
        }
    }

    private func waitUntilIdle() {
        let deadline = Date(timeIntervalSinceNow: stuckAfter)
        idle.withLock {
            while running > 0 {
                guard idle.wait(until: deadline) else {
                    // Work blocked on something real: stop counting it rather than hang.
                    running = 0
                    return
                }
            }
        }
    }
}

/// A handle on one `ManualScheduler.schedule` call.
private struct ManualWork: ScheduledWork {
    let id: Int
    let scheduler: ManualScheduler

    func cancel() { scheduler.cancel(id) }
}
