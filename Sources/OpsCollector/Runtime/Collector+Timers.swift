import Foundation

// MARK: - Timers

/// Each source has its own one-shot `DispatchSourceTimer` on the collector queue, re-armed
/// after every tick for the moment its runner says it is due next: one interval after the
/// last start, or its backoff after a failure. A repeating timer at the interval would fire
/// a hair before `start + interval` (the start is always a little after the fire) and find
/// the source not yet due, halving its rate; a re-armed timer cannot.
extension Collector {
    /// Starts the timers (every source runs at once, then on its schedule) and the lease's
    /// heartbeat timer. Does nothing when started already or stopped.
    public func start() {
        onQueue {
            guard !started, !stopped else { return }
            started = true
            for index in runners.indices {
                let timer = DispatchSource.makeTimerSource(queue: queue)
                timer.setEventHandler { [weak self] in self?.timerFired(index) }
                timers.append(timer)
                timer.schedule(deadline: .now(), repeating: .never, leeway: leeway(for: index))
                timer.activate()
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

    /// Stops the timers, waiting for a tick in progress to finish; no tick runs after it
    /// returns. The lease is not released here: the owner decides (`lease?.release()`).
    public func stop() {
        onQueue { haltOnQueue() }
    }

    /// True once `stop()` ran or the lease was lost.
    public var isStopped: Bool { onQueue { stopped } }

    func haltOnQueue() {
        stopped = true
        for timer in timers { timer.cancel() }
        timers = []
        heartbeatTimer?.cancel()
        heartbeatTimer = nil
    }

    private func timerFired(_ index: Int) {
        guard !stopped, timers.indices.contains(index) else { return }
        tickOnce()
        rearm()
    }

    private func heartbeatFired() {
        guard !stopped else { return }
        var report = CollectorTickReport(at: clock.now())
        _ = renewLease(at: report.at, force: true, report: &report)
    }

    /// Points every timer at its source's next turn. A turn already past fires after 10 ms,
    /// not at once, so a tick skipped for being busy cannot spin the queue.
    private func rearm() {
        guard !stopped else { return }
        let now = clock.now()
        for (index, runner) in runners.enumerated() where timers.indices.contains(index) {
            let status = runner.status
            let interval = runner.source.interval
            // After a wall-clock step back the stored next turn may be far ahead; never wait
            // longer than the source's own interval or backoff.
            let longest = max(interval, runner.backoff.delay(afterFailures: status.consecutiveFailures))
            let wait = min(max((status.nextAttempt ?? now).timeIntervalSince(now), 0.01), longest)
            timers[index].schedule(deadline: .now() + .nanoseconds(Int(wait * 1e9)), repeating: .never, leeway: leeway(for: index))
        }
    }

    /// 1 % of the interval, between 1 ms and 100 ms: lets the kernel batch wake-ups without
    /// visibly shifting a 1 s series.
    private func leeway(for index: Int) -> DispatchTimeInterval {
        let interval = runners[index].source.interval
        return .milliseconds(Int(min(max(interval * 10, 1), 100)))
    }
}
