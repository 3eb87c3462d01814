import Foundation
import Testing
import _OpsTestSupport

/// `pmops alerts ingest` through the built binary, with the captured Alertmanager 0.25
/// webhook notifications and hostile ones.
@Suite("alerts ingest end to end")
struct AlertsIngestTests {
    @Test("each captured notification in turn: created, truncated, resolved, reopened, unchanged")
    func samples() throws {
        let cli = try PmopsCLI()
        func ingest(_ name: String) throws -> [String: Any] {
            try #require(try cli.json(["alerts", "ingest", try AlertsIngestCLI.sample(name), "--json"]) as? [String: Any])
        }
        let first = try ingest("01_firing_critical_pager.json")
        #expect(first["created"] as? Int == 1)
        #expect(first["alerts"] as? Int == 1)
        #expect(first["receiver"] as? String == "ops-console-pager")
        #expect(first["status"] as? String == "firing")
        #expect(Set(first.keys) == ["alerts", "created", "updated", "resolved", "unchanged", "truncated_alerts", "receiver", "status", "group_key"])
        #expect(try ingest("02_firing_info_default.json")["created"] as? Int == 1)

        let truncated = try cli.run(["alerts", "ingest", try AlertsIngestCLI.sample("03_firing_truncated_max_alerts1.json")])
        #expect(truncated.status == 0, "\(truncated)")
        #expect(truncated.stdout == "1 alert from ops-console-pager: 1 created, 0 updated, 0 resolved, 0 unchanged; "
            + "1 alert truncated by Alertmanager (truncatedAlerts).\n")

        #expect(try ingest("04_firing_warning_after_inhibition_lifted.json")["created"] as? Int == 1)
        let resolved = try ingest("05_resolved_critical.json")
        #expect(resolved["resolved"] as? Int == 1)
        #expect(resolved["status"] as? String == "resolved")
        #expect(try ingest("04_firing_warning_after_inhibition_lifted.json")["unchanged"] as? Int == 1)
        #expect(try ingest("01_firing_critical_pager.json")["created"] as? Int == 1, "firing again after resolving is a new occurrence")

        let rows = try SQLite3.exec(cli.dbPath, """
            SELECT fingerprint, source, severity, status FROM alert ORDER BY id;
            """)
        #expect(rows == """
            am:894a70d6319a0ee0|alertmanager|critical|resolved
            am:7fc10c9799377542|alertmanager|info|firing
            am:54b8e867884ac51e|alertmanager|critical|firing
            am:480a2eef1b746d23|alertmanager|warning|firing
            am:894a70d6319a0ee0|alertmanager|critical|firing

            """)
    }

    @Test("standard input: '-' and no argument")
    func standardInput() throws {
        let cli = try PmopsCLI()
        let payload = try FileFacts.bytes(try AlertsIngestCLI.sample("02_firing_info_default.json"))
        let dash = try cli.run(["alerts", "ingest", "-"], stdin: payload)
        #expect(dash.status == 0, "\(dash)")
        #expect(dash.stdout == "1 alert from ops-console: 1 created, 0 updated, 0 resolved, 0 unchanged.\n")
        let bare = try cli.run(["alerts", "ingest"], stdin: payload)
        #expect(bare.stdout == "1 alert from ops-console: 0 created, 0 updated, 0 resolved, 1 unchanged.\n")
    }

    @Test("bad payloads: one sentence, exit 2 (3 for a missing file), and nothing applied")
    func badPayloads() throws {
        let cli = try PmopsCLI()
        #expect(try cli.run(["alerts", "ingest", try AlertsIngestCLI.sample("01_firing_critical_pager.json")]).status == 0)
        let before = try AlertsIngestCLI.counts(cli)
        let good = try FileFacts.text(try AlertsIngestCLI.sample("04_firing_warning_after_inhibition_lifted.json"))
        let withoutFingerprint = good.replacingOccurrences(of: #","fingerprint":"480a2eef1b746d23""#, with: "")
        // A second alert that is fine, after one that is not: the good one must not land either.
        let mixed = good.replacingOccurrences(of: #""alerts":["#, with: #""alerts":[{"status":"firing","labels":{"alertname":"Fine"},"startsAt":"2026-11-27T14:59:57Z","fingerprint":"00000000000000ff"},"#)
            .replacingOccurrences(of: #""startsAt":"2026-11-27T14:59:57.099311811Z""#, with: #""startsAt":"soon""#)
        let cases: [(name: String, text: String, status: Int32, message: String)] = [
            ("truncated.json", String(good.prefix(300)), 2, "The payload ends at byte 300 inside "),
            ("v3.json", good.replacingOccurrences(of: #""version":"4""#, with: #""version":"3""#), 2,
             "Unsupported webhook version 3; pmops reads version 4."),
            ("nofp.json", withoutFingerprint, 2, "The payload has no alerts[0].fingerprint; Alertmanager always sends it."),
            ("mixed.json", mixed, 2, "The payload's alerts[1].startsAt \"soon\" is not an RFC 3339 time between 1970 and 9999."),
            ("empty.json", "", 2, "The payload is empty; expected an Alertmanager JSON document."),
        ]
        for bad in cases {
            let path = try cli.dir.write(bad.name, bad.text)
            let result = try cli.run(["alerts", "ingest", path])
            #expect(result.status == bad.status, "\(bad.name): \(result)")
            #expect(result.stderrLines.count == 1, "\(bad.name): \(result.stderr)")
            #expect(result.stderr.hasPrefix("pmops: " + bad.message), "\(bad.name): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }

        let huge = cli.dir.file("huge.json")
        #expect(FileManager.default.createFile(atPath: huge, contents: Data(count: 10 * 1_048_576 + 1)))
        let oversized = try cli.run(["alerts", "ingest", huge])
        #expect(oversized.status == 2)
        #expect(oversized.stderr == "pmops: The payload is over the 10 MiB limit; reading stopped there and nothing was applied.\n")
        let piped = try cli.run(["alerts", "ingest", "-"], stdin: Data(repeating: 0x20, count: 11 * 1_048_576))
        #expect(piped.status == 2)
        #expect(piped.stderr == oversized.stderr)

        let missing = try cli.run(["alerts", "ingest", cli.dir.file("nope.json")])
        #expect(missing.status == 3)
        #expect(missing.stderr == "pmops: Cannot read \(cli.dir.file("nope.json")): no such file or directory.\n")
        let folder = try cli.run(["alerts", "ingest", cli.dir.path])
        #expect(folder.status == 1)
        #expect(try AlertsIngestCLI.counts(cli) == before, "no alert row and no audit row from a refused payload")
    }

    @Test("a bad payload is refused before the store is opened: no store file appears")
    func beforeTheStore() throws {
        let cli = try PmopsCLI(initialize: false)
        let path = try cli.dir.write("bad.json", "{")
        let result = try cli.run(["alerts", "ingest", path])
        #expect(result.status == 2)
        #expect(!FileManager.default.fileExists(atPath: cli.dbPath))
        let good = try cli.run(["alerts", "ingest", try AlertsIngestCLI.sample("01_firing_critical_pager.json")])
        #expect(good.status == 3, "no store yet: \(good)")
    }
}

enum AlertsIngestCLI {
    static func sample(_ name: String) throws -> String {
        try RepoFiles.root() + "/Tests/OpsCollectorTests/Fixtures/alertmanager/webhook-v4/" + name
    }

    /// Alert rows and audit rows.
    static func counts(_ cli: PmopsCLI) throws -> String {
        try SQLite3.exec(cli.dbPath, "SELECT (SELECT count(*) FROM alert) || '/' || (SELECT count(*) FROM audit);")
    }
}
