import Foundation
import Testing
import _OpsTestSupport

/// SIGHUP makes a running `pmops collect` reload its rules: a good file takes effect, a
/// broken one is refused with one log line naming file:line and the rules in force stay.
@Suite("Collector: SIGHUP reloads the rules", .serialized)
struct CollectorReloadTests {
    /// Firing alerts per rule, from `rules list --json` (counts come from the store).
    static func firing(_ cli: PmopsCLI, rules: String) throws -> [String: Int] {
        let list = try #require(try cli.json(["rules", "list", "--file", rules, "--json"]) as? [String: Any])
        let entries = (list["rules"] as? [[String: Any]]) ?? []
        return Dictionary(uniqueKeysWithValues: entries.compactMap { rule in
            (rule["name"] as? String).map { ($0, rule["firing"] as? Int ?? 0) }
        })
    }

    static func wait(timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }

    @Test("edit + SIGHUP: a new rule fires; a broken file is refused (file:line), the old rules keep firing")
    func reload() throws {
        let cli = try PmopsCLI()  // collect runs as an account holding collector.run
        // Never fires: the demo's queues stay far below a billion.
        let rules = try cli.dir.write("mine.rules", "rule queue_huge\n  expr pm_queue_depth > 1e9\n  severity warning\n")
        let config = try cli.dir.write("collector.conf", "source demo interval=1s\nrules mine.rules\nlease heartbeat=1s\n")
        let collector = try cli.start(["collect", "--config", config])
        defer { kill(collector.pid, SIGKILL) }
        try #require(Self.wait(timeout: 20) { collector.stderrSoFar.contains("collecting demo into ") },
                     "the collector did not start: \(collector.stderrSoFar)")
        #expect(try Self.firing(cli, rules: rules) == ["queue_huge": 0])

        // A rule every demo queue breaks: after SIGHUP it fires for all three queues.
        try cli.dir.write("mine.rules", "rule queue_high\n  expr pm_queue_depth > 5\n  severity warning\n")
        kill(collector.pid, SIGHUP)
        let fired = try Self.wait(timeout: 15) { try Self.firing(cli, rules: rules)["queue_high"] == 3 }
        let now = try Self.firing(cli, rules: rules)
        #expect(fired, "after the reload: \(now)\n\(collector.stderrSoFar)")
        #expect(collector.stderrSoFar.contains("SIGHUP: reloaded 1 rules from \(rules)"), "\(collector.stderrSoFar)")

        // A broken file: refused with its line, and the rule in force keeps firing.
        try cli.dir.write("mine.rules", "rule queue_high\n  expr pm_queue_depth > 5\n  severity loud\n")
        kill(collector.pid, SIGHUP)
        let refused = Self.wait(timeout: 15) { collector.stderrSoFar.contains("rules reload refused") }
        let log = collector.stderrSoFar
        #expect(refused, "\(log)")
        let line = try #require(log.split(separator: "\n").first { $0.contains("rules reload refused") }.map(String.init))
        #expect(line.contains("keeping the 1 rule already loaded: \(rules):3: "), "\(line)")
        Thread.sleep(forTimeInterval: 2)  // two more demo ticks under the kept rule
        // Still running, still firing (the broken file's rule name is the same; nothing resolved).
        #expect(kill(collector.pid, 0) == 0, "the collector died on a broken rules file: \(log)")
        let open = try #require(try cli.json(["rules", "list", "--file", try cli.dir.write("kept.rules", "rule queue_high\n  expr pm_queue_depth > 5\n  severity warning\n"), "--json"]) as? [String: Any])
        #expect(((open["rules"] as? [[String: Any]])?.first?["firing"] as? Int) == 3, "\(open)")
        #expect(!collector.stderrSoFar.contains("alert resolved"), "\(collector.stderrSoFar)")

        kill(collector.pid, SIGTERM)
        let end = collector.wait(timeout: 15)
        #expect(end.status == 0, "\(end)")
    }
}
