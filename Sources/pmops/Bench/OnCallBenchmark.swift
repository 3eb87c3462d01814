import ArgumentParser
import Foundation
import OpsCore

extension BenchCommand {
    /// `pmops bench oncall`: the on-call core in process, on a synthetic fleet of schedules.
    struct OnCall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "oncall",
            abstract: "Who is on call (target p99 < 100 µs) and a year's iCalendar export (target < 50 ms), in process.",
            discussion: """
            The fixture: 50 schedules in 5 time zones (New York, Berlin, Kolkata, Sydney, UTC),
            each with 5 layers (weekly, daily, 12h, business-hours, weekends; 4–8 people) and
            100 overrides spread over the year. "Who is on call" answers one schedule at a
            random instant of the year (resolvers built once, as a long-lived process keeps
            them); the export computes one schedule's final shifts for 365 days and writes them
            as RFC 5545. The Schedules pane's 14-day timeline is timed from a key to a frame
            ready to flush (render + diff; a scroll also rebuilds it) on the demo schedules, at
            200x60 and 80x24 (target < 3 ms).
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Who-is-on-call queries per run.") var queries = 20_000
        @Option(help: "Runs.") var runs = 3
        @Option(help: "Timeline frames per run.") var frames = 400

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(queries, field: "queries", in: 1...10_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
                try InputLimits.count(frames, field: "frames", in: 1...100_000)
            }
        }

        static func fixture() throws(OpsError) -> [OnCallResolver] {
            let zones = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC"]
            let year = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01
            var resolvers: [OnCallResolver] = []
            for s in 0..<50 {
                func people(_ layer: Int) -> String { (0..<(4 + (s + layer) % 5)).map { "p\(s)x\(layer)x\($0)" }.joined(separator: ",") }
                let text = """
                    schedule bench-\(s) team t\(s % 10) tz \(zones[s % zones.count])
                    layer weekly priority 1 every weekly start 2026-01-05 handoff 09:00 people \(people(0))
                    layer daily priority 2 every daily start 2026-01-01 handoff 08:30 people \(people(1)) restrict weekends
                    layer halves priority 3 every 12h start 2026-01-01 handoff 07:00 people \(people(2)) restrict business-hours
                    layer days priority 4 every daily start 2026-02-01 handoff 02:30 people \(people(3)) restrict business-hours
                    layer top priority 5 every weekly start 2026-03-02 handoff 10:00 people \(people(4)) restrict weekends
                    """
                let schedule = try OnCallSchedule.parse(text, file: "bench")[0]
                let overrides = (0..<100).map { i in
                    let start = year.addingTimeInterval(Double(i) * 3.65 * 86_400)
                    return OnCallOverride(id: Int64(i + 1), schedule: schedule.name, covering: "cover\(i)", covered: "p\(s)x0x\(i % 4)",
                                          start: start, end: start.addingTimeInterval(8 * 3600))
                }
                resolvers.append(try OnCallResolver(schedule, overrides: overrides))
            }
            return resolvers
        }

        func run() throws {
            let machine = BenchMachine.current()
            let resolvers = try Self.fixture()
            let year = Date(timeIntervalSince1970: 1_798_761_600)
            var lookups: [BenchSamples] = []
            var exports = BenchSamples()
            var rng = SystemRandomNumberGenerator()
            var found = 0
            for run in 0..<runs {
                var samples = BenchSamples()
                for _ in 0..<queries {
                    let resolver = resolvers[Int.random(in: 0..<resolvers.count, using: &rng)]
                    let at = year.addingTimeInterval(Double.random(in: 0..<(365 * 86_400), using: &rng))
                    let start = BenchClock.nanos()
                    let answer = resolver.onCall(at: at)
                    samples.append(Double(BenchClock.nanos() - start) / 1_000)
                    if answer != nil { found += 1 }
                }
                lookups.append(samples)
                let resolver = resolvers[run % resolvers.count]
                let (seconds, ics) = BenchClock.time {
                    ICalendar.export(resolver.shifts(from: year, to: year.addingTimeInterval(365 * 86_400)), schedule: resolver.schedule.name, stamp: year)
                }
                exports.append(seconds * 1_000)
                report.progress("run \(run + 1): \(queries) lookups, p99 \(BenchFigure.format(samples.percentile(99))) µs; export \(String(format: "%.1f", seconds * 1_000)) ms, \(ics.utf8.count) bytes")
            }
            guard found > 0 else { throw ValidationError("nobody was ever on call: the fixture is wrong") }
            let frames = self.frames, runs = self.runs, progress = report.progress
            let timeline = try MainActor.assumeIsolated { () throws(OpsError) -> [BenchFigure] in
                try ScheduleTimelineBenchmark(frames: frames, progress: progress).figures(runs: runs)
            }
            try BenchReport(suite: "oncall", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: ["schedules": "50 schedules × 5 layers (weekly, daily, 12h, business-hours, weekends) × 100 overrides, 5 time zones",
                                      "timeline": "demo schedules (seed 42), sre-primary (weekly + business-hours daily layers), in-memory store"],
                            figures: [
                                BenchFigure(id: "oncall.now", label: "who is on call: one schedule at a random instant", unit: "µs", runs: lookups,
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 100)),
                                BenchFigure(id: "oncall.export", label: "a year of final shifts as iCalendar (one schedule)", unit: "ms", perRun: exports,
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 50)),
                            ] + timeline).print(json: report.json, saveTo: report.save)
        }
    }
}
