import Foundation
import Testing
import _OpsTestSupport

/// `pmops kpi` through the built binary: figures from changes made with the CLI itself, the
/// three export formats (the CSV read back by Python's csv module), hidden figures for a
/// reader without the data's permission, and bad options refused with one sentence.
@Suite("CLI: kpi")
struct CLIKPITests {
    func rows(_ cli: PmopsCLI, _ args: [String] = []) throws -> [String: [String: Any]] {
        let report = try #require(try cli.json(["kpi", "--json"] + args) as? [String: Any])
        let kpis = try #require(report["kpis"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: kpis.map { ($0["id"] as? String ?? "", $0) })
    }

    @Test("deployments and a change set recorded with the CLI come back as figures; the rest say why they are empty")
    func figures() throws {
        let cli = try PmopsCLI()
        for status in ["succeeded", "succeeded", "succeeded", "failed"] {
            #expect(try cli.run(["changes", "record", "--kind", "deploy", "--service", "api", "--status", status]).status == 0)
        }
        #expect(try cli.run(["changes", "record", "--kind", "rollback", "--service", "api", "--status", "succeeded"]).status == 0)
        let kpis = try rows(cli, ["--since", "1h"])
        #expect(kpis.count == 19)
        #expect(kpis["deployment-success"]?["value"] as? Double == 75)
        #expect(kpis["deployment-success"]?["sample"] as? Int == 4)
        #expect(kpis["rollback-rate"]?["value"] as? Double == 25)
        #expect((kpis["deployment-success"]?["trend"] as? [Any])?.count == 8)
        for (id, row) in kpis {
            let status = row["status"] as? String
            #expect(["ok", "no-data"].contains(status), "\(id): \(row)")
            if status == "no-data" {
                #expect((row["reason"] as? String)?.isEmpty == false && row["value"] is NSNull, "\(id): \(row)")
            }
            #expect((row["definition"] as? String)?.isEmpty == false)
        }
        #expect(kpis["revenue-accuracy"]?["status"] as? String == "no-data")
    }

    @Test("a support agent sees billing figures as hidden, with the permission they need")
    func hidden() throws {
        let cli = try PmopsCLI()
        #expect(try cli.run(["users", "add", "sam", "--name", "Sam Agent", "--email", "sam@example.com", "--role", "support"]).status == 0)
        let kpis = try rows(cli, ["--as", "sam"])
        #expect(kpis["revenue-accuracy"]?["status"] as? String == "hidden")
        #expect(kpis["revenue-accuracy"]?["needs"] as? String == "billing.read")
        #expect(kpis["deployment-success"]?["status"] as? String != "hidden")
        let text = try cli.run(["kpi", "--as", "sam"])
        #expect(text.status == 0 && text.stdout.contains("Revenue processing accuracy") && text.stdout.contains("needs billing.read"), "\(text)")
    }

    @Test("CSV read back by Python's csv module: a header and one row of ten cells per figure")
    func csv() throws {
        let cli = try PmopsCLI()
        let out = try cli.run(["kpi", "--csv"])
        #expect(out.status == 0, "\(out)")
        let file = cli.dir.file("kpi.csv")
        try Data(out.stdout.utf8).write(to: URL(fileURLWithPath: file))
        let check = try ChildProcess.run("/usr/bin/python3", ["-c", """
            import csv, sys
            rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
            assert rows[0][:3] == ['id', 'group', 'name'], rows[0]
            assert all(len(r) == 10 for r in rows), [len(r) for r in rows]
            print(len(rows) - 1)
            """, file], timeout: 30)
        #expect(check.status == 0 && check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "19", "\(check)")
    }

    @Test("Markdown: a heading per group and a table row per figure")
    func markdown() throws {
        let cli = try PmopsCLI()
        let out = try cli.run(["kpi", "--md", "--since", "90d"])
        #expect(out.status == 0, "\(out)")
        for group in ["Administrative efficiency", "Operational performance", "Technical excellence", "Business impact"] {
            #expect(out.stdout.contains("## \(group)\n"), "\(group)")
        }
        #expect(out.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| KPI") }.count == 19)
    }

    @Test("bad options: one sentence, exit 2", arguments: [
        (["--buckets", "0"], "buckets"), (["--buckets", "61"], "buckets"), (["--since", "soon"], "since"),
        (["--json", "--csv"], "--json, --csv and --md"), (["--since", "2999-01-01"], "since"),
    ])
    func refused(args: [String], mentions: String) throws {
        let cli = try PmopsCLI()
        let r = try cli.run(["kpi"] + args)
        #expect(r.status == 2 && r.stderr.contains(mentions) && r.stdout.isEmpty, "\(args): \(r)")
        #expect(r.stderr.split(separator: "\n").count <= 2, "\(r.stderr)")
    }
}
