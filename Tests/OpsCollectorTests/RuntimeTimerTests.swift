import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// Real dispatch timers on the real clock, kept short: each test runs about a second.
@Suite("Collector timers: per-source schedules, missed turns, stop", .serialized)
struct RuntimeTimerTests {
    @Test("each source runs on its own timer at its interval; stop() ends every timer")
    func schedules() throws {
        let db = try AppDatabase(inMemory: SystemClock())
        let fast = RuntimeScriptSource("fast", interval: 0.1)
        let slow = RuntimeScriptSource("slow", interval: 0.4)
        let collector = Collector(sources: [fast, slow], store: db)
        collector.start()
        Thread.sleep(forTimeInterval: 1.05)
        collector.stop()
        let (fastCalls, slowCalls) = (fast.callCount, slow.callCount)
        // 0 s, 0.1 s … 1.0 s: 11 turns and 0, 0.4, 0.8: 3, give or take a loaded machine.
        #expect((7...12).contains(fastCalls), "fast ran \(fastCalls) times")
        #expect((2...4).contains(slowCalls), "slow ran \(slowCalls) times")
        #expect(collector.isStopped)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(fast.callCount == fastCalls && slow.callCount == slowCalls)
        #expect(try db.latest(name: "script_value", labels: ["source": "fast"])?.value == Double(fastCalls))
    }

    @Test("a slow source no longer holds the others: the fast one keeps its turns and misses none")
    func slowSourceOwnLane() throws {
        let db = try AppDatabase(inMemory: SystemClock())
        let slow = RuntimeGateSource(interval: 0.3)
        slow.delay = 0.25
        let fast = RuntimeScriptSource("fast", interval: 0.1)
        let log = EventLog()
        let collector = Collector(sources: [slow, fast], store: db, events: log.record)
        collector.start()
        Thread.sleep(forTimeInterval: 1.0)
        collector.stop()
        // 0, 0.1 … 0.9 s: ten turns (seven on a loaded machine); one queue gave about four.
        #expect(fast.callCount >= 7, "fast ran \(fast.callCount) times")
        #expect(collector.statistics.missedTurns["fast"] == nil, "\(collector.statistics.missedTurns)")
        #expect(!log.events.contains { if case .missedTurns(source: "fast", _) = $0 { true } else { false } })
    }

    @Test("a source that overruns its own interval misses its turns, and they are counted")
    func overrunCounted() throws {
        let db = try AppDatabase(inMemory: SystemClock())
        let slow = RuntimeGateSource(interval: 0.1)
        slow.delay = 0.35
        let log = EventLog()
        let collector = Collector(sources: [slow], store: db, events: log.record)
        collector.start()
        Thread.sleep(forTimeInterval: 1.0)
        collector.stop()
        let missed = collector.statistics.missedTurns["gate"] ?? 0
        #expect(missed >= 2, "missed \(missed)")
        #expect(log.events.contains { if case .missedTurns(source: "gate", _) = $0 { true } else { false } })
    }

    @Test("start after stop does nothing; stop twice is harmless")
    func stopIsFinal() throws {
        let db = try AppDatabase(inMemory: SystemClock())
        let source = RuntimeScriptSource("once", interval: 0.1)
        let collector = Collector(sources: [source], store: db)
        collector.stop()
        collector.start()
        collector.stop()
        Thread.sleep(forTimeInterval: 0.25)
        #expect(source.callCount == 0)
        #expect(collector.tickOnce().sources.isEmpty)
    }
}
