import Foundation

// MARK: - Timers

/// Each source has its own one-shot `DispatchSourceTimer` on its own serial queue (its
/// lane), re-armed after every run for the moment its runner says it is due next: one
/// interval after the last start, or its backoff after a failure. A repeating timer at the
/// interval would fire a hair before `start + interval` (the start is always a little
/// after the fire) and find the source not yet due, halving its rate; a re-armed timer
/// cannot. A run still in progress delays only its own source's next turn.
extension Collector {
    /// Starts the timers (every source runs at once, then on its schedule) and the lease's
    /// heartbeat timer. Does nothing when started already or stopped.
    public func start() {
        onQueue {
            guard !started, !stopped, !isHalting else { return }
            started = true
            for index in runners.indices {
                lanes[index].startTimer(leeway: leeway(for: index)) { [weak self] in self?.laneFired(index) }
            }
            if let lease {
                let timer = DispatchSource.makeTimerSource(queue: queue)
                let period = DispatchTimeInterval.milliseconds(Int(lease.heartbeat * 1000))
                timer.schedule(deadline: .now() + period, repeating: period, leeway: .milliseconds(20))
                timer.setEventHandler { [weak self] in self?.heartbeatFired() }
                heartbeatTimer = timer
                timer.activate()
            }
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
        onQueue { haltOnQueue() }
    }

    /// True once `stop()` ran or the lease was lost.
    public var isStopped: Bool { onQueue { stopped } }

    /// Stops everything from the collector queue, without waiting (a lost lease).
    func haltOnQueue() {
        markHalting()
        stopped = true
        for lane in lanes { lane.cancelTimer() }
        heartbeatTimer?.cancel()
        heartbeatTimer = nil
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

    private func heartbeatFired() {
        guard !stopped else { return }
        var report = CollectorTickReport(at: clock.now())
        _ = renewLease(at: report.at, force: true, report: &report)
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
        let wait = min(max((status.nextAttempt ?? now).timeIntervalSince(now), 0.01), longest)
        lanes[index].rearm(after: wait, leeway: leeway(for: index))
    }

    /// 1 % of the interval, between 1 ms and 100 ms: lets the kernel batch wake-ups without
    /// visibly shifting a 1 s series.
    private func leeway(for index: Int) -> DispatchTimeInterval {
        let interval = runners[index].source.interval
        return .milliseconds(Int(min(max(interval * 10, 1), 100)))
    }
}
