import Foundation
import OpsCollector
import OpsCore
import Testing

/// A scripted source: each collect pops the next outcome and may advance the clock to
/// simulate a slow collection.
final class ScriptedSource: MetricSource, @unchecked Sendable {
    let name = "scripted"
    let interval: TimeInterval
    private let lock = NSLock()
    private var script: [Result<Double, CollectorError>]
    private let clock: ManualClock
    private let takes: TimeInterval
    private(set) var calls = 0

    init(interval: TimeInterval = 10, clock: ManualClock, takes: TimeInterval = 0, _ script: [Result<Double, CollectorError>]) {
        self.interval = interval
        self.clock = clock
        self.takes = takes
        self.script = script
    }

    func collect(now: Date) throws -> [MetricSample] {
        let next: Result<Double, CollectorError> = lock.withLock {
            calls += 1
            return script.isEmpty ? .success(0) : script.removeFirst()
        }
        clock.advance(by: takes)
        return [MetricSample(name: "v", value: try next.get(), timestamp: now)]
    }
}

/// A source that blocks inside `collect` until the test opens the gate.
final class GatedSource: MetricSource, @unchecked Sendable {
    let name = "gated"
    let interval: TimeInterval = 10
    let entered = DispatchSemaphore(value: 0)
    let gate = DispatchSemaphore(value: 0)

    func collect(now: Date) throws -> [MetricSample] {
        entered.signal()
        _ = gate.wait(timeout: .now() + 5)
        return []
    }
}

@Suite("Source status, backoff and the runner, on a manual clock")
struct SourceRunnerTests {
    let down = CollectorError.unreadable(path: "/x", reason: "gone")

    @Test("backoff doubles from base and stops at max")
    func backoff() {
        let backoff = Backoff(base: 2, max: 60)
        #expect((0...7).map { backoff.delay(afterFailures: $0) } == [0, 2, 4, 8, 16, 32, 60, 60])
        #expect(backoff.delay(afterFailures: 10_000) == 60)
        #expect(Backoff(base: -1, max: .nan) == Backoff(base: 1, max: 1))
        #expect(Backoff(base: 10, max: 5).max == 10)
    }

    @Test("runs when due, then once per interval measured from the start")
    func schedule() {
        let clock = ManualClock()
        let source = ScriptedSource(interval: 10, clock: clock, takes: 3, [.success(1), .success(2)])
        let runner = SourceRunner(source: source, clock: clock)
        #expect(runner.runIfDue() == .collected([MetricSample(name: "v", value: 1, timestamp: clock.now() - 3)]))
        #expect(runner.status.health == .up)
        #expect(runner.status.lastDuration == 3)
        clock.advance(by: 6)  // 9 s after the start
        #expect(runner.runIfDue() == .notDue)
        clock.advance(by: 1)  // 10 s after the start
        guard case let .collected(samples) = runner.runIfDue() else {
            Issue.record("expected a collection")
            return
        }
        #expect(samples.map(\.value) == [2])
        #expect(source.calls == 2)
    }

    @Test("failures back off exponentially (never below the interval) and success resets")
    func failuresBackOff() throws {
        let clock = ManualClock()
        let script: [Result<Double, CollectorError>] = [.failure(down), .failure(down), .failure(down), .failure(down), .success(7)]
        let source = ScriptedSource(interval: 10, clock: clock, script)
        let runner = SourceRunner(source: source, clock: clock, backoff: Backoff(base: 10, max: 40))
        let start = clock.now()

        #expect(runner.runIfDue() == .failed("Cannot read /x: gone."))
        var status = runner.status
        #expect(status.health == .down)
        #expect(status.consecutiveFailures == 1)
        #expect(status.lastError == "Cannot read /x: gone.")
        #expect(status.nextAttempt == start + 10)

        // Waits of 10, 20, 40, 40: each retry happens exactly when its backoff ends.
        var expectedNext = start + 10
        for (failures, wait) in [(2, 20.0), (3, 40), (4, 40)] {
            clock.set(expectedNext - 0.5)
            #expect(runner.runIfDue() == .notDue)
            clock.set(expectedNext)
            #expect(runner.runIfDue() == .failed("Cannot read /x: gone."))
            status = runner.status
            #expect(status.consecutiveFailures == failures)
            expectedNext = expectedNext + wait
            #expect(status.nextAttempt == expectedNext)
        }
        clock.set(expectedNext)
        #expect(runner.runIfDue() == .collected([MetricSample(name: "v", value: 7, timestamp: expectedNext)]))
        status = runner.status
        #expect(status.health == .up)
        #expect(status.consecutiveFailures == 0)
        #expect(status.lastSuccess == expectedNext)
        #expect(status.lastError == "Cannot read /x: gone.")  // kept for "last error was…"
        #expect(status.nextAttempt == expectedNext + 10)
        #expect(source.calls == 5)
    }

    @Test("a wall clock stepped back does not silence the source")
    func clockSteppedBack() {
        let clock = ManualClock()
        let source = ScriptedSource(interval: 60, clock: clock, [])
        let runner = SourceRunner(source: source, clock: clock)
        runner.runIfDue()
        clock.advance(by: -3600)
        guard case .collected = runner.runIfDue() else {
            Issue.record("expected a collection after the clock went back")
            return
        }
    }

    @Test("status stays readable during a slow collection; a second run does not start")
    func statusDuringCollection() {
        let clock = ManualClock()
        let source = GatedSource()
        let runner = SourceRunner(source: source, clock: clock)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            runner.runIfDue()
            finished.signal()
        }
        #expect(source.entered.wait(timeout: .now() + 5) == .success)
        let started = Date()
        #expect(runner.status.health == .unknown)
        #expect(runner.runIfDue() == .notDue)
        #expect(Date().timeIntervalSince(started) < 0.5)
        source.gate.signal()
        #expect(finished.wait(timeout: .now() + 5) == .success)
        #expect(runner.status.health == .up)
    }

    @Test("status samples: pmops_source_up and duration")
    func statusSamples() {
        let now = Date(timeIntervalSince1970: 100)
        var status = SourceStatus(sourceName: "host")
        #expect(status.samples(at: now) == [MetricSample(name: "pmops_source_up", labels: ["source": "host"], value: 0, timestamp: now)])
        status.recordSuccess(startedAt: now, duration: 0.25, sampleCount: 3, interval: 5)
        #expect(status.samples(at: now).map(\.value) == [1, 0.25])
        #expect(status.lastSampleCount == 3)
    }

    @Test("default source timeout stays below the interval and within 10 s")
    func defaultTimeout() {
        let clock = ManualClock()
        #expect(ScriptedSource(interval: 5, clock: clock, []).timeout == 4)
        #expect(ScriptedSource(interval: 60, clock: clock, []).timeout == 10)
    }
}
