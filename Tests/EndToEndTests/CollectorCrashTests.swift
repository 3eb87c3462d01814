import Foundation
import Testing
import _OpsTestSupport

/// `kill -9` of a collector mid-batch: samples are buffered and sealed every
/// `CollectorSetup.sealEvery` (10 s), so at most that window (plus the tick being
/// collected) is lost, and a user action committed meanwhile is never lost.
@Suite("Collector killed mid-batch", .serialized)
struct CollectorCrashTests {
    /// The sealing window the collector promises (CollectorSetup.sealEvery).
    static let window: TimeInterval = 10

    static func number(_ text: String) -> Double {
        Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    @Test("kill -9 loses at most the sealing window of samples and no acknowledged user action")
    func killMidBatch() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        let config = try cli.dir.write("collector.conf", "source demo interval=1s\nlease heartbeat=1s\n")
        let collector = try cli.start(["collect", "--config", config])
        defer { kill(collector.pid, SIGKILL) }
        #expect(pollUntil(timeout: 20) { collector.stderrSoFar.contains("collecting ") })
        // Past the first seals, then a user action the CLI acknowledges (exit 0).
        Thread.sleep(forTimeInterval: Self.window + 2)
        let added = try cli.run(["users", "add", "crashwitness", "--name", "Crash Witness", "--email", "cw@example.com", "--role", "ops"])
        #expect(added.status == 0, "\(added)")
        // Into the middle of a batch: samples are buffered that no seal has written yet.
        Thread.sleep(forTimeInterval: Self.window / 2 + 1)
        let killedAt = Date().timeIntervalSince1970
        kill(collector.pid, SIGKILL)
        _ = collector.wait(timeout: 20)

        let newest = Self.number(try SQLite3.exec(cli.dbPath, """
            SELECT max(coalesce((SELECT max(t1) FROM metric_block), 0), coalesce((SELECT max(t) FROM metric_sample), 0),
                       coalesce((SELECT max(t1) FROM metric_chunk WHERE resolution = 0), 0)) / 1000.0
            """))
        let lost = killedAt - newest
        // One window, the demo's 1 s interval, and a second of scheduling slack.
        #expect(lost <= Self.window + 2, "the newest stored sample is \(lost) s older than the kill")
        #expect(lost >= 0, "a sample was stored after the kill (\(lost) s)")
        let witness = try SQLite3.exec(cli.dbPath, "SELECT count(*) FROM staff WHERE login = 'crashwitness'")
        #expect(Self.number(witness) == 1, "the acknowledged user action was lost")
        // The store opens and reads after the crash.
        #expect(try cli.run(["users", "list"]).status == 0)
    }
}
