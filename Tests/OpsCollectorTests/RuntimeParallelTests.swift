import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// Sources collect on their own queues: real timers, the real host source, and a real HTTP
/// probe against a loopback listener that accepts and never answers.
@Suite("Collector: a hung source never delays another", .serialized)
struct RuntimeParallelTests {
    @Test("while an HTTP probe sits in its 6 s timeout, the host source keeps its 0.5 s turns and is stored")
    func hungProbeDoesNotDelayHost() throws {
        // Listening, never accepting: the kernel completes the handshake and queues the
        // request, and no byte ever comes back, so the probe waits out its whole timeout.
        let (fd, port) = try LoopbackSockets.bound(listen: true)
        defer { close(fd) }
        let probe = try HTTPProbe(name: "hung", url: try #require(URL(string: "http://127.0.0.1:\(port)/health")),
                                  interval: 10, timeout: 6)
        let host = HostSource(name: "host", interval: 0.5)
        let db = try AppDatabase(inMemory: SystemClock())
        // The hung probe first: under the old one-queue schedule it held every later source.
        let collector = Collector(sources: [probe, host], store: db)
        let started = Date()
        collector.start()
        defer { collector.stop(grace: 0) }

        // Three host turns (0, 0.5, 1.0 s) need about a second; allow four on a loaded box,
        // still well inside the probe's 6 s timeout.
        var statuses: [SourceStatus] = []
        // The third turn has started when its attempt time is past 0.9 s; it has finished
        // (and counts as a tick) a moment later, so wait for both.
        let ran = pollStatuses(collector, timeout: 4.5, into: &statuses) { list in
            guard let attempt = list[1].lastAttempt else { return false }
            return attempt.timeIntervalSince(started) >= 0.9 && collector.statistics.ticks >= 3
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(ran, "host did not reach its third turn in \(elapsed) s: \(statuses)")
        #expect(statuses[0].health == .unknown && statuses[0].lastAttempt == nil,
                "the probe should still be in its first collection: \(statuses[0])")
        #expect(elapsed < 5.5, "the check itself ran into the probe's timeout (\(elapsed) s)")
        #expect(statuses[1].health == .up)
        // What the host gathered is in the store already, one transaction per collection.
        let stored = try db.latest(name: "pmops_source_up", labels: ["source": "host"])
        #expect(stored?.value == 1)
        #expect(try db.latest(name: "pmops_source_up", labels: ["source": "hung"]) == nil)
        #expect((collector.statistics.ticks) >= 3, "\(collector.statistics)")
    }

    @Test("tickOnce collects due sources at once: two hung probes cost one timeout, not two")
    func tickRunsSourcesTogether() throws {
        let (fd, port) = try LoopbackSockets.bound(listen: true)
        defer { close(fd) }
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/"))
        let probes = try (1...3).map { try HTTPProbe(name: "hung\($0)", url: url, interval: 10, timeout: 1.5) }
        let db = try AppDatabase(inMemory: SystemClock())
        let collector = Collector(sources: probes + [HostSource(name: "host", interval: 10)], store: db)
        let start = Date()
        let report = collector.tickOnce()
        let took = Date().timeIntervalSince(start)
        #expect(report.sources.map(\.name) == ["hung1", "hung2", "hung3", "host"])
        // One after another this is at least 4.5 s; together about 1.5 s.
        #expect(took >= 1.4 && took < 3.5, "the tick took \(took) s")
        #expect(report.ingest != nil && report.writeError == nil)
    }

    /// Polls the collector's statuses every 20 ms until `condition` holds.
    private func pollStatuses(_ collector: Collector, timeout: TimeInterval, into last: inout [SourceStatus],
                              _ condition: ([SourceStatus]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            last = collector.statuses
            if condition(last) { return true }
            if Date() >= deadline { return false }
            usleep(20_000)
        }
    }
}
