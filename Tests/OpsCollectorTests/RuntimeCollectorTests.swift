import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// A source whose collections follow a script of values and failures, with problems to
/// report while succeeding.
final class RuntimeScriptSource: MetricSource, ProblemReporting, @unchecked Sendable {
    let name: String
    let interval: TimeInterval
    private let lock = NSLock()
    private var script: [Result<Double, CollectorError>]
    private var calls = 0
    var problems: [String] = []

    init(_ name: String = "script", interval: TimeInterval = 10, _ script: [Result<Double, CollectorError>] = []) {
        self.name = name
        self.interval = interval
        self.script = script
    }

    var callCount: Int { lock.withLock { calls } }
    var lastProblems: [String] { lock.withLock { problems } }

    func collect(now: Date) throws -> [MetricSample] {
        let next: Result<Double, CollectorError> = lock.withLock {
            calls += 1
            return script.isEmpty ? .success(Double(calls)) : script.removeFirst()
        }
        return [MetricSample(name: "script_value", labels: ["source": name], value: try next.get(), timestamp: now)]
    }
}

/// A source that blocks inside `collect` until the test opens its gate.
final class RuntimeGateSource: MetricSource, @unchecked Sendable {
    let name = "gate"
    let interval: TimeInterval
    let entered = DispatchSemaphore(value: 0)
    let gate = DispatchSemaphore(value: 0)
    var delay: TimeInterval = 0

    init(interval: TimeInterval = 1) {
        self.interval = interval
    }

    func collect(now: Date) throws -> [MetricSample] {
        entered.signal()
        if delay > 0 { Thread.sleep(forTimeInterval: delay) } else { _ = gate.wait(timeout: .now() + 5) }
        return [MetricSample(name: "gate_open", value: 1, timestamp: now)]
    }
}

/// Collects collector events for assertions.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [CollectorEvent] = []
    var events: [CollectorEvent] { lock.withLock { list } }
    func record(_ event: CollectorEvent) { lock.withLock { list.append(event) } }
}

@Suite("Collector runtime: ticks on a manual clock into an in-memory store")
struct RuntimeCollectorTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    func demo(_ clock: ManualClock, _ db: AppDatabase, events: EventLog = EventLog()) -> Collector {
        let source = DemoWorkloadSource(workload: DemoWorkload(start: t0), interval: 1)
        return Collector(sources: [source], store: db, clock: clock, events: events.record)
    }

    @Test("a demo tick writes its samples, source health and status; a source not due is not run")
    func demoTicks() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let collector = demo(clock, db)
        let first = collector.tickOnce()
        let demoCount = DemoWorkload(start: t0).samples(at: t0).count
        #expect(first.sources.map(\.name) == ["demo"])
        #expect(first.sources.first?.sampleCount == demoCount)
        #expect(first.ingest?.stored == demoCount + 2)  // + pmops_source_up and _duration_seconds
        #expect(first.writeError == nil)
        #expect(try db.metricNames().contains("pm_queue_depth"))
        #expect(try db.latest(name: "pmops_source_up", labels: ["source": "demo"])?.value == 1)
        let status = try #require(try db.sourceStatuses().first)
        #expect(status.source == "demo" && status.up == true && status.lastError == nil && status.lastSuccess == t0)

        clock.advance(by: 0.5)
        let early = collector.tickOnce()
        #expect(early.sources.isEmpty && early.ingest == nil)
        clock.advance(by: 0.5)
        let second = collector.tickOnce()
        #expect(second.sources.map(\.name) == ["demo"])
        let depth = try #require(try db.latest(name: "pm_queue_depth", labels: ["queue": "transactional"]))
        #expect(depth.time == t0 + 1)
        #expect(collector.statistics.ticks == 3)
        #expect(collector.statistics.samplesWritten == 2 * (demoCount + 2))
    }

    @Test("tickOnce(now:) runs the tick at that time, sources included")
    func pinnedTime() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let collector = demo(clock, db)
        let at = t0 + 3600
        #expect(collector.tickOnce(now: at).at == at)
        #expect(try db.latest(name: "pm_stripe_webhook_age_seconds")?.time == at)
        #expect(collector.statuses.first?.nextAttempt == at + 1)
    }

    @Test("a tick that finds another still running is skipped and counted")
    func skipWhenBusy() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let gate = RuntimeGateSource()
        let collector = Collector(sources: [gate], store: db, clock: clock)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            collector.tickOnce()
            done.signal()
        }
        #expect(gate.entered.wait(timeout: .now() + 5) == .success)
        let skipped = collector.tickOnce()
        #expect(skipped.skipped)
        #expect(skipped.sources.isEmpty)
        gate.gate.signal()
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(collector.statistics.skippedTicks == 1)
        #expect(collector.statistics.ticks == 1)
        #expect(try db.latest(name: "gate_open")?.value == 1)
    }

    @Test("a failing source is stored down with its error, backed off, and recovers clean")
    func failingSource() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let refused = CollectorError.unreadable(path: "http://127.0.0.1:9/metrics", reason: "connection refused")
        let source = RuntimeScriptSource("flaky", interval: 10, [.failure(refused), .failure(refused), .success(42)])
        let log = EventLog()
        let collector = Collector(sources: [source], store: db, clock: clock, events: log.record)

        let first = collector.tickOnce()
        #expect(first.sources.first?.outcome == .failed)
        #expect(first.sources.first?.error == refused.description)
        var status = try #require(try db.sourceStatuses().first)
        #expect(status.up == false && status.lastError == refused.description && status.consecutiveFailures == 1)
        #expect(try db.latest(name: "pmops_source_up", labels: ["source": "flaky"])?.value == 0)

        clock.set(t0 + 10)
        #expect(collector.tickOnce().sources.first?.consecutiveFailures == 2)
        // Backoff: after two failures the next try waits 20 s, not the 10 s interval.
        #expect(collector.statuses.first?.nextAttempt == t0 + 30)
        clock.set(t0 + 20)
        #expect(collector.tickOnce().sources.isEmpty)
        #expect(source.callCount == 2)
        clock.set(t0 + 30)
        #expect(collector.tickOnce().sources.first?.outcome == .collected)
        status = try #require(try db.sourceStatuses().first)
        #expect(status.up == true && status.lastError == nil && status.consecutiveFailures == 0)
        #expect(try db.latest(name: "script_value", labels: ["source": "flaky"])?.value == 42)
        #expect(log.events.filter { if case .sourceFailed = $0 { true } else { false } }.count == 2)
        #expect(log.events.contains(.sourceRecovered(source: "flaky", after: 2)))
    }

    @Test("a source that succeeds with problems stays up with them as its last error")
    func partialProblems() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let source = RuntimeScriptSource("partial")
        source.problems = ["3 malformed lines skipped (first: line 7: bad)"]
        let collector = Collector(sources: [source], store: db, clock: clock)
        let tick = collector.tickOnce()
        #expect(tick.sources.first?.outcome == .collected)
        #expect(tick.sources.first?.error == source.problems.first)
        let status = try #require(try db.sourceStatuses().first)
        #expect(status.up == true && status.lastError == source.problems.first)
    }

    @Test("samples become store inputs through a key cache that is bounded")
    func adapterCache() {
        var adapter = SampleInputAdapter(limit: 3)
        let samples = (0..<3).map { MetricSample(name: "m", labels: ["i": String($0)], value: Double($0), timestamp: t0) }
        let inputs = adapter.inputs(samples)
        #expect(inputs.map(\.series) == samples.map { MetricSeriesKey(name: $0.name, labels: $0.labels) })
        #expect(inputs.map(\.value) == [0, 1, 2])
        _ = adapter.inputs(samples)
        #expect(adapter.cachedKeys == 3)
        _ = adapter.input(MetricSample(name: "other", value: 1, timestamp: t0))
        #expect(adapter.cachedKeys == 1)
    }

    @Test("maintenance runs on the first tick, then once a minute")
    func maintenanceCadence() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let collector = demo(clock, db)
        #expect(collector.tickOnce().maintenance != nil)
        clock.advance(by: 1)
        #expect(collector.tickOnce().maintenance == nil)
        clock.advance(by: 60)
        let later = collector.tickOnce()
        #expect(later.maintenance != nil)
        #expect((later.maintenance?.minuteRollupsWritten ?? 0) > 0)
    }
}
