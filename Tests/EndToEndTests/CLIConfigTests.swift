import Foundation
import Testing
import _OpsTestSupport

/// `pmops config` through the built binary: a change set drafted by one person, refused to
/// its author, approved by a second (`--as`), applied to staging and production, exported
/// and verified, rolled back; the audit chain holds and `changes list` shows the events.
@Suite("CLI: config")
struct CLIConfigTests {
    func people(_ cli: PmopsCLI) throws {
        for (login, role) in [("ana", "devops"), ("bo", "devops"), ("sec", "security")] {
            let added = try cli.run(["users", "add", "--yes", login, "--name", "Person \(login)", "--email", "\(login)@example.com", "--role", role])
            #expect(added.status == 0, "\(added)")
        }
    }

    @Test("draft → four-eyes approval → staging → production → export/verify → rollback, audited, with change events")
    func lifecycle() throws {
        let cli = try PmopsCLI()
        try people(cli)
        let drafted = try #require(try cli.json(["config", "draft", "mta.per_ip_daily_limit=80000", "dmarc.policy=reject", "--rationale",
                                                 "Q1 campaign volume", "--impact", "More mail per IP", "--submit", "--json", "--as", "ana"]) as? [String: Any])
        let id = try #require(drafted["id"] as? Int)
        #expect(drafted["status"] as? String == "in_review")
        let own = try cli.run(["config", "approve", "\(id)", "--as", "ana"])
        #expect(own.status == 4 && own.stderr.contains("Four-eyes"), "\(own)")
        #expect(try cli.run(["config", "apply", "\(id)", "--env", "staging", "--as", "ana"]).stderr.contains("allowed: approve, reject"))
        #expect(try cli.run(["config", "approve", "\(id)", "--as", "sec"]).status == 0)
        #expect(try cli.run(["config", "apply", "\(id)", "--env", "production", "--as", "ana"]).status == 5)
        for step in [["apply", "staging"], ["verify", "staging"], ["apply", "production"], ["verify", "production"]] {
            let r = try cli.run(["config", step[0], "\(id)", "--env", step[1], "--as", step[0] == "verify" ? "bo" : "ana"])
            #expect(r.status == 0, "\(step) \(r)")
        }
        let shown = try #require(try cli.json(["config", "show", "\(id)", "--json"]) as? [String: Any])
        #expect(shown["status"] as? String == "production_verified" && shown["approver"] as? String == "sec")
        #expect((shown["history"] as? [[String: Any]])?.count == 7)

        // Export in both formats, atomically, then verify the files against the revision.
        let json = cli.dir.file("prod.json"), yaml = cli.dir.file("prod.yaml")
        #expect(try cli.run(["config", "export", "--env", "production", "--format", "json", "--output", json]).status == 0)
        #expect(try cli.run(["config", "export", "--env", "production", "--format", "yaml", "--output", yaml]).status == 0)
        let exported = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(exported["revision"] as? Int == 1)
        #expect((exported["settings"] as? [String: Any])?["mta.per_ip_daily_limit"] as? Int == 80000)
        for file in [json, yaml] {
            let ok = try cli.run(["config", "verify", file])
            #expect(ok.status == 0 && ok.stdout.contains("matches production revision 1"), "\(ok)")
        }
        let old = try cli.run(["config", "verify", json, "--revision", "0"])
        #expect(old.status == 1 && old.stdout.contains("dmarc.policy") && old.stdout.contains("mta.per_ip_daily_limit"), "\(old)")
        let tampered = try String(contentsOfFile: yaml, encoding: .utf8).replacingOccurrences(of: "\"tls.min_version\": \"1.2\"", with: "\"tls.min_version\": \"1.0\"")
        let bad = try cli.dir.write("tampered.yaml", tampered)
        let refused = try cli.run(["config", "verify", bad])
        #expect(refused.status == 1 && refused.stdout.contains("tls.min_version") && refused.stdout.contains("sha256"), "\(refused)")
        // PyYAML (Scripts/ensure-deps.sh) is the oracle: it reads the YAML as the JSON export.
        let oracle = try ChildProcess.run("/usr/bin/env", ["python3", "-c", "import sys, yaml, json; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", yaml],
                                          timeout: 60)
        #expect(oracle.status == 0, "PyYAML must be installed (Scripts/ensure-deps.sh): \(oracle)")
        let fromYAML = try #require(try JSONSerialization.jsonObject(with: Data(oracle.stdout.utf8)) as? [String: Any])
        #expect(NSDictionary(dictionary: fromYAML).isEqual(to: exported), "PyYAML reads the YAML as the JSON export")

        // Roll back: a change set of its own, reviewed by someone else, applied in order.
        let back = try #require(try cli.json(["config", "rollback", "\(id)", "--rationale", "Bounces rose on mta-2", "--json", "--as", "bo"]) as? [String: Any])
        let backID = try #require(back["id"] as? Int)
        #expect(back["rollback_of"] as? Int == id)
        #expect(try cli.run(["config", "approve", "\(backID)", "--as", "bo"]).status == 4)
        #expect(try cli.run(["config", "approve", "\(backID)", "--as", "ana"]).status == 0)
        for step in [["apply", "staging"], ["verify", "staging"], ["apply", "production"]] {
            #expect(try cli.run(["config", step[0], "\(backID)", "--env", step[1], "--as", "bo"]).status == 0)
        }
        #expect((try cli.json(["config", "show", "\(id)", "--json"]) as? [String: Any])?["status"] as? String == "rolled_back")
        let diff = try #require(try cli.json(["config", "diff", "--env", "production", "--from", "1", "--json"]) as? [String: Any])
        #expect((diff["differences"] as? [[String: Any]])?.compactMap { $0["key"] as? String } == ["dmarc.policy", "mta.per_ip_daily_limit"])
        #expect(try cli.run(["audit", "verify"]).status == 0)
        let changes = try #require(try cli.json(["changes", "list", "--json"]) as? [[String: Any]])
        #expect(changes.filter { $0["kind"] as? String == "config" }.count == 4)
    }

    @Test("bad input: one sentence, the right exit code, nothing applied")
    func badInput() throws {
        let cli = try PmopsCLI()
        try people(cli)
        let cases: [([String], Int32, String)] = [
            (["config", "draft", "mta.per_ip_daily_limit=5", "--rationale", "x"], 2, "100…2000000"),
            (["config", "draft", "nope.key=5", "--rationale", "x"], 2, "not a platform setting"),
            (["config", "draft", "api.burst=5", "--rationale", " "], 2, "rationale"),
            (["config", "draft", "dmarc.policy=none", "--rationale", "x", "--as", "ana"], 5, "dmarc-enforced"),
            (["config", "draft", "retention.eu_days=7", "--rationale", "x", "--as", "ana"], 5, "retention.eu_days = 7"),
            (["config", "apply", "99", "--env", "staging", "--as", "ana"], 3, "No configuration change set 99"),
            (["config", "apply", "1", "--env", "moon"], 2, "not an environment"),
            (["config", "export", "--env", "production", "--format", "toml"], 2, "json or yaml"),
            (["config", "reject", "1", "--reason", ""], 2, "reason"),
            (["config", "verify", "1"], 2, "--env"),
        ]
        for (args, status, phrase) in cases {
            let r = try cli.run(args)
            #expect(r.status == status && r.stderr.contains(phrase), "\(args): \(r)")
            #expect(r.stderr.split(separator: "\n").count == 1, "one sentence: \(r.stderr)")
        }
        #expect((try cli.json(["config", "show", "--json"]) as? [String: Any])?["open"] as? [Any] != nil)
        let first = try cli.run(["config", "draft", "tls.min_version=1.3", "--rationale", "Modern clients only", "--as", "ana"])
        #expect(first.status == 0)
        let second = try cli.run(["config", "draft", "tls.min_version=1.2", "--rationale", "x", "--as", "bo"])
        #expect(second.status == 5 && second.stderr.contains("change set 1") && second.stderr.contains("tls.min_version"), "\(second)")
        // /proc takes no new files, even from root; a 0500 directory refuses everyone else.
        let proc = try cli.run(["config", "export", "--env", "staging", "--output", "/proc/pmops-config.json"])
        #expect(proc.status == 1 && proc.stderr.hasPrefix("pmops: Cannot write /proc/pmops-config.json") && proc.stdout.isEmpty, "\(proc)")
        let dir = cli.dir.file("ro")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o500])
        let ro = try cli.run(["config", "export", "--env", "staging", "--output", dir + "/out.json"])
        if getuid() != 0 {
            #expect(ro.status == 1 && ro.stderr.contains("Cannot write"), "\(ro)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "nothing written")
        }
    }
}
