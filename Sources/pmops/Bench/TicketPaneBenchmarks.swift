import Foundation
import OpsConsole
import OpsCore
import OpsStore
import TermUI

/// The in-process timings of the Tickets pane on the benchmark store: the first frame on
/// a fresh connection, then every filter key and the `/` text search, each measured from
/// the key to a frame ready to flush (reload + render + diff).
@MainActor struct TicketPaneBenchmarks {
    var path: String
    var actor: ActorContext
    var size = Size(width: 200, height: 60)
    var progress: (String) -> Void
    /// Prepended to every figure's id and label ("" for the store as it is).
    var variant: (id: String, label: String) = ("", "")

    /// The keys that change the query, with what they do (each repeated to step its cycle).
    static let filterKeys: [(key: Key, name: String, repeats: Int)] = [
        (.char("m"), "mine", 2), (.char("T"), "team", 5), (.char("S"), "status", 10), (.char("Q"), "priority", 5),
        (.char("Y"), "category", 10), (.char("B"), "breached", 2), (.char("X"), "clear", 1),
    ]

    func frame(_ app: ConsoleApp, _ body: () -> Void, previous: inout ScreenBuffer) -> Double {
        BenchFrame.time(app, size: size, body, previous: &previous)
    }

    func all(runs: Int) throws(OpsError) -> [BenchFigure] {
        var first = BenchSamples(), filterRuns: [BenchSamples] = [], textRuns: [BenchSamples] = []
        var perKey: [String: BenchSamples] = [:]
        for run in 0..<runs {
            progress("tickets pane\(variant.label): run \(run + 1) of \(runs)")
            // A fresh connection: no SQLite page cache yet.
            let store = try AppDatabase(path: path, create: false)
            defer { store.close() }
            let app = ConsoleApp(env: ConsoleEnvironment(store: store, actor: actor, timeZone: TimeZone(identifier: "UTC") ?? .current))
            var previous = ScreenBuffer(size: size)
            app.render(into: &previous, capabilities: .full)
            first.append(frame(app, { app.switchTo("tickets") }, previous: &previous))
            guard app.activePaneID == "tickets" else { throw OpsError.failure("The bench account cannot open the Tickets pane.") }
            var filters = BenchSamples(), text = BenchSamples()
            for (key, name, repeats) in Self.filterKeys {
                for _ in 0..<repeats {
                    let t = frame(app, { _ = app.handle(.key(key)) }, previous: &previous)
                    filters.append(t)
                    perKey[name, default: BenchSamples()].append(t)
                }
            }
            _ = app.handle(.key(.char("/")))
            for c in "customer 7" { text.append(frame(app, { _ = app.handle(.key(.char(c))) }, previous: &previous)) }
            for _ in 0..<3 { text.append(frame(app, { _ = app.handle(.key(.backspace)) }, previous: &previous)) }
            text.append(frame(app, { _ = app.handle(.key(.escape)) }, previous: &previous))
            filterRuns.append(filters)
            textRuns.append(text)
        }
        let figures = [
            BenchFigure(id: "tickets.first_frame", label: "Tickets pane first frame on a fresh store connection", unit: "ms", perRun: first,
                        target: BenchTarget(stat: .median, comparison: .below, value: 50),
                        note: "switch to the pane (count + first window in SLA-risk order) and render at \(size.width)x\(size.height)"),
            BenchFigure(id: "tickets.filter", label: "filter key: key + reload + render + diff", unit: "ms", runs: filterRuns,
                        target: BenchTarget(stat: .p99, comparison: .below, value: 30),
                        note: "mine, team, status, priority, category, breached, clear, each through its cycle"),
            BenchFigure(id: "tickets.search", label: "/ text search, per typed key", unit: "ms", runs: textRuns,
                        target: BenchTarget(stat: .p99, comparison: .below, value: 30), note: "\"customer 7\" typed, three backspaces, Esc"),
        ]
        let keys = Self.filterKeys.compactMap { _, name, _ in
            perKey[name].map { BenchFigure(id: "tickets.key." + name, label: "filter: " + name, unit: "ms", perRun: $0) }
        }
        return (figures + keys).map { figure in
            var figure = figure
            figure.id = figure.id.replacingOccurrences(of: "tickets.", with: "tickets." + variant.id)
            figure.label += variant.label
            return figure
        }
    }
}
