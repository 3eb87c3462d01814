import ArgumentParser
import Foundation
import OpsCore
import OpsFixtures
import OpsStore

extension BenchCommand {
    /// `pmops bench incidents`: issue 16's store-side figures on a WAL file store.
    struct Incidents: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incidents",
            abstract: "Incidents: 'what changed' query (< 20 ms), declare from 100 alerts (< 50 ms), Markdown export of a 10,000-entry incident (< 200 ms).",
            discussion: """
            Builds a fresh store: --changes change events over a year for 200 services, INC-1 with --entries timeline entries (every
            100th a pin), and --alerts firing alerts. What changed: --queries lookups of three services in the 24 h before a random
            instant. Declare: --runs declarations, each from all the alerts (links, entries, suspects, pages and audit in one
            transaction). Export: --runs reads of INC-1 rendered to Markdown.
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Change events in the store.") var changes = 1_000_000
        @Option(help: "Timeline entries of the exported incident.") var entries = 10_000
        @Option(help: "Alerts each declaration links.") var alerts = 100
        @Option(help: "'What changed' queries timed.") var queries = 500
        @Option(help: "Timed declarations and exports.") var runs = 20

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(changes, field: "changes", in: 1...100_000_000)
                try InputLimits.count(entries, field: "entries", in: 1...10_000_000)
                try InputLimits.count(alerts, field: "alerts", in: 1...IncidentValidation.maxAlerts)
                try InputLimits.count(queries, field: "queries", in: 1...1_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        func run() throws {
            let login = OSIdentity.currentLogin()
            let actor = ActorContext(osLogin: login)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-incidents-bench-\(getpid())")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let clock = ManualClock(Date())
            let db = try AppDatabase(path: dir.appendingPathComponent("s.db").path, clock: clock)
            defer { db.close() }
            _ = try db.initialize(login: login, displayName: "Bench", email: "\(login)@bench.example.com")
            report.progress("building \(changes) changes and a \(entries)-entry incident")
            let built = try db.seedIncidentBenchmark(changes: changes, entries: entries, commander: login, now: clock.now())
            let signals = (0..<alerts).map { i in
                AlertSignal(fingerprint: "bench:\(i)", rule: "BenchAlert", source: "alertmanager", labels: ["alertname": "BenchAlert", "service": "svc-\(i % 3)"],
                            severity: .critical, firing: true, summary: "bench alert \(i)", startsAt: clock.now().addingTimeInterval(-300))
            }
            _ = try db.ingestAlerts(signals, actor: actor, at: clock.now())
            let ids = try db.alerts(limit: alerts).map(\.id)

            var rng = SystemRandomNumberGenerator()
            var changed = BenchSamples()
            var found = 0
            for _ in 0..<queries {
                let when = clock.now().addingTimeInterval(-Double.random(in: 0..<(365 * 86_400), using: &rng))
                let services = (0..<3).map { _ in AppDatabase.changeBenchServices[Int.random(in: 0..<AppDatabase.changeBenchServices.count, using: &rng)] }
                let (seconds, rows) = try BenchClock.time { () throws(OpsError) in try db.changesBefore(services: services, detected: when, as: actor) }
                changed.append(seconds * 1_000)
                found += rows.count
            }
            var declare = BenchSamples()
            for i in 0..<runs {
                let new = NewIncident(title: "Bench declare \(i)", category: .outage, severity: .sev2, roles: [.commander: login], alerts: ids)
                declare.append(try BenchClock.time { () throws(OpsError) in try db.declareIncident(new, as: actor) }.seconds * 1_000)
            }
            var export = BenchSamples()
            var bytes = 0
            for _ in 0..<runs {
                let (seconds, text) = try BenchClock.time { () throws(OpsError) in
                    IncidentMarkdown.render(try db.incidentForExport(IncidentNumber(1), as: actor), now: clock.now())
                }
                export.append(seconds * 1_000)
                bytes = text.utf8.count
            }
            try BenchReport(suite: "incidents", date: BenchReport.now(), label: report.label, machine: BenchMachine.current(),
                            fixture: ["store": "\(changes) changes over a year for 200 services, INC-1 with \(entries) entries, \(alerts) alerts, built in \(String(format: "%.1f", built)) s",
                                      "what-changed": "\(queries) lookups of 3 services in the 24 h before a random instant, \(found / max(queries, 1)) changes found on average",
                                      "export": "\(bytes) bytes of Markdown"],
                            figures: [
                                BenchFigure(id: "incidents.what_changed", label: "what changed before detection (3 services, 24 h)", unit: "ms", runs: [changed],
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 20)),
                                BenchFigure(id: "incidents.declare_100_alerts", label: "declare from \(alerts) alerts", unit: "ms", runs: [declare],
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 50)),
                                BenchFigure(id: "incidents.export_md", label: "Markdown export of a \(entries)-entry incident", unit: "ms", runs: [export],
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 200)),
                            ]).print(json: report.json, saveTo: report.save)
        }
    }
}
