import ArgumentParser
import Foundation
import OpsCore
import OpsStore
import OpsFixtures

extension BenchCommand {
    /// `pmops bench health-scores`: every customer's health recomputed from the store.
    struct HealthScores: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "health-scores",
            abstract: "Health scores recomputed for N customers from the store (target < 200 ms for 10,000), and the pure scoring alone.",
            discussion: """
            The fixture (a fresh store in $TMPDIR): N customers with three tickets each (a fifth
            open, closed ones mostly rated), an outreach entry each, a failed charge for one in
            ten, incidents naming one in fifty, and a week of per-tenant mail series (hourly)
            for --tenant-series of them. A recompute is `customerHealth(as:)`: the tenant series
            read through the metric store, grouped queries over tickets, charges, incidents and
            the success log, and the score of every customer.
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Customers in the fixture.") var customers = 10_000
        @Option(name: .customLong("tenant-series"), help: "Customers with per-tenant mail series.") var tenantSeries = 200
        @Option(help: "Runs.") var runs = 5

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(customers, field: "customers", in: 1...1_000_000)
                try InputLimits.count(tenantSeries, field: "tenant-series", in: 0...1_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        func run() throws {
            let machine = BenchMachine.current()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-bench-health-\(getpid())").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let now = Date()
            let db = try AppDatabase(path: dir + "/health.sqlite", clock: ManualClock(now), create: true)
            let login = OSIdentity.currentLogin()
            _ = try db.initialize(login: login, displayName: "Bench Operator", email: "\(login)@bench.example")
            let actor = ActorContext(osLogin: login)
            report.progress("seeding \(customers) customers (\(tenantSeries) with tenant series)")
            try db.seedHealthBenchmark(customers: customers, tenantSeries: tenantSeries, now: now)
            var recompute = BenchSamples(), scoring = BenchSamples()
            var atRisk = 0
            for run in 0..<runs {
                let (seconds, reports) = try BenchClock.time { try db.customerHealth(as: actor) }
                guard reports.count == customers else { throw ValidationError("scored \(reports.count) of \(customers) customers") }
                atRisk = reports.filter(\.health.atRisk).count
                recompute.append(seconds * 1_000)
                let inputs = reports.map(\.inputs)
                let (pure, _) = BenchClock.time { inputs.map { HealthScoring.score($0) } }
                scoring.append(pure * 1_000)
                report.progress("run \(run + 1): recompute \(String(format: "%.1f", seconds * 1_000)) ms, scoring alone \(String(format: "%.2f", pure * 1_000)) ms, \(atRisk) at risk")
            }
            db.close()
            try BenchReport(suite: "health-scores", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: ["customers": "\(customers) customers, \(customers * 3) tickets, \(customers) outreach entries, \(customers / 10) failed charges, \(customers / 50) incidents, \(min(tenantSeries, customers)) tenants with a week of hourly mail series",
                                      "at_risk": "\(atRisk)"],
                            figures: [
                                BenchFigure(id: "health.recompute", label: "every customer's health from the store", unit: "ms", perRun: recompute,
                                            target: BenchTarget(stat: .median, comparison: .below, value: 200)),
                                BenchFigure(id: "health.score", label: "the pure scoring rule over every customer's inputs", unit: "ms", perRun: scoring),
                            ]).print(json: report.json, saveTo: report.save)
        }
    }
}
