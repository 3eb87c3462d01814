import Foundation
import OpsConsole
import OpsCore
import OpsFixtures
import OpsStore
import TermUI

/// The Schedules pane's 14-day timeline, timed from a key to a frame ready to flush
/// (render + diff; a scroll key also rebuilds the timeline), on the demo schedules in an
/// in-memory store with a pinned clock, at 200x60 and 80x24.
@MainActor struct ScheduleTimelineBenchmark {
    var frames: Int
    var progress: (String) -> Void

    func frame(_ app: ConsoleApp, size: Size, _ body: () -> Void, previous: inout ScreenBuffer) -> Double {
        BenchFrame.time(app, size: size, body, previous: &previous)
    }

    /// One run: draws of the schedule list (the baseline: chrome, a table, the same buffer
    /// and diff), draws of a still timeline, and scrolls (a day forward and back, a week).
    func run(size: Size) throws(OpsError) -> (list: BenchSamples, draws: BenchSamples, scrolls: BenchSamples) {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000))
        let store = try AppDatabase(inMemory: clock)
        let login = "bench-operator"
        _ = try store.seedDemo(seed: 42, login: login)
        let app = ConsoleApp(env: ConsoleEnvironment(store: store, actor: ActorContext(osLogin: login), clock: clock,
                                                     timeZone: TimeZone(identifier: "UTC") ?? .current))
        var previous = ScreenBuffer(size: size)
        app.render(into: &previous, capabilities: .full)
        app.switchTo("schedules")
        guard app.activePaneID == "schedules" else { throw OpsError.failure("The bench account cannot open the Schedules pane.") }
        var list = BenchSamples()
        for _ in 0..<frames {
            previous = ScreenBuffer(size: size)
            list.append(frame(app, size: size, {}, previous: &previous))
        }
        // The list is by name: deliverability, security, sre-primary (two layers).
        for key in [Key.down, .down, .enter] { _ = frame(app, size: size, { _ = app.handle(.key(key)) }, previous: &previous) }
        var draws = BenchSamples(), scrolls = BenchSamples()
        for i in 0..<frames {
            // A still frame diffed against a blank screen: every cell is drawn and compared.
            previous = ScreenBuffer(size: size)
            draws.append(frame(app, size: size, {}, previous: &previous))
            let key: Key = [.down, .up, .char("]"), .char("[")][i % 4]
            scrolls.append(frame(app, size: size, { _ = app.handle(.key(key)) }, previous: &previous))
        }
        return (list, draws, scrolls)
    }

    func figures(runs: Int) throws(OpsError) -> [BenchFigure] {
        var figures: [BenchFigure] = []
        for size in [Size(width: 200, height: 60), Size(width: 80, height: 24)] {
            var lists: [BenchSamples] = [], draws: [BenchSamples] = [], scrolls: [BenchSamples] = []
            for r in 0..<runs {
                let (l, d, s) = try run(size: size)
                lists.append(l)
                draws.append(d)
                scrolls.append(s)
                progress("timeline \(size.width)x\(size.height) run \(r + 1): draw p99 \(BenchFigure.format(d.percentile(99))) ms, scroll p99 \(BenchFigure.format(s.percentile(99))) ms")
            }
            let tag = "\(size.width)x\(size.height)"
            figures.append(BenchFigure(id: "oncall.list.draw.\(tag)", label: "baseline: schedule list frame at \(tag) (render + diff)", unit: "ms",
                                       runs: lists))
            figures.append(BenchFigure(id: "oncall.timeline.draw.\(tag)", label: "14-day timeline frame at \(tag) (render + diff)", unit: "ms",
                                       runs: draws, target: BenchTarget(stat: .p99, comparison: .below, value: 3)))
            figures.append(BenchFigure(id: "oncall.timeline.scroll.\(tag)", label: "timeline scroll key at \(tag) (rebuild + render + diff)", unit: "ms",
                                       runs: scrolls, target: BenchTarget(stat: .p99, comparison: .below, value: 3)))
        }
        return figures
    }
}
