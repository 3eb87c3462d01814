import ArgumentParser
import Foundation
import OpsConsole
import OpsCore
import OpsFixtures
import OpsStore
import TermUI

extension BenchCommand {
    /// `pmops bench changes-pane`: issue 17's console figure, measured like the Incidents
    /// pane's: from the key to a frame ready to flush (the pane's reload + render + diff).
    struct ChangesPaneBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "changes-pane",
            abstract: "Changes pane: first frame over 1,000,000 change events (< 50 ms), and key to flush for scrolling and filtering.",
            discussion: """
            Builds a fresh store with --changes change events over a year (200 services; deploys, config, flags, rollbacks, infra;
            one in 50 failed). Each of --runs runs opens a fresh connection, switches to the pane (first frame: count, open change
            sets and the first window, rendered and diffed), then times each key from the key to the diffed frame at 200x60:
            ↓ 500 times, PgDn 100 times, the kind filter (Y) cycled 12 times, the status filter (S) 10 times, Enter on a change.
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Change events in the store.") var changes = 1_000_000
        @Option(help: "Runs, each on a fresh connection.") var runs = 5

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(changes, field: "changes", in: 1...10_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        func run() throws {
            let login = OSIdentity.currentLogin()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-changes-pane-bench-\(getpid())")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("s.db").path
            let built: Double
            do {
                let db = try AppDatabase(path: path)
                defer { db.close() }
                _ = try db.initialize(login: login, displayName: "Bench", email: "\(login)@bench.example.com")
                report.progress("building \(changes) change events")
                built = try db.seedIncidentBenchmark(changes: changes, entries: 0, commander: login, now: Date())
            }
            let figures = try MainActor.assumeIsolated { () throws(OpsError) -> [BenchFigure] in
                try ChangesPaneTimings(path: path, actor: ActorContext(osLogin: login), progress: report.progress).all(runs: runs)
            }
            try BenchReport(suite: "changes-pane", date: BenchReport.now(), label: report.label, machine: BenchMachine.current(),
                            fixture: ["store": "\(changes) change events over a year, 200 services, built in \(String(format: "%.1f", built)) s",
                                      "screen": "200x60, full colour"],
                            figures: figures).print(json: report.json, saveTo: report.save)
        }
    }
}

/// The timed part of `bench changes-pane`, on the main actor like the console.
@MainActor struct ChangesPaneTimings {
    var path: String
    var actor: ActorContext
    var size = Size(width: 200, height: 60)
    var progress: (String) -> Void

    func frame(_ app: ConsoleApp, _ body: () -> Void, previous: inout ScreenBuffer) -> Double {
        BenchFrame.time(app, size: size, body, previous: &previous)
    }

    func all(runs: Int) throws(OpsError) -> [BenchFigure] {
        var first = BenchSamples(), open = BenchSamples()
        var lineRuns: [BenchSamples] = [], pageRuns: [BenchSamples] = [], kindRuns: [BenchSamples] = [], statusRuns: [BenchSamples] = []
        for run in 0..<runs {
            progress("changes pane: run \(run + 1) of \(runs)")
            let store = try AppDatabase(path: path, create: false)
            defer { store.close() }
            let app = ConsoleApp(env: ConsoleEnvironment(store: store, actor: actor, timeZone: TimeZone(identifier: "UTC") ?? .current))
            var previous = ScreenBuffer(size: size)
            app.render(into: &previous, capabilities: .full)
            first.append(frame(app, { app.switchTo("changes") }, previous: &previous))
            guard app.activePaneID == "changes" else { throw OpsError.failure("The bench account cannot open the Changes pane.") }
            var line = BenchSamples(), page = BenchSamples(), kind = BenchSamples(), status = BenchSamples()
            for _ in 0..<500 { line.append(frame(app, { _ = app.handle(.key(.down)) }, previous: &previous)) }
            for _ in 0..<100 { page.append(frame(app, { _ = app.handle(.key(.pageDown)) }, previous: &previous)) }
            for _ in 0..<12 { kind.append(frame(app, { _ = app.handle(.key(.char("Y"))) }, previous: &previous)) }
            for _ in 0..<10 { status.append(frame(app, { _ = app.handle(.key(.char("S"))) }, previous: &previous)) }
            open.append(frame(app, { _ = app.handle(.key(.enter)) }, previous: &previous))
            lineRuns.append(line)
            pageRuns.append(page)
            kindRuns.append(kind)
            statusRuns.append(status)
        }
        return [
            BenchFigure(id: "changes_pane.first_frame", label: "Changes pane first frame on a fresh store connection", unit: "ms", perRun: first,
                        target: BenchTarget(stat: .median, comparison: .below, value: 50),
                        note: "switch to the pane (capped count, open change sets, first window) and render"),
            BenchFigure(id: "changes_pane.scroll_line", label: "↓ on the timeline: key + window load + render + diff", unit: "ms", runs: lineRuns,
                        target: BenchTarget(stat: .p99, comparison: .below, value: 10), note: "500 presses down from the newest change"),
            BenchFigure(id: "changes_pane.scroll_page", label: "PgDn on the timeline: key + window load + render + diff", unit: "ms", runs: pageRuns,
                        target: BenchTarget(stat: .p99, comparison: .below, value: 10), note: "100 pages down"),
            BenchFigure(id: "changes_pane.kind_filter", label: "Y (kind filter): key + count + first window + render + diff", unit: "ms", runs: kindRuns,
                        note: "each kind, then all, twice"),
            BenchFigure(id: "changes_pane.status_filter", label: "S (status filter): key + count + first window + render + diff", unit: "ms", runs: statusRuns,
                        note: "pending, started, succeeded, failed, all, twice"),
            BenchFigure(id: "changes_pane.open", label: "Enter on a change: detail and alerts after it", unit: "ms", perRun: open),
        ]
    }
}
