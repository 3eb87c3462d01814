import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// Sources collect on their own queues: a source sitting in its timeout never delays
/// another one. Stepped through a `ManualScheduler`; the real probes' own timeouts are
/// covered by TCPProbeTests and HTTPProbeTests.
@Suite("Collector: a hung source never delays another")
struct RuntimeParallelTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("while a probe sits in its 6 s timeout, another source keeps its 0.5 s turns and is stored")
    func hungProbeDoesNotDelayOthers() throws {
        let scheduler = ManualScheduler(t0)
        let db = try AppDatabase(inMemory: scheduler)
        let hung = TimedSource("hung", interval: 10, takes: 6, on: scheduler, timesOut: true)
        let host = RuntimeScriptSource("host", interval: 0.5)
        // The hung probe first: under a one-queue schedule it would hold every later source.
        let collector = Collector(sources: [hung, host], store: db, scheduler: scheduler)
        collector.start()

        scheduler.advance(by: 1.0)
        var statuses = collector.statuses
        #expect(host.callCount == 3)  // 0, 0.5, 1.0 s
        #expect(statuses[1].health == .up && statuses[1].lastAttempt == t0 + 1)
        #expect(statuses[0].health == .unknown && statuses[0].lastAttempt == nil, "still in its first collection: \(statuses[0])")
        #expect(collector.statistics.ticks == 3)
        // What the host gathered is in the store already, one transaction per collection.
        #expect(try db.latest(name: "pmops_source_up", labels: ["source": "host"])?.value == 1)
        #expect(try db.latest(name: "pmops_source_up", labels: ["source": "hung"]) == nil)

        scheduler.advance(by: 5.0)
        statuses = collector.statuses
        #expect(host.callCount == 13)
        #expect(statuses[0].health == .down && statuses[0].lastAttempt == t0)
        #expect(statuses[0].lastDuration == 6)
        #expect(try db.latest(name: "pmops_source_up", labels: ["source": "hung"])?.value == 0)
        collector.stop()
    }

    @Test("tickOnce collects due sources at once: three hung probes wait together, not one after another")
    func tickRunsSourcesTogether() throws {
        // Each source waits inside its collection until all three are inside theirs: run
        // one after another, the first would wait alone and give up.
        let meeting = Rendezvous(parties: 3)
        let sources = (1...3).map { RendezvousSource(name: "hung\($0)", meeting: meeting) }
        let db = try AppDatabase(inMemory: SystemClock())
        let collector = Collector(sources: sources + [HostSource(name: "host", interval: 10)], store: db)
        let report = collector.tickOnce()
        #expect(report.sources.map(\.name) == ["hung1", "hung2", "hung3", "host"])
        #expect(report.sources.prefix(3).allSatisfy { $0.outcome == .collected }, "\(report.sources)")
        #expect(meeting.arrived == 3)
        #expect(report.ingest != nil && report.writeError == nil)
    }
}

/// Lets `parties` threads continue only once all of them arrived; gives up after 10 s.
final class Rendezvous: @unchecked Sendable {
    private let condition = NSCondition()
    private let parties: Int
    private var count = 0

    init(parties: Int) {
        self.parties = parties
    }

    var arrived: Int { condition.withLock { count } }

    /// True when everyone arrived before the deadline.
    func arriveAndWait() -> Bool {
        let deadline = Date() + 10
        return condition.withLock {
            count += 1
            condition.broadcast()
            while count < parties {
                if !condition.wait(until: deadline) { return false }
            }
            return true
        }
    }
}

/// A source that fails unless every source of its rendezvous is collecting at once.
final class RendezvousSource: MetricSource, @unchecked Sendable {
    let name: String
    let interval: TimeInterval = 10
    let timeout: TimeInterval = 10
    private let meeting: Rendezvous

    init(name: String, meeting: Rendezvous) {
        self.name = name
        self.meeting = meeting
    }

    func collect(now: Date) throws -> [MetricSample] {
        guard meeting.arriveAndWait() else { throw CollectorError.timedOut(what: name, seconds: 10) }
        return [MetricSample(name: "met", labels: ["source": name], value: 1, timestamp: now)]
    }
}
