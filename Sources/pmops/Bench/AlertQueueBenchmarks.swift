import ArgumentParser
import Foundation
import OpsConsole
import OpsCore
import OpsStore
import OpsFixtures
import TermUI

extension BenchCommand {
    /// `pmops bench alert-queue`: the Alert queue pane on a store of a million alerts.
    struct AlertQueue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alert-queue",
            abstract: "Alert queue pane figures on 1,000,000 alerts: first frame, filter/sort, scroll, RSS.",
            discussion: """
            Builds (once, then cached in $TMPDIR/pmops-bench/) a store with --total alerts of
            which --active are active, via AppDatabase.seedAlertBenchmark. Then, in process and
            off-screen as 'pmops debug render' draws: the pane's first frame on a freshly opened
            store (switch to the pane + render), each filter and sort key (key + reload + render
            + diff), and scrolling (j / PgDn: key + window load + render + diff). RSS is read
            from a child process that opens the store and does the same work (VmHWM).
            """)

        @OptionGroup var report: BenchReportOptions
        @Option(help: ArgumentHelp("Fixture store to use or build.", valueName: "path")) var fixture: String?
        @Option(help: "Alerts in the fixture.") var total = 1_000_000
        @Option(help: "Active (open, acknowledged, snoozed) alerts among them.") var active = 100_000
        @Option(help: "Runs of each measurement.") var runs = 5
        @Option(help: "Scroll keys timed per run.") var keys = 500
        @Option(help: "Frame size as WIDTHxHEIGHT.") var size = "160x48"
        @Flag(help: "Rebuild the fixture even when a cached one matches.") var rebuild = false
        @Flag(help: .hidden) var probe = false

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(total, field: "total", in: BenchLimits.rows)
                try InputLimits.count(active, field: "active", in: 0...total)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
                try InputLimits.count(keys, field: "keys", in: 100...BenchLimits.iterations.upperBound)
                _ = try ConsoleBenchmarks.size(size)
            }
        }

        var login: String { OSIdentity.currentLogin() }

        var fixturePath: String {
            fixture ?? FileManager.default.temporaryDirectory.appendingPathComponent("pmops-bench").path
                + "/alerts-v1-\(total)t-\(active)a-\(login)-s\(BenchStoreFixture.schemaTag).sqlite"
        }

        func run() throws {
            let frameSize = try ConsoleBenchmarks.size(size)
            let path = fixturePath
            if probe {
                let db = try AppDatabase(path: path, create: false)
                let actor = ActorContext(osLogin: login)
                let text = MainActor.assumeIsolated { AlertQueueBenchmarks(store: db, actor: actor, size: frameSize, progress: { _ in }).probe() }
                print(text)
                return
            }
            let machine = BenchMachine.current()
            let (db, built) = try openFixture(path)
            let actor = ActorContext(osLogin: login)
            let progress = report.progress
            var figures: [BenchFigure] = []
            if let built {
                figures.append(BenchFigure(id: "alerts.fixture.build", label: "fixture build (\(total) alerts, one transaction)", unit: "s",
                                           perRun: BenchSamples([built])))
            }
            let keys = self.keys, runs = self.runs
            figures += try MainActor.assumeIsolated { () throws(OpsError) -> [BenchFigure] in
                let bench = AlertQueueBenchmarks(store: db, actor: actor, size: frameSize, progress: progress)
                return try bench.all(path: path, runs: runs, keys: keys)
            }
            figures += try rss(path: path)
            try BenchReport(suite: "alert-queue", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: ["store": "\(path) (\(total) alerts, \(active) active)",
                                      "frame": "\(frameSize.width)x\(frameSize.height), capabilities .full"],
                            figures: figures).print(json: report.json, saveTo: report.save)
        }

        /// The cached fixture, or a new one (returns its build seconds).
        func openFixture(_ path: String) throws -> (AppDatabase, Double?) {
            let marker = path + ".ready"
            let expected = "alert-queue fixture v1 total=\(total) active=\(active) migrations=\(BenchStoreFixture.schema)\n"
            let fm = FileManager.default
            if !rebuild, (try? String(contentsOfFile: marker, encoding: .utf8)) == expected, fm.fileExists(atPath: path) {
                return (try AppDatabase(path: path, create: false), nil)
            }
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if fm.fileExists(atPath: path) {
                guard fm.fileExists(atPath: marker) else {
                    throw ValidationError("\(path) exists but is not an alert-queue fixture; choose another --fixture.")
                }
                for file in [path, path + "-wal", path + "-shm", marker] where fm.fileExists(atPath: file) { try fm.removeItem(atPath: file) }
            }
            report.progress("building \(path): \(total) alerts")
            let start = BenchClock.nanos()
            let db = try AppDatabase(path: path, create: true)
            _ = try db.initialize(login: login, displayName: "Benchmark Operator", email: "\(login)@bench.example.com")
            let result = try db.seedAlertBenchmark(total: total, active: active, mine: login)
            let seconds = Double(BenchClock.nanos() - start) / 1e9
            report.progress("built in \(String(format: "%.1f", seconds)) s (\(result.silenced) silenced, \(result.criticalOpen) open criticals)")
            try expected.write(toFile: marker, atomically: true, encoding: .utf8)
            return (db, seconds)
        }

        /// Peak RSS of a child that opens the store and does the pane's work.
        func rss(path: String) throws -> [BenchFigure] {
            var peaks = BenchSamples(), anon = BenchSamples()
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-alert-rss-\(getpid()).txt").path
            defer { try? FileManager.default.removeItem(atPath: out) }
            for run in 0..<runs {
                report.progress("RSS probe \(run + 1) of \(runs)")
                let outcome = try BenchProcess.run(BenchProcess.currentExecutable(),
                                                   ["bench", "alert-queue", "--probe", "--fixture", path, "--size", size], stdoutPath: out)
                let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
                let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
                guard outcome.status == 0, fields.count == 3 else {
                    throw OpsError.failure("The RSS probe failed (status \(outcome.status)): \(text)")
                }
                peaks.append(fields[2] / 1024)
                anon.append(fields[0] / 1024)
            }
            return [
                BenchFigure(id: "alerts.rss", label: "peak RSS of a process showing the pane (VmHWM)", unit: "MB", perRun: peaks,
                            target: BenchTarget(stat: .median, comparison: .below, value: 50),
                            note: "child opens the store, first frame, 500 scroll keys, every filter/sort key; includes the store file's mapped pages"),
                BenchFigure(id: "alerts.rss.anon", label: "private memory at the end (RssAnon)", unit: "MB", perRun: anon,
                            note: "heap and SQLite caches, without file-backed pages"),
            ]
        }
    }
}

/// The in-process timings of the Alert queue pane.
@MainActor struct AlertQueueBenchmarks {
    var store: AppDatabase
    var actor: ActorContext
    var size: Size
    var progress: (String) -> Void

    /// The keys that change the query, with what they do.
    static let queryKeys: [(Key, String)] = [
        (.char("o"), "sort: next column"), (.char("O"), "sort: reverse"), (.char("v"), "filter: severity"),
        (.char("S"), "filter: state"), (.char("m"), "filter: mine"), (.char("i"), "filter: silenced"), (.char("x"), "filter: clear"),
    ]

    func console(_ db: AppDatabase) -> ConsoleApp {
        let env = ConsoleEnvironment(store: db, actor: actor, timeZone: TimeZone(identifier: "UTC") ?? .current)
        return ConsoleApp(env: env)
    }

    /// Key handling + render + diff: what happens between a keypress and the flush.
    func frame(_ app: ConsoleApp, _ key: Key, previous: inout ScreenBuffer) -> (micros: Double, changed: Bool) {
        let start = BenchClock.nanos()
        _ = app.handle(.key(key))
        var frame = ScreenBuffer(size: size)
        app.render(into: &frame, capabilities: .full)
        let changes = frame.diff(from: previous)
        let end = BenchClock.nanos()
        previous = frame
        return (Double(end - start) / 1_000, !changes.isEmpty)
    }

    func all(path: String, runs: Int, keys: Int) throws(OpsError) -> [BenchFigure] {
        _ = try store.whoAmI(actor)
        var first = BenchSamples(), sortSamples: [BenchSamples] = [], filterSamples: [BenchSamples] = []
        var lineSamples: [BenchSamples] = [], pageSamples: [BenchSamples] = []
        var perKey: [String: BenchSamples] = [:]
        for run in 0..<runs {
            progress("alert queue: run \(run + 1) of \(runs)")
            // First frame on a freshly opened store: no SQLite page cache yet.
            let fresh = try AppDatabase(path: path, create: false)
            let app = console(fresh)
            var previous = ScreenBuffer(size: size)
            app.render(into: &previous, capabilities: .full)
            first.append(frame(app, .char("2"), previous: &previous).micros / 1_000)
            // Sort: every column, then reverse; filters: each key a few times (cycles).
            var sorts = BenchSamples(), filters = BenchSamples()
            for _ in 0..<3 {
                for (key, name) in Self.queryKeys {
                    let repeats = key == .char("o") ? AlertQuery.Sort.allCases.count : key == .char("x") ? 1 : 4
                    for _ in 0..<repeats {
                        let t = frame(app, key, previous: &previous).micros / 1_000
                        perKey[name, default: BenchSamples()].append(t)
                        if name.hasPrefix("sort") { sorts.append(t) } else { filters.append(t) }
                    }
                }
            }
            sortSamples.append(sorts)
            filterSamples.append(filters)
            // Scroll in the default queue: j down through `keys` rows, then PgDn pages.
            _ = app.handle(.key(.char("x")))
            app.render(into: &previous, capabilities: .full)
            var lines = BenchSamples(), pages = BenchSamples()
            for _ in 0..<keys { lines.append(frame(app, .char("j"), previous: &previous).micros) }
            for _ in 0..<max(100, keys / 5) { pages.append(frame(app, .pageDown, previous: &previous).micros) }
            lineSamples.append(lines)
            pageSamples.append(pages)
        }
        var figures = [
            BenchFigure(id: "alerts.first_frame", label: "pane first frame on a fresh store connection", unit: "ms", perRun: first,
                        target: BenchTarget(stat: .median, comparison: .below, value: 100),
                        note: "switch to the pane (count + window + badge + latest id) and render"),
            BenchFigure(id: "alerts.sort", label: "sort change: key + reload + render + diff", unit: "ms", runs: sortSamples,
                        target: BenchTarget(stat: .median, comparison: .below, value: 30), note: "every sort column and direction"),
            BenchFigure(id: "alerts.filter", label: "filter change: key + reload + render + diff", unit: "ms", runs: filterSamples,
                        target: BenchTarget(stat: .median, comparison: .below, value: 30), note: "severity, state, mine, silenced, clear"),
            BenchFigure(id: "alerts.scroll.line", label: "scroll one row (j): key to flushable frame", unit: "µs", runs: lineSamples,
                        target: BenchTarget(stat: .p99, comparison: .below, value: 10_000), note: "window loads every screenful"),
            BenchFigure(id: "alerts.scroll.page", label: "scroll one page (PgDn): key to flushable frame", unit: "µs", runs: pageSamples,
                        target: BenchTarget(stat: .p99, comparison: .below, value: 10_000), note: "a window load on every key"),
        ]
        for (_, name) in Self.queryKeys {
            guard let samples = perKey[name] else { continue }
            figures.append(BenchFigure(id: "alerts.key." + name.replacingOccurrences(of: ": ", with: ".").replacingOccurrences(of: " ", with: "_"),
                                       label: name, unit: "ms", perRun: samples))
        }
        return figures
    }

    /// The RSS child: the same work as one run, then "VmRSS VmHWM" in KiB.
    func probe() -> String {
        let app = console(store)
        var previous = ScreenBuffer(size: size)
        _ = frame(app, .char("2"), previous: &previous)
        for (key, _) in Self.queryKeys { for _ in 0..<4 { _ = frame(app, key, previous: &previous) } }
        _ = app.handle(.key(.char("x")))
        for _ in 0..<500 { _ = frame(app, .char("j"), previous: &previous) }
        for _ in 0..<100 { _ = frame(app, .pageDown, previous: &previous) }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> String {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }?.split(separator: " ").dropFirst().first.map(String.init) ?? "0"
        }
        return "\(field("RssAnon")) \(field("VmRSS")) \(field("VmHWM"))"
    }
}
