import Foundation
import OpsCore
import OpsStore

/// Runs sources on a schedule and writes what they gather to the store:
///
/// ```
/// per source: a scheduled turn on ITS OWN serial queue ─► collect (bounded by the
///   source's timeout) ─► the collector queue: recordSamples (samples + source status, one
///   transaction) ─► rules ─► alert rows ─► maintenance
/// ```
///
/// Each source collects on its own serial queue, so a dead probe sitting in its timeout
/// never delays another source; a source's state (rate baselines) stays confined to its
/// queue. Only the short part after a collection (the store write, rules and alert rows)
/// is serialised, on the collector queue, which keeps the evaluator and the store writes
/// free of races. Every timer and every "now" comes from one `CollectorScheduler` (Dispatch
/// timers in production, a `ManualScheduler` that tests step through). A source's timer is re-armed after each run for the moment its runner
/// says it is due (its interval, or its backoff after failures), so a run still in
/// progress makes the next turn wait (and the turns it missed are counted) instead of
/// overlapping. `tickOnce` runs every due source at once (each on its own queue) and
/// records them together, for tests and `--once`; a `tickOnce` that finds another still
/// running is skipped and counted.
public final class Collector: @unchecked Sendable {
    public struct Options: Sendable {
        public var retention: RetentionPolicy
        /// How often retention and rollups run while they keep up (they run again on the
        /// next tick while they report more work).
        public var maintenanceEvery: TimeInterval
        /// Rows per maintenance step: small, so a tick never waits long behind it.
        public var maintenanceBudget: Int
        /// A still-firing alert's row is refreshed at most this often: a value written every
        /// second would be a write per firing alert per tick for nothing anyone reads.
        public var alertRefresh: TimeInterval
        /// 0: every tick is its own transaction (`recordSamples`). Above 0: ticks are
        /// buffered in memory and sealed as one packed block at most this often (and on
        /// `stop()`), so a `kill -9` loses at most this many seconds of samples. Capped by
        /// the retention policy's `settle`, so a minute is never rolled up before its
        /// samples are sealed.
        public var sealEvery: TimeInterval
        /// Delivers due outbox mail after each tick's alert-queue pass; nil when no transport
        /// is configured (mail then waits for `pmops outbox deliver`).
        public var courier: OutboxCourier?
        /// Sweeps tickets for SLA reminders and breaches every tick.
        public var ticketSLA: Bool
        /// Judges deployments in their health-gate window every tick.
        public var deployGates: Bool
        /// The operator's deploy config (gates, rollback commands); nil: no gates, every
        /// finished deployment passes with "no gate configured".
        public var deployConfig: DeployConfigFile?
        /// Mails stale flags' owners through the outbox (hourly check, once a week per flag).
        public var flagReminders: Bool

        public init(retention: RetentionPolicy = .standard, maintenanceEvery: TimeInterval = 60, maintenanceBudget: Int = 2_000,
                    alertRefresh: TimeInterval = 15, sealEvery: TimeInterval = 0, courier: OutboxCourier? = nil, ticketSLA: Bool = true,
                    deployGates: Bool = true, deployConfig: DeployConfigFile? = nil, flagReminders: Bool = true) {
            self.retention = retention
            self.maintenanceEvery = maintenanceEvery
            self.maintenanceBudget = maintenanceBudget
            self.alertRefresh = alertRefresh
            self.sealEvery = min(max(sealEvery, 0), max(retention.settle, 0))
            self.courier = courier
            self.ticketSLA = ticketSLA
            self.deployGates = deployGates
            self.deployConfig = deployConfig
            self.flagReminders = flagReminders
        }
    }

    public let store: AppDatabase
    public let runners: [SourceRunner]
    public let options: Options
    public let lease: CollectorLeaseKeeper?
    /// Arms every turn (lanes, heartbeat) and is the base of `clock`.
    let scheduler: any CollectorScheduler
    let clock: TickClock
    /// The collector queue: store writes, rules, alert rows, maintenance and the lease.
    let queue = DispatchQueue(label: "pmops.collector", qos: .utility)
    /// One per runner, in the same order: where that source collects.
    let lanes: [SourceLane]
    let events: @Sendable (CollectorEvent) -> Void
    let queueKey = DispatchSpecificKey<UInt8>()

    /// Guards `busy`, `halting`, `stats` and `last`, which other threads read.
    private let lock = NSLock()
    private var busy = false
    /// Set by `stop()` (or a lost lease) before the timers go: no new collection starts.
    private var halting = false
    private var stats = CollectorStatistics()
    private var last: CollectorTickReport?

    // Confined to `queue`.
    var alerting: (any CollectorAlerting)?
    var heartbeat: (any ScheduledWork)?
    var started = false
    var stopped = false
    private var adapter = SampleInputAdapter()
    private var lastMaintenance: Date?
    private var maintenanceBehind = false
    private var lastAlertMaintenance: Date?
    /// When the buffered samples were last sealed (`sealEvery` > 0 only).
    var lastSeal: Date?
    var alertBook = AlertBook()
    let deployWatch = DeployGateWatch()
    let changeWatch = ChangeGateWatch()
    let flagReminders = FlagReminderWatch()

    /// - Parameters:
    ///   - lease: a keeper that already holds the store's lease; renewed every heartbeat,
    ///     and the collector stops the moment it is lost.
    ///   - events: log-worthy events, called on the collector queue.
    ///   - scheduler: arms every timer and tells the time (`ManualScheduler` in tests).
    public init(sources: [any MetricSource], store: AppDatabase, scheduler: any CollectorScheduler,
                alerting: (any CollectorAlerting)? = nil, lease: CollectorLeaseKeeper? = nil, options: Options = Options(),
                events: @escaping @Sendable (CollectorEvent) -> Void = { _ in }) {
        let tickClock = TickClock(scheduler)
        self.scheduler = scheduler
        self.clock = tickClock
        self.store = store
        self.runners = sources.map { SourceRunner(source: $0, clock: tickClock) }
        self.lanes = sources.map { SourceLane(label: "pmops.collector.source.\($0.name)", scheduler: scheduler) }
        self.alerting = alerting
        self.lease = lease
        self.options = options
        self.events = events
        queue.setSpecific(key: queueKey, value: 1)
    }

    /// A collector on Dispatch timers, reading time from `clock`.
    public convenience init(sources: [any MetricSource], store: AppDatabase, clock: any OpsCore.Clock = SystemClock(),
                            alerting: (any CollectorAlerting)? = nil, lease: CollectorLeaseKeeper? = nil, options: Options = Options(),
                            events: @escaping @Sendable (CollectorEvent) -> Void = { _ in }) {
        self.init(sources: sources, store: store, scheduler: DispatchCollectorScheduler(clock: clock), alerting: alerting, lease: lease,
                  options: options, events: events)
    }

    deinit {
        for lane in lanes { lane.cancelTimer() }
        heartbeat?.cancel()
    }

    /// Running totals.
    public var statistics: CollectorStatistics { lock.withLock { stats } }

    /// The latest tick that ran.
    public var lastTick: CollectorTickReport? { lock.withLock { last } }

    /// Every source's status, in configuration order; safe from any thread.
    public var statuses: [SourceStatus] { runners.map(\.status) }

    /// Runs one tick now: every due source at once (each on its own queue, so dead probes
    /// cost one timeout, not one each), then one store write, rules, maintenance. With
    /// `now`, the tick happens at that time (sources see the clock shifted to it). Returns
    /// a skipped report, and counts it, when another tick is still running. With `force`,
    /// every source runs whether it is due or not (a second reading for `--once`).
    @discardableResult
    public func tickOnce(now: Date? = nil, force: Bool = false) -> CollectorTickReport {
        let claimed = lock.withLock { () -> Bool in
            guard !busy else {
                stats.skippedTicks += 1
                return false
            }
            busy = true
            return true
        }
        guard claimed else { return .skipped(at: now ?? clock.now()) }
        defer { lock.withLock { busy = false } }
        if let now { clock.pin(now) }
        defer { if now != nil { clock.unpin() } }
        let at = clock.now()
        guard !isHalting else { return CollectorTickReport(at: at) }
        let startedAt = Monotonic.now()
        let gathered = RunBox(count: runners.count)
        let group = DispatchGroup()
        for index in runners.indices {
            lanes[index].queue.async(group: group) { [self] in gathered.set(index, collect(index, force: force)) }
        }
        group.wait()
        return onQueue { record(gathered.runs, at: at, startedAt: startedAt) }
    }

    /// True once `stop()` began or the lease was lost: no collection starts any more.
    var isHalting: Bool { lock.withLock { halting } }

    func markHalting() { lock.withLock { halting = true } }

    /// Runs `body` on the collector queue, waiting for it (directly when already there).
    func onQueue<T>(_ body: () -> T) -> T {
        DispatchQueue.getSpecific(key: queueKey) != nil ? body() : queue.sync(execute: body)
    }

    func count(_ update: (inout CollectorStatistics) -> Void) {
        lock.withLock { update(&stats) }
    }

    // MARK: - The tick

    /// Runs source `index` if it is due (on the caller's thread: its lane); nil when it
    /// was not due or is running already.
    func collect(_ index: Int, force: Bool = false) -> SourceRun? {
        guard !isHalting else { return nil }
        let runner = runners[index]
        let before = runner.status
        let outcome = runner.runIfDue(force: force)
        if case .notDue = outcome { return nil }
        return SourceRun(index: index, before: before, outcome: outcome, problems: (runner.source as? any ProblemReporting)?.lastProblems ?? [])
    }

    /// Writes what `runs` gathered (one transaction), evaluates the rules and maintains
    /// the store. On the collector queue; nothing is written once the collector stopped.
    func record(_ runs: [SourceRun], at: Date, startedAt: TimeInterval) -> CollectorTickReport {
        var report = CollectorTickReport(at: at)
        guard !stopped else { return report }
        guard renewLease(at: at, force: false, report: &report) else { return report }

        var samples: [MetricSample] = []
        var statuses: [SourceStatusInput] = []
        for run in runs {
            let runner = runners[run.index]
            let status = runner.status
            countMissedTurns(runner.source, due: run.before.nextAttempt, ran: status.lastAttempt)
            var collected = 0
            if case let .collected(gathered) = run.outcome {
                collected = gathered.count
                samples += gathered
            }
            samples += status.samples(at: status.lastAttempt ?? at)
            statuses.append(Self.statusInput(status, problems: run.problems))
            report.sources.append(SourceTick(
                name: runner.source.name, outcome: status.health == .down ? .failed : .collected, sampleCount: collected,
                error: status.health == .down ? status.lastError : run.problems.isEmpty ? nil : run.problems.joined(separator: "; "),
                duration: status.lastDuration ?? 0, consecutiveFailures: status.consecutiveFailures, nextAttempt: status.nextAttempt))
            note(before: run.before, after: status)
        }

        if !statuses.isEmpty {
            do {
                let inputs = adapter.inputs(samples)
                let ingest = options.sealEvery > 0 ? try store.bufferSamples(inputs, sourceStatus: statuses, now: at)
                    : try store.recordSamples(inputs, sourceStatus: statuses, now: at)
                report.ingest = ingest
                count { $0.samplesWritten += ingest.stored }
            } catch {
                report.writeError = error.description
                count { $0.writeFailures += 1 }
                events(.writeFailed(error.description))
            }
        }
        if let alerting, !samples.isEmpty {
            writeAlerts(alerting.evaluate(samples: samples, now: at), evaluator: alerting, at: at, report: &report)
        }
        sweepTicketSLA(at: at, report: &report)
        sweepBillingWave(at: at)
        sweepOnCallHandoffs(at: at, report: &report)
        sweepIncidents(at: at, report: &report)
        sweepSuccessAndIntegrations(at: at)
        sweepDeployGates(samples: samples, at: at, report: &report)
        sweepChangeGates(samples: samples, at: at, report: &report)
        sweepFlagReminders(at: at)
        sealIfDue(at: at, force: maintenanceDue(at: at))
        maintain(at: at, report: &report)
        maintainAlertQueue(at: at)
        options.courier?.kick(at: at, events: events)
        report.duration = Monotonic.now() - startedAt
        let finished = report
        lock.withLock {
            stats.ticks += 1
            last = finished
        }
        return report
    }

    /// The store's row for a source. `last_error` describes the source now: the failure
    /// while it is down, the partial problems (skipped lines, a stuck mount) while it is up,
    /// nothing once it is clean again, so a green source never shows yesterday's error.
    static func statusInput(_ status: SourceStatus, problems: [String]) -> SourceStatusInput {
        let up: Bool? = switch status.health {
        case .unknown: nil
        case .up: true
        case .down: false
        }
        let error = status.health == .down ? status.lastError : problems.isEmpty ? nil : problems.joined(separator: "; ")
        return SourceStatusInput(source: status.sourceName, up: up, lastError: error, lastSuccess: status.lastSuccess,
                                 lastAttempt: status.lastAttempt, consecutiveFailures: status.consecutiveFailures)
    }

    private func note(before: SourceStatus, after: SourceStatus) {
        if after.health == .down, let message = after.lastError, let attempt = after.lastAttempt {
            events(.sourceFailed(source: after.sourceName, message: message,
                                 retryIn: (after.nextAttempt ?? attempt).timeIntervalSince(attempt)))
        } else if after.health == .up, before.health == .down {
            events(.sourceRecovered(source: after.sourceName, after: before.consecutiveFailures))
        }
    }

    /// A source that ran a whole interval or more after it was due missed the turns in
    /// between: its own previous run overran (or the process was stopped). Counted and
    /// logged, since it means the source cannot keep its interval.
    private func countMissedTurns(_ source: any MetricSource, due: Date?, ran: Date?) {
        guard let due, let ran, source.interval > 0 else { return }
        let missed = Int(ran.timeIntervalSince(due) / source.interval)
        guard missed > 0 else { return }
        count { $0.missedTurns[source.name, default: 0] += missed }
        events(.missedTurns(source: source.name, count: missed))
    }

    /// Renews the lease when due; false (and the collector stopped) when it was lost.
    func renewLease(at now: Date, force: Bool, report: inout CollectorTickReport) -> Bool {
        guard let lease else { return true }
        do {
            try lease.beatIfDue(now: now, force: force)
            return true
        } catch {
            guard case let .conflict(message) = error else {
                // A busy or failing store: keep collecting; if it lasts past the ttl another
                // collector takes over and the next heartbeat reports the conflict.
                events(.heartbeatFailed(error.description))
                return true
            }
            report.leaseLost = message
            haltOnQueue()
            events(.leaseLost(message))
            return false
        }
    }

    /// The alert queue's time-driven work (silences, snoozes, pages, escalations), at most
    /// every 5 s: escalation timeouts are minutes, and an idle pass is a few indexed reads.
    private func maintainAlertQueue(at: Date) {
        if let last = lastAlertMaintenance, abs(at.timeIntervalSince(last)) < 5 { return }
        lastAlertMaintenance = at
        do {
            let result = try store.maintainAlerts(at: at)
            if result.changed { events(.alertQueue(result)) }
        } catch {
            events(.alertWriteFailed("alert queue maintenance failed: \(error.description)"))
        }
    }

    func maintenanceDue(at: Date) -> Bool {
        guard let lastMaintenance, !maintenanceBehind else { return true }
        return abs(at.timeIntervalSince(lastMaintenance)) >= options.maintenanceEvery
    }

    private func maintain(at: Date, report: inout CollectorTickReport) {
        guard maintenanceDue(at: at) else { return }
        lastMaintenance = at
        do {
            let result = try store.maintainMetrics(now: at, policy: options.retention, budget: options.maintenanceBudget)
            maintenanceBehind = !result.caughtUp
            report.maintenance = result
            if result.rowsChanged > 0 { events(.maintenance(result)) }
        } catch {
            maintenanceBehind = false
            events(.maintenanceFailed(error.description))
        }
    }
}
