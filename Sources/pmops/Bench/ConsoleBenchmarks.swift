import ArgumentParser
import Foundation
import OpsConsole
import OpsCore
import OpsStore
import TermUI

extension BenchCommand {
    /// `pmops bench console`: in-process frame cost of the console (issue 3). The terminal
    /// figures (first frame, keypress-to-flush, idle bytes, CPU, RSS) come from
    /// Scripts/bench-console.sh, which drives the real binary in tmux.
    struct Console: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console",
            abstract: "Console figures: render + diff of the users and health panes off-screen (issue 3).",
            discussion: """
            Builds the console as 'pmops debug render' does, switches to each pane and times
            render into a ScreenBuffer + diff(from:) against the previous frame, moving the
            selection one row between frames so every frame changes something.
            Use a store with 10,000 accounts (Scripts/bench-console.sh prepares one).
            """)

        @OptionGroup var report: BenchReportOptions
        @OptionGroup var store: StoreOptions
        @Option(help: "Frames timed per run and pane.") var iterations = 2_000
        @Option(help: "Runs per pane.") var runs = 5
        @Option(help: "Frame size as WIDTHxHEIGHT.") var size = "200x60"

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(iterations, field: "iterations", in: BenchLimits.iterations)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
                _ = try ConsoleBenchmarks.size(size)
            }
        }

        func run() throws {
            let frameSize = try ConsoleBenchmarks.size(size)
            let machine = BenchMachine.current()
            let db = try store.open()
            let actor = store.actor
            let accounts = try db.info().staff
            let progress = report.progress
            let figures = try MainActor.assumeIsolated { () throws(OpsError) -> [BenchFigure] in
                let bench = ConsoleBenchmarks(store: db, actor: actor, size: frameSize, progress: progress)
                return try bench.all(iterations: iterations, runs: runs)
            }
            try BenchReport(suite: "console", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: ["store": "\(db.path ?? "memory") (\(accounts) accounts)",
                                      "frame": "\(frameSize.width)x\(frameSize.height), capabilities .full"],
                            figures: figures).print(json: report.json, saveTo: report.save)
        }
    }
}

/// Off-screen frame timings of the real console on a store.
@MainActor struct ConsoleBenchmarks {
    var store: AppDatabase
    var actor: ActorContext
    var size: Size
    var progress: (String) -> Void

    nonisolated static func size(_ text: String) throws(OpsError) -> Size {
        let (width, height) = try InputLimits.size(text, field: "size", widths: 60...1_000, heights: 16...500)
        return Size(width: width, height: height)
    }

    func all(iterations: Int, runs: Int) throws(OpsError) -> [BenchFigure] {
        let dims = "\(size.width)x\(size.height)"
        let users = try frames(pane: 3, name: "users", iterations: iterations, runs: runs)
        let health = try frames(pane: 1, name: "health", iterations: iterations, runs: runs)
        return [
            BenchFigure(id: "console.users.frame", label: "users pane: render + diff at \(dims)", unit: "µs",
                        runs: users.frame, target: BenchTarget(stat: .p99, comparison: .below, value: 2_000),
                        note: "selection moves one row between frames; \(users.note)"),
            BenchFigure(id: "console.users.render", label: "users pane: render alone", unit: "µs", runs: users.render),
            BenchFigure(id: "console.users.diff", label: "users pane: diff alone", unit: "µs", runs: users.diff),
            BenchFigure(id: "console.health.frame", label: "health pane: render + diff at \(dims)", unit: "µs",
                        runs: health.frame, target: BenchTarget(stat: .p99, comparison: .below, value: 3_000),
                        note: "selection moves one item between frames; \(health.note)"),
            BenchFigure(id: "console.health.render", label: "health pane: render alone", unit: "µs", runs: health.render),
            BenchFigure(id: "console.health.diff", label: "health pane: diff alone", unit: "µs", runs: health.diff),
        ]
    }

    struct PaneTimings {
        var frame: [BenchSamples] = []
        var render: [BenchSamples] = []
        var diff: [BenchSamples] = []
        var note = ""
    }

    /// Times `iterations` frames of pane `pane` (1-based, as its key), `runs` times, on a
    /// fresh console each run. The selection move happens outside the timed section.
    func frames(pane: Int, name: String, iterations: Int, runs: Int) throws(OpsError) -> PaneTimings {
        // The console reports store failures on its status line; check access up front so a
        // wrong --db or login fails the benchmark instead of timing an error screen.
        _ = try store.whoAmI(actor)
        var timings = PaneTimings()
        var changedRuns = 0, frameCount = 0
        for run in 0..<runs {
            progress("\(name) pane: run \(run + 1) of \(runs)")
            let env = ConsoleEnvironment(store: store, actor: actor)
            let app = ConsoleApp(env: env)
            _ = app.handle(.key(.char(Character(String(pane)))))
            var previous = ScreenBuffer(size: size)
            app.render(into: &previous, capabilities: .full)
            // Warm-up: caches, first allocation of the frame arrays.
            for i in 0..<min(50, iterations) {
                _ = app.activePane.perform(i % 2 == 0 ? .moveDown : .moveUp)
                var frame = ScreenBuffer(size: size)
                app.render(into: &frame, capabilities: .full)
                _ = frame.diff(from: previous)
                previous = frame
            }
            var frameSamples = BenchSamples(), renderSamples = BenchSamples(), diffSamples = BenchSamples()
            for i in 0..<iterations {
                _ = app.activePane.perform(i % 2 == 0 ? .moveDown : .moveUp)
                let start = BenchClock.nanos()
                var frame = ScreenBuffer(size: size)
                app.render(into: &frame, capabilities: .full)
                let rendered = BenchClock.nanos()
                let changes = frame.diff(from: previous)
                let end = BenchClock.nanos()
                frameSamples.append(Double(end - start) / 1_000)
                renderSamples.append(Double(rendered - start) / 1_000)
                diffSamples.append(Double(end - rendered) / 1_000)
                if !changes.isEmpty { changedRuns += 1 }
                frameCount += 1
                previous = frame
            }
            timings.frame.append(frameSamples)
            timings.render.append(renderSamples)
            timings.diff.append(diffSamples)
        }
        timings.note = "\(changedRuns) of \(frameCount) frames differed from the previous one"
        return timings
    }
}
