import ArgumentParser
import Foundation
import OpsConsole
import OpsCore
import OpsFixtures
import OpsStore
import TermUI

extension BenchCommand {
    /// `pmops bench incidents-pane`: issue 16's console figures, measured like the Tickets
    /// pane's: from the key to a frame ready to flush (the pane's reload + render + diff).
    struct IncidentsPaneBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incidents-pane",
            abstract: "Incidents pane: list first frame with 50,000 incidents (< 50 ms), 10,000-entry timeline frame (< 3 ms) and scroll key to flush (p99 < 10 ms).",
            discussion: """
            Builds a fresh store: --incidents incidents over a year (one in 1,000 active, a tenth restricted security incidents) and
            INC-1, the one open SEV-1, with --entries timeline entries. Each of --runs runs opens a fresh connection, switches to the
            pane (first frame), opens INC-1 (cursor on its latest entry), draws --frames timeline frames without input, then scrolls up
            one entry at a time and a page at a time, timing each key from the key to the diffed frame, at 200x60.
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Incidents in the store (besides INC-1).") var incidents = 50_000
        @Option(help: "Timeline entries of INC-1.") var entries = 10_000
        @Option(help: "Timeline frames drawn per run.") var frames = 200
        @Option(help: "Runs, each on a fresh connection.") var runs = 5

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(incidents, field: "incidents", in: 1...10_000_000)
                try InputLimits.count(entries, field: "entries", in: 1...10_000_000)
                try InputLimits.count(frames, field: "frames", in: 1...1_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        func run() throws {
            let login = OSIdentity.currentLogin()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-incidents-pane-bench-\(getpid())")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("s.db").path
            let now = Date()
            let built: Double
            do {
                let db = try AppDatabase(path: path)
                defer { db.close() }
                _ = try db.initialize(login: login, displayName: "Bench", email: "\(login)@bench.example.com")
                report.progress("building \(incidents) incidents and a \(entries)-entry timeline")
                built = try db.seedIncidentBenchmark(changes: 1_000, entries: entries, commander: login, now: now)
                    + db.seedIncidentListBenchmark(incidents: incidents, commander: login, now: now)
            }
            let figures = try MainActor.assumeIsolated { () throws(OpsError) -> [BenchFigure] in
                try IncidentPaneTimings(path: path, actor: ActorContext(osLogin: login), progress: report.progress).all(runs: runs, frames: frames)
            }
            try BenchReport(suite: "incidents-pane", date: BenchReport.now(), label: report.label, machine: BenchMachine.current(),
                            fixture: ["store": "\(incidents) incidents over a year (1 in 1,000 active, 1 in 10 security), INC-1 open SEV-1 with \(entries) entries, built in \(String(format: "%.1f", built)) s",
                                      "screen": "200x60, full colour"],
                            figures: figures).print(json: report.json, saveTo: report.save)
        }
    }
}

/// The timed part of `bench incidents-pane`, on the main actor like the console.
@MainActor struct IncidentPaneTimings {
    var path: String
    var actor: ActorContext
    var size = Size(width: 200, height: 60)
    var progress: (String) -> Void

    func frame(_ app: ConsoleApp, _ body: () -> Void, previous: inout ScreenBuffer) -> Double {
        BenchFrame.time(app, size: size, body, previous: &previous)
    }

    func all(runs: Int, frames: Int) throws(OpsError) -> [BenchFigure] {
        var first = BenchSamples(), open = BenchSamples(), drawRuns: [BenchSamples] = [], scrollRuns: [BenchSamples] = [], pageRuns: [BenchSamples] = []
        for run in 0..<runs {
            progress("incidents pane: run \(run + 1) of \(runs)")
            let store = try AppDatabase(path: path, create: false)
            defer { store.close() }
            let app = ConsoleApp(env: ConsoleEnvironment(store: store, actor: actor, timeZone: TimeZone(identifier: "UTC") ?? .current))
            var previous = ScreenBuffer(size: size)
            app.render(into: &previous, capabilities: .full)
            first.append(frame(app, { app.switchTo("incidents") }, previous: &previous))
            guard app.activePaneID == "incidents" else { throw OpsError.failure("The bench account cannot open the Incidents pane.") }
            open.append(frame(app, { _ = app.handle(.key(.enter)) }, previous: &previous))
            var draw = BenchSamples(), scroll = BenchSamples(), page = BenchSamples()
            for _ in 0..<frames { draw.append(frame(app, {}, previous: &previous)) }
            for _ in 0..<500 { scroll.append(frame(app, { _ = app.handle(.key(.up)) }, previous: &previous)) }
            for _ in 0..<100 { page.append(frame(app, { _ = app.handle(.key(.pageUp)) }, previous: &previous)) }
            drawRuns.append(draw)
            scrollRuns.append(scroll)
            pageRuns.append(page)
        }
        return [
            BenchFigure(id: "incidents_pane.first_frame", label: "Incidents pane first frame on a fresh store connection", unit: "ms", perRun: first,
                        target: BenchTarget(stat: .median, comparison: .below, value: 50),
                        note: "switch to the pane (count + first window, active first) and render"),
            BenchFigure(id: "incidents_pane.open", label: "Enter on INC-1: header, entry count, latest window", unit: "ms", perRun: open),
            BenchFigure(id: "incidents_pane.timeline_frame", label: "timeline frame (render + diff, no input)", unit: "ms", runs: drawRuns,
                        target: BenchTarget(stat: .p99, comparison: .below, value: 3)),
            BenchFigure(id: "incidents_pane.scroll_line", label: "↑ on the timeline: key + window load + render + diff", unit: "ms", runs: scrollRuns,
                        target: BenchTarget(stat: .p99, comparison: .below, value: 10), note: "500 presses up from the latest entry"),
            BenchFigure(id: "incidents_pane.scroll_page", label: "PgUp on the timeline: key + window load + render + diff", unit: "ms", runs: pageRuns,
                        target: BenchTarget(stat: .p99, comparison: .below, value: 10), note: "100 pages up"),
        ]
    }
}
