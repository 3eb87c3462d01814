import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// The collector's timers stepped through a `ManualScheduler`: every turn happens at its
/// exact time and the counts are exact. One smoke test keeps real Dispatch timers honest.
@Suite("Collector timers: per-source schedules, missed turns, stop")
struct RuntimeTimerTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("each source runs on its own timer at its interval; stop() ends every timer")
    func schedules() throws {
        let scheduler = ManualScheduler(t0)
        let db = try AppDatabase(inMemory: scheduler)
        let fast = RuntimeScriptSource("fast", interval: 0.1)
        let slow = RuntimeScriptSource("slow", interval: 0.4)
        let collector = Collector(sources: [fast, slow], store: db, scheduler: scheduler)
        collector.start()
        scheduler.advance(by: 1.05)
        // 0 s, 0.1 s … 1.0 s: 11 turns; 0, 0.4, 0.8: 3.
        #expect(fast.callCount == 11)
        #expect(slow.callCount == 3)
        #expect(collector.statistics.ticks == 14)
        #expect(try db.latest(name: "script_value", labels: ["source": "fast"])?.value == 11)
        collector.stop()
        #expect(collector.isStopped)
        #expect(scheduler.pendingCount == 0)
        scheduler.advance(by: 1)
        #expect(fast.callCount == 11 && slow.callCount == 3)
    }

    @Test("a slow source does not hold the others: the fast one keeps every turn and misses none")
    func slowSourceOwnLane() throws {
        let scheduler = ManualScheduler(t0)
        let db = try AppDatabase(inMemory: scheduler)
        let slow = TimedSource("slow", interval: 0.3, takes: 0.25, on: scheduler)
        let fast = RuntimeScriptSource("fast", interval: 0.1)
        let log = EventLog()
        let collector = Collector(sources: [slow, fast], store: db, scheduler: scheduler, events: log.record)
        collector.start()
        scheduler.advance(by: 0.95)
        // 0, 0.1 … 0.9 s: ten turns while the slow one collects for 0.25 s of every 0.3 s.
        #expect(fast.callCount == 10)
        #expect(slow.callCount == 4)
        #expect(abs((collector.statuses[1].lastAttempt ?? t0).timeIntervalSince(t0 + 0.9)) < 1e-6)
        #expect(collector.statistics.missedTurns.isEmpty, "\(collector.statistics.missedTurns)")
        #expect(!log.events.contains { if case .missedTurns = $0 { true } else { false } })
        collector.stop(grace: 0)
        scheduler.releaseSleepers()
    }

    @Test("a source that overruns its own interval misses its turns, and they are counted")
    func overrunCounted() throws {
        let scheduler = ManualScheduler(t0)
        let db = try AppDatabase(inMemory: scheduler)
        let slow = TimedSource("slow", interval: 0.1, takes: 0.35, on: scheduler)
        let log = EventLog()
        let collector = Collector(sources: [slow], store: db, scheduler: scheduler, events: log.record)
        collector.start()
        scheduler.advance(by: 1.1)
        // Runs start at 0, 0.36 and 0.72 (each 10 ms after the last ended); the second and
        // third were due 0.26 s earlier: two whole intervals missed each. The fourth (1.08)
        // is still collecting.
        #expect(slow.callCount == 4)
        #expect(collector.statistics.missedTurns["slow"] == 4)
        #expect(log.events.filter { $0 == .missedTurns(source: "slow", count: 2) }.count == 2)
        collector.stop(grace: 0)
        scheduler.releaseSleepers()
        #expect(collector.statistics.missedTurns["slow"] == 4, "a run finishing after stop() is not recorded")
    }

    @Test("a failing source is retried on its backoff, not its interval")
    func backoffTurns() throws {
        let scheduler = ManualScheduler(t0)
        let db = try AppDatabase(inMemory: scheduler)
        let failing = RuntimeScriptSource("flaky", interval: 1, Array(repeating: .failure(.invalidConfiguration("down")), count: 4))
        let collector = Collector(sources: [failing], store: db, scheduler: scheduler)
        collector.start()
        // Backoff from the 1 s interval: retries after 1, 2 and 4 s (at 1, 3 and 7 s).
        scheduler.advance(by: 6.5)
        #expect(failing.callCount == 3)
        scheduler.advance(by: 1)
        #expect(failing.callCount == 4)
        #expect(collector.statuses[0].consecutiveFailures == 4)
        #expect(collector.statuses[0].nextAttempt == t0 + 7 + 8)
        collector.stop()
    }

    @Test("start after stop does nothing; stop twice is harmless")
    func stopIsFinal() throws {
        let scheduler = ManualScheduler(t0)
        let db = try AppDatabase(inMemory: scheduler)
        let source = RuntimeScriptSource("once", interval: 0.1)
        let collector = Collector(sources: [source], store: db, scheduler: scheduler)
        collector.stop()
        collector.start()
        collector.stop()
        #expect(scheduler.pendingCount == 0)
        scheduler.advance(by: 1)
        #expect(source.callCount == 0)
        #expect(collector.tickOnce().sources.isEmpty)
    }

    /// The one test on real Dispatch timers and the real clock: the scheduler behind the
    /// others is a stand-in, so this checks the real one fires, re-arms and stops.
    @Test("smoke: real timers run a source repeatedly and stop() ends them")
    func realTimers() throws {
        let db = try AppDatabase(inMemory: SystemClock())
        let source = RuntimeScriptSource("real", interval: 0.05)
        let collector = Collector(sources: [source], store: db)
        collector.start()
        let ran = pollCalls(source, atLeast: 3, timeout: 10)
        collector.stop()
        #expect(ran, "ran \(source.callCount) times")
        let afterStop = source.callCount
        #expect(collector.isStopped)
        #expect(try db.latest(name: "script_value", labels: ["source": "real"])?.value == Double(afterStop))
    }

    private func pollCalls(_ source: RuntimeScriptSource, atLeast count: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date() + timeout
        while source.callCount < count {
            if Date() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }
}
