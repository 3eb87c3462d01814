import Foundation
import Testing
import _OpsTestSupport

/// Deployments through the built binary: a pipeline's report, a partial deployment rolled
/// back per component, the incident link, DORA stats; a malformed report is one sentence,
/// exit 2, and changes nothing; the deploy config check refuses a file others can write.
@Suite("Deployments through the CLI")
struct CLIDeploysTests {
    static func must(_ cli: PmopsCLI, _ args: [String]) throws -> ProcessResult {
        let result = try cli.run(args)
        try #require(result.status == 0, "\(args.joined(separator: " ")): \(result)")
        return result
    }

    static func counts(_ cli: PmopsCLI) throws -> String {
        try SQLite3.exec(cli.dbPath, "SELECT (SELECT count(*) FROM deployment), (SELECT count(*) FROM deployment_component), (SELECT count(*) FROM change_event), (SELECT count(*) FROM audit WHERE action LIKE 'deploy.%');")
    }

    @Test("a partial deployment: reported, shown with the failed component, rolled back per component; every step a change event")
    func partial() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        let started = try Self.must(cli, ["deploys", "start", "--service", "mta", "--version", "3.1.0", "--component", "mta-1,mta-2",
                                          "--link", "https://ci.example.com/9", "--commit-at", "2h"])
        #expect(started.stdout == "DEP-1\n")
        _ = try Self.must(cli, ["deploys", "component", "DEP-1", "mta-1", "--status", "healthy"])
        _ = try Self.must(cli, ["deploys", "component", "dep-1", "mta-2", "--status", "failed"])
        let finished = try Self.must(cli, ["deploys", "finish", "DEP-1"])
        #expect(finished.stdout.contains("DEP-1 mta 3.1.0 failed — partial: mta-2 failed") && finished.stdout.contains("--component NAME"), "\(finished)")
        let rolled = try Self.must(cli, ["deploys", "rollback", "DEP-1", "--component", "mta-2", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(rolled.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "failed")
        #expect((json["components"] as? [[String: Any]])?.map { $0["status"] as? String } == ["healthy", "rolled-back"])
        let show = try Self.must(cli, ["deploys", "show", "DEP-1"])
        #expect(show.stdout.contains("component mta-2 rolled-back") && show.stdout.contains("commit"), "\(show)")
        let changes = try Self.must(cli, ["changes", "list", "--service", "mta"])
        #expect(changes.stdout.contains("rollback") && changes.stdout.contains("3.1.0 (mta-2)"), "\(changes)")
        let counts = try Self.counts(cli)
        #expect(counts.trimmingCharacters(in: .whitespacesAndNewlines) == "1|2|5|5", "\(counts)")
    }

    @Test("a security incident linked after the deploy shows in deploys show; stats explain their figures")
    func linkAndStats() throws {
        let cli = try PmopsCLI()
        _ = try Self.must(cli, ["deploys", "start", "--service", "api", "--version", "2.4.1"])
        _ = try Self.must(cli, ["deploys", "finish", "DEP-1", "--result", "failed"])
        _ = try Self.must(cli, ["deploys", "rollback", "DEP-1"])
        _ = try Self.must(cli, ["incidents", "declare", "--title", "Token in logs", "--category", "security", "--severity", "SEV-2", "--class",
                                "data-exposure", "--commander", PmopsCLI.osLogin, "--security-lead", PmopsCLI.osLogin])
        _ = try Self.must(cli, ["deploys", "link-incident", "DEP-1", "INC-1"])
        let show = try Self.must(cli, ["deploys", "show", "DEP-1"])
        #expect(show.stdout.contains("incident  INC-1 Token in logs"), "\(show)")
        let stats = try Self.must(cli, ["deploys", "stats", "--explain"])
        #expect(stats.stdout.contains("api") && stats.stdout.contains("100 %") && stats.stdout.contains("change failure rate  finished"), "\(stats)")
        let json = try #require(try cli.json(["deploys", "stats", "--json"]) as? [[String: Any]])
        #expect(json.first?["rollback_rate"] as? Double == 1 && json.first?["deployments"] as? Int == 1)
    }

    @Test("a malformed report: one sentence, exit 2, nothing recorded", arguments: [
        (["deploys", "start", "--service", "API!", "--version", "1"], "is not a service name"),
        (["deploys", "start", "--service", "api", "--version", ""], "a version is 1–100 characters"),
        (["deploys", "start", "--service", "api", "--version", "1", "--component", "a b"], "is not a component name"),
        (["deploys", "start", "--service", "api", "--version", "1", "--link", "ftp://x/y"], "is not an http(s) URL"),
        (["deploys", "start", "--service", "api", "--version", "1", "--commit-at", "yesterday"], "is neither a time"),
        (["deploys", "component", "DEP-1", "api", "--status", "done"], "is not a component report"),
        (["deploys", "finish", "DEP-x"], "is not a deployment number"),
        (["deploys", "finish", "DEP-1", "--result", "maybe"], "is not a result"),
        (["deploys", "rollback", "DEP-1", "--result", "ok"], "is not a result"),
    ] as [([String], String)])
    func malformed(_ args: [String], _ expected: String) throws {
        let cli = try PmopsCLI()
        let before = try Self.counts(cli)
        let result = try cli.run(args)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.hasPrefix("pmops: Invalid ") && result.stderr.contains(expected) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try Self.counts(cli) == before, "nothing half-applied")
    }

    @Test("state conflicts and unknown deployments: exit 5 and 3, nothing half-applied")
    func conflicts() throws {
        let cli = try PmopsCLI()
        _ = try Self.must(cli, ["deploys", "start", "--service", "api", "--version", "1", "--component", "api"])
        let before = try Self.counts(cli)
        let early = try cli.run(["deploys", "finish", "DEP-1"])
        #expect(early.status == 5 && early.stderr.contains("api is still pending or deploying"), "\(early)")
        #expect(try cli.run(["deploys", "show", "DEP-9"]).status == 3)
        #expect(try cli.run(["deploys", "rollback", "DEP-1", "--component", "web"]).status == 3)
        #expect(try Self.counts(cli) == before, "nothing half-applied")
    }

    @Test("check-config: file:line errors, exit 2; a file others can write is refused, exit 4")
    func checkConfig() throws {
        let cli = try PmopsCLI()
        try cli.dir.write("good", "service api\n  window 10m\n  rule rate(http_errors_total[5m]) > 0.05\n  auto-rollback yes\n  rollback /bin/true\n")
        chmod(cli.dir.file("good"), 0o600)
        let good = try cli.run(["deploys", "check-config", "--deploy-config", cli.dir.file("good")], db: .omitted)
        #expect(good.status == 0 && good.stdout.contains("api: window 10 minutes, 1 rules, 0 probes, auto-rollback yes"), "\(good)")
        try cli.dir.write("bad", "service api\n  rule rate(http_errors_total) > 0.05\n  colour red\n")
        chmod(cli.dir.file("bad"), 0o600)
        let bad = try cli.run(["deploys", "check-config", "--deploy-config", cli.dir.file("bad")], db: .omitted)
        #expect(bad.status == 2 && bad.stderr.contains("bad:3") && bad.stderr.contains("'colour' is not a deploy config key"), "\(bad)")
        try cli.dir.write("rule", "service api\n  rule rate(http_errors_total) > 0.05\n")
        chmod(cli.dir.file("rule"), 0o600)
        let rule = try cli.run(["deploys", "check-config", "--deploy-config", cli.dir.file("rule")], db: .omitted)
        #expect(rule.status == 2 && rule.stderr.contains("rule:2: "), "\(rule)")
        chmod(cli.dir.file("good"), 0o666)
        let open = try cli.run(["deploys", "check-config"], db: .omitted, env: ["PMOPS_DEPLOY_CONFIG": cli.dir.file("good")])
        #expect(open.status == 4 && open.stderr.contains("others can write to it"), "\(open)")
    }

    @Test("collect --once --deploy-config opens the gate from the operator's stanza; a service without one passes, saying so")
    func collectorGate() throws {
        let cli = try PmopsCLI()
        _ = try Self.must(cli, ["deploys", "start", "--service", "api", "--version", "1"])
        _ = try Self.must(cli, ["deploys", "finish", "DEP-1"])
        try cli.dir.write("gates", "service api\n  window 10m\n  rule http_errors_ratio > 0.05\n")
        chmod(cli.dir.file("gates"), 0o600)
        _ = try Self.must(cli, ["collect", "--once", "--deploy-config", cli.dir.file("gates")])
        let gating = try Self.must(cli, ["deploys", "show", "DEP-1"])
        #expect(gating.stdout.contains("gating") && gating.stdout.contains("gate      until"), "\(gating)")
        try cli.dir.write("other", "service web\n")
        chmod(cli.dir.file("other"), 0o600)
        _ = try Self.must(cli, ["collect", "--once", "--deploy-config", cli.dir.file("other")])
        let healthy = try Self.must(cli, ["deploys", "show", "DEP-1"])
        #expect(healthy.stdout.contains("DEP-1 api 1 healthy") && healthy.stdout.contains("no health gate configured for api"), "\(healthy)")
    }
}
