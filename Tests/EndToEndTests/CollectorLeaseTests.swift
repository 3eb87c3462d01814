import Foundation
import Testing
import _OpsTestSupport

/// "One writer per store" with real processes: a running `pmops collect` holds the lease, a
/// second is refused, and after the first is SIGKILLed a waiting one takes over within two
/// heartbeats.
@Suite("Collector lease across processes", .serialized)
struct CollectorLeaseTests {
    static let heartbeat = 1.0

    /// The lease holder's pid from `collect --status --json`, nil when free.
    static func holder(_ cli: PmopsCLI) throws -> (pid: Int, live: Bool)? {
        let status = try #require(try cli.json(["collect", "--status", "--json"]) as? [String: Any])
        guard let lease = status["lease"] as? [String: Any], let pid = lease["pid"] as? Int else { return nil }
        return (pid, lease["live"] as? Bool ?? false)
    }

    /// Polls until `condition` holds or `timeout` passes; returns the seconds it took.
    static func waitFor(timeout: TimeInterval, _ condition: () throws -> Bool) throws -> TimeInterval? {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            if try condition() { return Date().timeIntervalSince(start) }
            usleep(50_000)
        }
        return nil
    }

    static func config(_ cli: PmopsCLI) throws -> String {
        try cli.dir.write("collector.conf", "source demo interval=1s\nlease heartbeat=\(Int(heartbeat))s\n")
    }

    @Test("a second collector is refused with exit 5; SIGKILL the first and a waiting one takes over within two heartbeats")
    func takeover() throws {
        // An existing store: processes racing to create a new one are a store matter.
        let cli = try PmopsCLI()
        let config = try Self.config(cli)
        let first = try cli.start(["collect", "--config", config])
        defer { kill(first.pid, SIGKILL) }
        let started = try Self.waitFor(timeout: 20) { try Self.holder(cli)?.pid == Int(first.pid) }
        try #require(started != nil, "the first collector never took the lease: \(first.wait(timeout: 1))")

        let once = try cli.run(["collect", "--once", "--config", config])
        #expect(once.status == 5, "\(once)")
        #expect(once.stderr.contains("Another collector holds this store's lease: "), "\(once.stderr)")
        #expect(once.stderr.contains(" pid \(first.pid) as '\(PmopsCLI.osLogin)', last heartbeat "), "\(once.stderr)")
        let second = try cli.run(["collect", "--config", config], timeout: 20)
        #expect(second.status == 5, "\(second)")

        let standby = try cli.start(["collect", "--wait", "--config", config])
        defer { kill(standby.pid, SIGKILL) }
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try Self.holder(cli)?.pid == Int(first.pid), "the standby must not take a live lease")

        kill(first.pid, SIGKILL)
        let killed = Date()
        let firstResult = first.wait(timeout: 10)
        #expect(firstResult.status == 128 + SIGKILL)
        let tookOver = try Self.waitFor(timeout: 15) { try Self.holder(cli)?.pid == Int(standby.pid) }
        let elapsed = Date().timeIntervalSince(killed)
        try #require(tookOver != nil, "no takeover: \(standby.wait(timeout: 1))")
        // The lease lives two heartbeats after the last beat, which came at most one heartbeat
        // before the kill; the standby polls every half heartbeat; process start-up adds a bit.
        #expect(elapsed >= Self.heartbeat - 0.1, "took over after \(elapsed) s: before the lease expired")
        // The upper bound is a hang check: start-up and SQLite's busy waits stretch under CI load.
        #expect(elapsed <= 2 * Self.heartbeat + TestWaits.bound(1.5), "took over after \(elapsed) s")

        // The new collector writes: its source status moves on (sealed every 10 s, so
        // another process sees it within one sealing window).
        func lastAttempt() -> String {
            let status = (try? cli.json(["collect", "--status", "--json"])) as? [String: Any]
            return ((status?["sources"] as? [[String: Any]])?.first?["last_attempt"] as? String) ?? ""
        }
        let before = lastAttempt()
        #expect(pollUntil(timeout: 15) { lastAttempt() > before }, "the source status stayed at \(before)")

        kill(standby.pid, SIGTERM)
        let end = standby.wait(timeout: 15)
        #expect(end.status == 0, "\(end)")
        #expect(end.stderr.contains("took over the collector lease"))
        #expect(end.stderr.contains("SIGTERM received; stopping"))
        #expect(try Self.holder(cli) == nil, "a clean stop releases the lease")
    }

    @Test("SIGINT stops a collector cleanly too, and the next one starts at once")
    func sigint() throws {
        // An existing store: processes racing to create a new one are a store matter.
        let cli = try PmopsCLI()
        let config = try Self.config(cli)
        let first = try cli.start(["collect", "--config", config])
        defer { kill(first.pid, SIGKILL) }
        try #require(try Self.waitFor(timeout: 20) { try Self.holder(cli)?.pid == Int(first.pid) } != nil)
        kill(first.pid, SIGINT)
        let result = first.wait(timeout: 15)
        #expect(result.status == 0, "\(result)")
        let next = try cli.run(["collect", "--once", "--config", config])
        #expect(next.status == 0, "\(next)")
    }

    @Test("a newcomer with a short --heartbeat cannot take a live holder's lease: expiry is the holder's ttl")
    func shortHeartbeat() throws {
        let cli = try PmopsCLI()
        let config = try Self.config(cli)
        let first = try cli.start(["collect", "--config", config])
        defer { kill(first.pid, SIGKILL) }
        try #require(try Self.waitFor(timeout: 20) { try Self.holder(cli)?.pid == Int(first.pid) } != nil)
        let hasty = try cli.start(["collect", "--wait", "--heartbeat", "0.2s", "--config", config])
        defer { kill(hasty.pid, SIGKILL) }
        // The hasty one polls every 0.1 s with its own ttl of 0.4 s; the holder beats every 1 s.
        for _ in 0..<6 {
            Thread.sleep(forTimeInterval: 0.5)
            #expect(try Self.holder(cli)?.pid == Int(first.pid), "a live lease was taken by a shorter heartbeat")
        }
        let status = try #require(try cli.json(["collect", "--status", "--json"]) as? [String: Any])
        let lease = try #require(status["lease"] as? [String: Any])
        #expect(lease["ttl_seconds"] as? Double == 2 * Self.heartbeat)
        #expect(lease["login"] as? String == PmopsCLI.osLogin)
    }

    @Test("collect needs an active account holding collector.run; --as is honoured and recorded")
    func identity() throws {
        let cli = try PmopsCLI()
        let config = try Self.config(cli)
        for (login, role) in [("viewer", "readonly"), ("oncall", "ops")] {
            let added = try cli.run(["users", "add", "--yes", login, "--name", login, "--email", "\(login)@example.com", "--role", role])
            try #require(added.status == 0, "\(added)")
        }
        let cases: [(args: [String], status: Int32, stderr: String)] = [
            (["--once", "--as", "ghost"], 3, "No staff account 'ghost' to act as."),
            (["--once", "--as", "viewer"], 4, "Permission denied: 'viewer' lacks collector.run"),
            (["--status", "--as", "ghost"], 3, "No staff account 'ghost' to act as."),
        ]
        for c in cases {
            let result = try cli.run(["collect", "--config", config] + c.args)
            #expect(result.status == c.status, "\(c.args): \(result)")
            #expect(result.stderr.contains(c.stderr), "\(c.args): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let asOps = try cli.run(["collect", "--once", "--config", config, "--as", "oncall"])
        #expect(asOps.status == 0, "\(asOps)")
        let rows = try #require(try cli.json(["audit", "list", "--json", "--action", "collector.lease"]) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["actor"] as? String == "oncall")
        #expect(rows.first?["impersonator"] as? String == PmopsCLI.osLogin)
    }
}
