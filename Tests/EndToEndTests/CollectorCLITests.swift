import Foundation
import Testing
import _OpsTestSupport

/// `pmops collect`, `metrics` and `rules` through the built binary.
@Suite("Collector CLI end to end")
struct CollectorCLITests {
    @Test("collect --once --json: per source, sample count and status; then metrics list and query read them back")
    func onceJSON() throws {
        let cli = try PmopsCLI()  // collect runs as an account holding collector.run
        // Port 1 on loopback: nothing listens there, so the probe reports the target down
        // (a probe result, not a source failure); the scrape fails as a source.
        let config = try cli.dir.write("collector.conf", """
        source demo interval=1s
        probe tcp nothing 127.0.0.1:1 timeout=1s
        scrape gone http://127.0.0.1:1/metrics timeout=1s
        """)
        let json = try #require(try cli.json(["collect", "--once", "--json", "--config", config]) as? [String: Any])
        let sources = try #require(json["sources"] as? [[String: Any]])
        #expect(sources.map { $0["name"] as? String } == ["demo", "nothing", "gone"])
        #expect(sources.map { $0["status"] as? String } == ["up", "up", "down"])
        // 38 platform series plus 3 per-tenant series for each of the demo's 8 tenants.
        #expect(sources[0]["samples"] as? Int == 62)
        #expect(sources[1]["samples"] as? Int == 1)
        #expect(sources[2]["error"] as? String == "Cannot read http://127.0.0.1:1/metrics: connection refused.")
        #expect(Set(sources[0].keys) == ["name", "status", "samples", "error", "duration_ms", "consecutive_failures", "next_attempt"])
        #expect(json["stored"] as? Int == 2 * (62 + 1 + 3 * 2))  // --once takes two readings, a second apart
        #expect(json["write_error"] is NSNull)
        #expect((json["alerts"] as? [Any])?.isEmpty == true)

        let list = try #require(try cli.json(["metrics", "list", "--json"]) as? [[String: Any]])
        let depth = try #require(list.first { $0["name"] as? String == "pm_queue_depth" })
        #expect(depth["series"] as? Int == 3)
        #expect(((depth["latest"] as? [String: Any])?["value"] as? Double).map { $0 >= 0 } == true)
        #expect(list.contains { $0["name"] as? String == "probe_up" })
        // The probe of port 1 reports its target down (the demo's own probes are up).
        let down = try #require(try cli.json(["metrics", "query", "probe_up", "--label", "target=127.0.0.1:1", "--since", "5m", "--json"]) as? [[String: Any]])
        #expect(down.count == 1)
        #expect((down.first?["points"] as? [[String: Any]])?.last?["max"] as? Double == 0, "\(down)")

        let query = try #require(try cli.json(["metrics", "query", "pm_queue_depth", "--label", "queue=transactional",
                                               "--since", "5m", "--json"]) as? [[String: Any]])
        #expect(query.count == 1)
        #expect(query.first?["labels"] as? [String: String] == ["queue": "transactional"])
        // Two readings a second apart: two points, or one when both fall in one stored second.
        #expect(((query.first?["points"] as? [[String: Any]])?.count).map { (1...2).contains($0) } == true)

        let missing = try cli.run(["metrics", "query", "pm_nothing"])
        #expect(missing.status == 3)
        #expect(missing.stderr == "pmops: No metric called 'pm_nothing'; `pmops metrics list` shows what is stored.\n")
        let status = try #require(try cli.json(["collect", "--status", "--json"]) as? [String: Any])
        #expect(status["lease"] is NSNull, "--once releases the lease")
        #expect((status["sources"] as? [[String: Any]])?.count == 3)
    }

    @Test("without --config: the host and the demo, with the shipped rules")
    func builtInDefault() throws {
        let cli = try PmopsCLI()  // collect runs as an account holding collector.run
        let result = try cli.run(["collect", "--once"])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("SOURCE  STATUS  SAMPLES") == true)
        #expect(lines.dropFirst().prefix(2).map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["host up", "demo up"])
        #expect(lines.last?.hasPrefix("Stored ") == true)
    }

    @Test("config errors: every line-numbered error on stderr, exit 2; a missing file exits 3")
    func configErrors() throws {
        let cli = try PmopsCLI(initialize: false)
        let bad = try cli.dir.write("bad.conf", "source demo\nprobe tcp x nowhere\n# fine\nscrape s http://h/m timeout=9s interval=1s\n")
        let result = try cli.run(["collect", "--once", "--config", bad])
        #expect(result.status == 2)
        #expect(result.stderr == """
        pmops: \(bad):2: expected HOST:PORT, not "nowhere"
        pmops: \(bad):4: timeout 9s is longer than the interval 1s; the source would run into its own next turn

        """)
        let missing = try cli.run(["collect", "--once", "--config", cli.dir.file("nope.conf")])
        #expect(missing.status == 3)
        #expect(missing.stderr == "pmops: \(cli.dir.file("nope.conf")): the collector config does not exist\n")
        #expect(try cli.run(["collect", "--json"]).status == 2)
    }

    @Test("rules check: OK with a count, or each error with its line and exit 2; rules list reads the config's file")
    func rules() throws {
        let cli = try PmopsCLI()  // collect runs as an account holding collector.run
        let shipped = try RepoFiles.root() + "/Rules/penguinmails.rules"
        let ok = try cli.run(["rules", "check", shipped], db: .omitted)
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.hasPrefix("\(shipped): ") && ok.stdout.hasSuffix(" rules OK.\n"), "\(ok.stdout)")

        let broken = try cli.dir.write("broken.rules", "rule a\n  expr x > 1\n  severity loud\n\nrule b\n  bogus 1\n")
        let check = try cli.run(["rules", "check", broken], db: .omitted)
        #expect(check.status == 2)
        let errors = check.stderr.split(separator: "\n").map(String.init)
        #expect(errors.contains { $0.hasPrefix("\(broken):3: ") }, "\(check.stderr)")
        #expect(errors.contains { $0.hasPrefix("\(broken):6: ") }, "\(check.stderr)")
        #expect(errors.last?.hasSuffix(" errors in \(broken); the collector would refuse it.") == true, "\(check.stderr)")
        #expect(try cli.run(["rules", "check", cli.dir.file("none.rules")], db: .omitted).status == 3)

        let rulesFile = try cli.dir.write("mine.rules", "rule queue_high\n  expr pm_queue_depth > 5\n  severity warning\n")
        let config = try cli.dir.write("c.conf", "source demo\nrules mine.rules\n")
        let list = try #require(try cli.json(["rules", "list", "--config", config, "--json"]) as? [String: Any])
        #expect(list["file"] as? String == rulesFile)
        let rules = try #require(list["rules"] as? [[String: Any]])
        #expect(rules.map { $0["name"] as? String } == ["queue_high"])
        #expect(rules.first?["condition"] as? String == "pm_queue_depth > 5")

        // The collector raises it: the demo's queues are all above 5.
        let once = try #require(try cli.json(["collect", "--once", "--json", "--config", config]) as? [String: Any])
        let alerts = try #require(once["alerts"] as? [[String: Any]])
        #expect(alerts.count == 3 && alerts.allSatisfy { $0["change"] as? String == "firing" }, "\(alerts)")
        let after = try #require(try cli.json(["rules", "list", "--config", config, "--json"]) as? [String: Any])
        #expect((after["rules"] as? [[String: Any]])?.first?["firing"] as? Int == 3)
    }
}
