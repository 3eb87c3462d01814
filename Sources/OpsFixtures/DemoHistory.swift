import Foundation
import OpsCore
import OpsStore

/// What `seedDemoHistory` wrote.
public struct DemoHistoryReport: Sendable, Equatable {
    public var samples = 0
    public var alerts = 0
    public var silences = 0
    public var customers = 0
    public var tickets = 0
    public var incidents = 0
    public var changes = 0
    public var seconds: TimeInterval = 0
    public init() {}
}

/// A lived-in demo store on first open: a week of metrics (so charts and uptime have a
/// past), past alerts acknowledged, resolved and closed as false positives (so `alerts
/// stats` and the history have content), one acknowledged alert still open, silences, and
/// the support desk: about 200 tenants and 150 escalation tickets with their timelines.
/// Deterministic: every value and time is a function of `now` and the sample generator.
public enum DemoHistory {
    /// Metric backfill: every 10 min over the week, every 10 s over the last two hours.
    static let coarseStep: TimeInterval = 600
    static let fineStep: TimeInterval = 10
    static let fineSpan: TimeInterval = 7_200
    static let week: TimeInterval = 7 * 86_400
    /// Samples per store write: large batches, few transactions.
    static let batchSize = 20_000

    /// Past outages in the probe history: (target, how long before now it started, length).
    static let outages: [(target: String, ago: TimeInterval, length: TimeInterval)] = [
        ("mx.penguinmails.example.com:25", 5 * 86_400 + 3_600, 1_800), ("api.penguinmails.example.com/health", 2 * 86_400, 1_200),
    ]

    /// The times the backfill writes, oldest first.
    static func times(now: Date) -> [Date] {
        var out: [Date] = []
        var t = now.addingTimeInterval(-week)
        let fine = now.addingTimeInterval(-fineSpan)
        while t < fine {
            out.append(t)
            t += coarseStep
        }
        t = fine
        while t < now {
            out.append(t)
            t += fineStep
        }
        return out
    }

    /// The sample with the outages applied: `probe_up` is 0 while its target was down.
    static func withOutages(_ sample: SampleInput, now: Date) -> SampleInput {
        guard sample.series.name == "probe_up" else { return sample }
        let down = outages.contains { o in
            let start = now.addingTimeInterval(-o.ago)
            return ["tcp", "http"].contains { sample.series == MetricSeriesKey(name: "probe_up", labels: ["target": o.target, "kind": $0]) }
                && sample.time >= start && sample.time < start.addingTimeInterval(o.length)
        }
        var out = sample
        if down { out.value = 0 }
        return out
    }
}

extension AppDatabase {
    /// Seeds the demo's past unless the store already holds metrics (a demo opened before).
    /// `samples` gives the demo series at a past time (the demo workload outside its
    /// episodes); the probe outages of `DemoHistory.outages` are applied to them. Alerts and silences are written through the
    /// named operations on a second handle whose clock is set to each moment, so their
    /// history, audit rows and times read as if they had happened then.
    @discardableResult
    public func seedDemoHistory(now: Date, samples: (Date) -> [SampleInput], as me: ActorContext) throws(OpsError) -> DemoHistoryReport {
        var report = DemoHistoryReport()
        guard try metricNames().isEmpty, path != nil else { return report }
        let began = Date()
        var batch: [SampleInput] = []
        batch.reserveCapacity(DemoHistory.batchSize + 100)
        for time in DemoHistory.times(now: now) {
            batch += samples(time).map { DemoHistory.withOutages($0, now: now) }
            if batch.count >= DemoHistory.batchSize {
                report.samples += try recordSamples(batch, now: now).stored
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { report.samples += try recordSamples(batch, now: now).stored }

        let clock = ManualClock(now.addingTimeInterval(-DemoHistory.week))
        // The same connections through a clock moved into the past (a second handle on the
        // file would drop this process's locks on it; see `withClock`).
        let past = withClock(clock)
        let seeded = try past.seedDemoAlerts(now: now, clock: clock, as: me)
        report.alerts = seeded.alerts
        report.silences = seeded.silences
        let desk = try past.seedDemoTickets(now: now, clock: clock, as: me)
        report.customers = desk.customers
        report.tickets = desk.tickets
        let incidents = try past.seedDemoIncidents(now: now, clock: clock, as: me)
        report.incidents = incidents.incidents
        report.changes = incidents.changes
        try past.seedDemoFlags(now: now, clock: clock, as: me)
        try past.seedDemoConfig(now: now, clock: clock, as: me)
        try past.seedDemoDeploys(now: now, clock: clock, as: me)
        try past.seedDemoBilling(now: now, clock: clock, as: me)
        report.seconds = Date().timeIntervalSince(began)
        return report
    }
}
