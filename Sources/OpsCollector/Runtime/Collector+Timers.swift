import Foundation

// MARK: - Timers

/// Each source has its own one-shot turn on its own serial queue (its lane), armed through
/// the collector's scheduler after every run for the moment its runner says it is due
/// next: one interval after the last start, or its backoff after a failure. A repeating
/// timer at the interval would fire a hair before `start + interval` (the start is always
/// a little after the fire) and find the source not yet due, halving its rate; a re-armed
/// turn cannot. A run still in progress delays only its own source's next turn. The lease
/// heartbeat is a turn on the collector queue, re-armed the same way.
extension Collector {
    /// Starts the timers (every source runs at once, then on its schedule) and the lease's
    /// heartbeat timer. Does nothing when started already or stopped.
    public func start() {
        onQueue {
            guard !started, !stopped, !isHalting else { return }
            started = true
            let now = scheduler.now()
            for index in runners.indices {
                lanes[index].arm(at: now, leeway: leeway(for: index)) { [weak self] in self?.laneFired(index) }
            }
            armHeartbeat()
        }
    }

    /// Stops the timers; nothing is written to the store after it returns. Collections in
    /// progress get up to `grace` seconds to finish and be written (a dead probe's are
    /// dropped rather than holding up a console's exit for its whole timeout). The lease is
    /// not released here: the owner decides (`lease?.release()`).
    public func stop(grace: TimeInterval = 1) {
        markHalting()
        for lane in lanes { lane.cancelTimer() }
        if DispatchQueue.getSpecific(key: queueKey) == nil {
            // Every lane's queue empties once its run in progress has been recorded.
            let drained = DispatchGroup()
            for lane in lanes { lane.queue.async(group: drained) {} }
            _ = drained.wait(timeout: .now() + max(grace, 0))
        }
        onQueue {
            sealIfDue(at: clock.now(), force: true)
            haltOnQueue()
        }
    }

    /// True once `stop()` ran or the lease was lost.
    public var isStopped: Bool { onQueue { stopped } }

    /// Stops everything from the collector queue, without waiting (a lost lease).
    func haltOnQueue() {
        markHalting()
        stopped = true
        for lane in lanes { lane.cancelTimer() }
        heartbeat?.cancel()
        heartbeat = nil
    }

    /// On the source's lane: collect if due, record on the collector queue, re-arm.
    private func laneFired(_ index: Int) {
        guard !isHalting else { return }
        let startedAt = Monotonic.now()
        if let run = collect(index) {
            onQueue { _ = record([run], at: clock.now(), startedAt: startedAt) }
        }
        rearm(index)
    }

    /// On the collector queue: the next heartbeat, one period from now.
    private func armHeartbeat() {
        guard let lease, !stopped else { return }
        heartbeat?.cancel()
        heartbeat = scheduler.schedule(after: lease.heartbeat, leeway: 0.02, on: queue) { [weak self] in self?.heartbeatFired() }
    }

    private func heartbeatFired() {
        guard !stopped else { return }
        var report = CollectorTickReport(at: clock.now())
        if renewLease(at: report.at, force: true, report: &report) { armHeartbeat() }
    }

    /// Points the source's timer at its next turn. A turn already past fires after 10 ms,
    /// not at once, so a source that finds itself busy (a `tickOnce` running it) cannot
    /// spin its lane.
    private func rearm(_ index: Int) {
        guard !isHalting else { return }
        let now = clock.now()
        let runner = runners[index]
        let status = runner.status
        // After a wall-clock step back the stored next turn may be far ahead; never wait
        // longer than the source's own interval or backoff.
        let longest = max(runner.source.interval, runner.backoff.delay(afterFailures: status.consecutiveFailures))
        let turn = min(max(status.nextAttempt ?? now, now + 0.01), now + longest)
        lanes[index].arm(at: turn, leeway: leeway(for: index)) { [weak self] in self?.laneFired(index) }
    }

    /// 1 % of the interval, between 1 ms and 100 ms: lets the kernel batch wake-ups without
    /// visibly shifting a 1 s series.
    private func leeway(for index: Int) -> TimeInterval {
        min(max(runners[index].source.interval * 0.01, 0.001), 0.1)
    }
}
