import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// `sealEvery`: ticks are buffered in memory and sealed as one block at most that often,
/// before maintenance and on stop; the writing store reads its own buffer meanwhile.
@Suite("Collector runtime: sealed batches")
struct RuntimeSealingTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("ticks between seals stay in memory, visible to the writing store; stop() seals the rest")
    func sealsEveryWindow() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let source = DemoWorkloadSource(workload: DemoWorkload(start: t0), interval: 1)
        let collector = Collector(sources: [source], store: db, clock: clock,
                                  options: Collector.Options(maintenanceEvery: 600, sealEvery: 10))
        collector.tickOnce()
        #expect(db.bufferedSampleCount == 0, "the first tick seals at once")
        for _ in 1...9 {
            clock.advance(by: 1)
            collector.tickOnce()
        }
        #expect(db.bufferedSampleCount > 0)
        #expect(try db.latest(name: "pm_queue_depth", labels: ["queue": "transactional"])?.time == t0 + 9)
        #expect(try db.sourceStatuses().first?.lastAttempt == t0 + 9)
        clock.advance(by: 1)
        collector.tickOnce()
        #expect(db.bufferedSampleCount == 0, "ten seconds after the last seal")
        clock.advance(by: 1)
        collector.tickOnce()
        #expect(db.bufferedSampleCount > 0)
        collector.stop()
        #expect(db.bufferedSampleCount == 0)
        #expect(try db.latest(name: "pm_queue_depth", labels: ["queue": "transactional"])?.time == t0 + 11)
    }

    @Test("sealEvery is capped by the retention policy's settle time")
    func capped() {
        #expect(Collector.Options(sealEvery: 3600).sealEvery == RetentionPolicy.standard.settle)
        #expect(Collector.Options(sealEvery: -1).sealEvery == 0)
    }
}
