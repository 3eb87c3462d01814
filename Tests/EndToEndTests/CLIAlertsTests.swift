import Foundation
import Testing
import _OpsTestSupport

/// `pmops alerts | silences | routing` through the real binary: the queue's actions, their
/// JSON, exit codes for bad input, and two processes racing to acknowledge.
@Suite("Alert queue CLI")
struct CLIAlertsTests {
    /// A version-4 webhook payload with one alert per fingerprint.
    static func webhook(_ fingerprints: [String], status: String = "firing", service: String = "mta") -> Data {
        let alerts = fingerprints.map { fp in
            """
            {"status":"\(status)","labels":{"alertname":"QueueBacklog","service":"\(service)","instance":"\(fp)","severity":"critical"},
             "annotations":{"summary":"queue backed up on \(fp)"},"startsAt":"2026-11-27T10:00:00Z",
             "endsAt":"\(status == "firing" ? "0001-01-01T00:00:00Z" : "2026-11-27T10:30:00Z")","generatorURL":"","fingerprint":"\(fp)"}
            """
        }.joined(separator: ",")
        return Data("""
            {"version":"4","groupKey":"{}:{alertname=\\"QueueBacklog\\"}","truncatedAlerts":0,"status":"\(status)","receiver":"ops-console",
             "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","alerts":[\(alerts)]}
            """.utf8)
    }

    static func setUp() throws -> PmopsCLI {
        let cli = try PmopsCLI()
        for login in ["alice", "sam"] {
            let added = try cli.run(["users", "add", "--yes", login, "--name", "Person \(login)", "--email", "\(login)@example.com", "--role", login == "sam" ? "support" : "ops"])
            try #require(added.status == 0, "\(added)")
        }
        let routing = cli.dir.path + "/routing.conf"
        try "route mta service=\"mta\"\nroute infra *\nescalate mta 1 alice,\(PmopsCLI.osLogin) 10m\n".write(toFile: routing, atomically: true, encoding: .utf8)
        let loaded = try cli.run(["routing", "load", routing])
        try #require(loaded.status == 0, "\(loaded)")
        return cli
    }

    static func outboxSubjects(_ cli: PmopsCLI) throws -> [String] {
        let rows = try #require(try cli.json(["outbox", "list", "--json"]) as? [[String: Any]])
        return rows.compactMap { $0["subject"] as? String }
    }

    @Test("two pmops acknowledging one alert at once: one wins, the other names who; exactly one notification")
    func ackRace() throws {
        let cli = try Self.setUp()
        for round in 1...4 {
            let ingest = try cli.run(["alerts", "ingest", "-"], stdin: Self.webhook(["mx\(round)"]))
            try #require(ingest.status == 0, "\(ingest)")
            let list = try #require(try cli.json(["alerts", "list", "--json", "--search", "mx\(round)"]) as? [String: Any])
            let alert = try #require((list["alerts"] as? [[String: Any]])?.first)
            let id = try #require(alert["id"] as? Int)
            let acksBefore = try Self.outboxSubjects(cli).filter { $0.hasPrefix("[ACK]") }.count
            let running = try (0..<2).map { i in try cli.start(["alerts", "ack", String(id), "--note", "racer \(i)"]) }
            let results = running.map { $0.wait(timeout: 60) }
            let winners = results.filter { $0.status == 0 }
            let losers = results.filter { $0.status == 5 }
            try #require(winners.count == 1 && losers.count == 1, "round \(round): \(results)")
            #expect(losers[0].stderr.hasPrefix("pmops: Alert \(id) is already acknowledged by \(PmopsCLI.osLogin) at "), "\(losers[0].stderr)")
            let show = try #require(try cli.json(["alerts", "show", String(id), "--json"]) as? [String: Any])
            let shown = try #require(show["alert"] as? [String: Any])
            #expect(shown["state"] as? String == "acknowledged")
            let history = try #require(show["history"] as? [[String: Any]])
            #expect(history.filter { $0["kind"] as? String == "acknowledge" }.count == 1)
            #expect(try Self.outboxSubjects(cli).filter { $0.hasPrefix("[ACK]") }.count == acksBefore + 1)
        }
        #expect(try cli.run(["audit", "verify"]).status == 0)
    }

    @Test("the lifecycle from the command line, with JSON and exit codes")
    func lifecycle() throws {
        let cli = try Self.setUp()
        #expect(try cli.run(["alerts", "ingest", "-"], stdin: Self.webhook(["mx1", "mx2", "mx3"])).status == 0)
        let list = try #require(try cli.json(["alerts", "list", "--json"]) as? [String: Any])
        #expect(list["total"] as? Int == 3)
        let first = try #require((list["alerts"] as? [[String: Any]])?.first)
        #expect(first["team"] as? String == "mta")
        #expect(first["escalation_level"] as? Int == 1)
        for key in ["id", "severity", "state", "summary", "labels", "acked_by", "snoozed_until", "version"] { #expect(first.keys.contains(key), "\(key)") }

        let acked = try cli.run(["alerts", "ack", "1", "2", "--note", "on it", "--json"])
        #expect(acked.status == 0, "\(acked)")
        #expect(try cli.run(["alerts", "snooze", "3", "--until", "30m"]).status == 0)
        #expect(try cli.run(["alerts", "assign", "1", "--to", "alice"]).status == 0)
        let mine = try cli.run(["alerts", "list", "--mine", "--json", "--as", "alice"])
        #expect(mine.status == 0, "\(mine)")
        #expect(try cli.run(["alerts", "resolve", "1", "--note", "drained"]).status == 0)
        #expect(try cli.run(["alerts", "close", "1"]).status == 0)
        #expect(try cli.run(["alerts", "note", "1", "postmortem in OPS-9"]).status == 0)
        #expect(try cli.run(["alerts", "close", "2", "--false-positive", "--reason", "test probe"]).status == 0)
        let stats = try #require(try cli.json(["alerts", "stats", "--since", "30d", "--json"]) as? [String: Any])
        #expect((stats["rows"] as? [[String: Any]])?.first?["acknowledged"] as? Int == 2)
        let all = try #require(try cli.json(["alerts", "list", "--state", "all", "--json"]) as? [String: Any])
        #expect(all["total"] as? Int == 3)

        // Bad input: one sentence, the foundation's exit codes, nothing changed.
        let cases: [([String], Int32, String)] = [
            (["alerts", "ack", "999"], 3, "pmops: No alert 999."),
            (["alerts", "ack", "1"], 5, "pmops: Alert 1 is closed by"),
            (["alerts", "ack", "3", "999"], 3, "pmops: No alert 999; nothing was changed."),
            (["alerts", "snooze", "3", "--until", "soon"], 2, "pmops: Invalid until: 'soon' is neither a duration"),
            (["alerts", "list", "--state", "bogus"], 2, "Error: 'bogus' is not a state"),
            (["alerts", "ack", "3", "--as", "sam"], 4, "pmops: Permission denied: 'sam' lacks alerts.ack"),
            (["silences", "add", #"service=~"(""#, "--for", "1h", "--comment", "x"], 2, "pmops: Invalid matcher:"),
            (["silences", "add", #"service="mta""#, "--for", "1 fortnight", "--comment", "x"], 2, "pmops: Invalid for: '1 fortnight' is not a duration"),
            (["silences", "add", #"service="mta""#, "--for", "1h", "--comment", " "], 2, "pmops: Invalid comment:"),
        ]
        for (args, code, prefix) in cases {
            let result = try cli.run(args)
            #expect(result.status == code, "\(args): \(result)")
            #expect(result.stderr.hasPrefix(prefix), "\(args): \(result.stderr)")
        }
        let three = try #require(try cli.json(["alerts", "show", "3", "--json"]) as? [String: Any])
        #expect((three["alert"] as? [String: Any])?["state"] as? String == "snoozed")
        #expect(try cli.run(["audit", "verify"]).status == 0)
    }

    @Test("silences from the command line: add mutes, list shows, expire unmutes")
    func silences() throws {
        let cli = try Self.setUp()
        #expect(try cli.run(["alerts", "ingest", "-"], stdin: Self.webhook(["db1"], service: "db")).status == 0)
        let added = try #require(try cli.json(["silences", "add", #"service="db""#, #"instance=~"db\d""#, "--for", "2h", "--comment", "disk cleanup", "--json"]) as? [String: Any])
        #expect(added["affected"] as? Int == 1)
        let id = try #require(added["id"] as? Int)
        let listed = try #require(try cli.json(["silences", "list", "--json"]) as? [[String: Any]])
        #expect(listed.map { $0["id"] as? Int } == [id])
        let silenced = try #require(try cli.json(["alerts", "list", "--silenced", "only", "--json"]) as? [String: Any])
        #expect(silenced["total"] as? Int == 1)
        let expired = try #require(try cli.json(["silences", "expire", String(id), "--json"]) as? [String: Any])
        #expect(expired["affected"] as? Int == 1)
        let again = try cli.run(["silences", "expire", String(id)])
        #expect(again.status == 5, "\(again)")
        #expect(try #require(try cli.json(["silences", "list", "--json"]) as? [[String: Any]]).isEmpty)
    }

    @Test("routing check names file:line for each problem and exits 2")
    func routingCheck() throws {
        let cli = try PmopsCLI()
        let path = cli.dir.path + "/bad.conf"
        try "route mta service=~\"(\"\nescalate mta 2 alice 5m\nfrob\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try cli.run(["routing", "check", path], db: .omitted)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("\(path):1:"), "\(result.stderr)")
        #expect(result.stderr.contains("\(path):3:"), "\(result.stderr)")
        let good = try cli.run(["routing", "check", FileManager.default.currentDirectoryPath + "/Config/alert-routing.conf"], db: .omitted)
        #expect(good.status == 0, "\(good)")
    }
}
