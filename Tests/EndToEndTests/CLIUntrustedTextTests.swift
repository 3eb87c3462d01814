import Foundation
import Testing
import _OpsTestSupport

/// Untrusted text through the built binary: NUL refused at the edge, look-alike and
/// invisible characters refused in identities, invisible characters escaped in plain
/// output, and echoed input cut to an excerpt.
@Suite("Untrusted text: one rule at every edge")
struct CLIUntrustedTextTests {
    static func webhook(labels: String, summary: String) -> Data {
        Data("""
        {"receiver":"r","status":"firing","alerts":[{"status":"firing","labels":\(labels),"annotations":{"summary":"\(summary)"},
         "startsAt":"2026-11-27T14:59:57Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"0123456789abcdef"}],
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"","version":"4","groupKey":"{}","truncatedAlerts":0}
        """.utf8)
    }

    @Test("a NUL in an ingested summary or service is refused naming the field, and nothing is stored", arguments: [
        (#"{"alertname":"A","service":"mta"}"#, #"nul\u0000cut"#, "alerts[0].annotations.summary"),
        (#"{"alertname":"A","service":"m\u0000ta"}"#, "S", "alerts[0].labels.service"),
    ])
    func nulRefused(labels: String, summary: String, field: String) throws {
        let cli = try PmopsCLI()
        let result = try cli.run(["alerts", "ingest", "-"], stdin: Self.webhook(labels: labels, summary: summary))
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(field) && result.stderr.contains("NUL character (U+0000)"), "\(result.stderr)")
        #expect(try SQLite3.exec(cli.dbPath, "SELECT count(*) FROM alert;") == "0\n")
        // The same payload without the NUL goes in and reads back whole.
        let clean = try cli.run(["alerts", "ingest", "-", "--json"], stdin: Self.webhook(labels: labels.replacingOccurrences(of: #"\u0000"#, with: ""),
                                                                                          summary: summary.replacingOccurrences(of: #"\u0000"#, with: "")))
        #expect(clean.status == 0, "\(clean)")
    }

    @Test("a NUL in a rules file is refused with its line")
    func nulInRules() throws {
        let cli = try PmopsCLI(initialize: false)
        let path = cli.dir.file("nul.rules")
        try Data("rule high_queue\n  expr pm_queue_depth > 10\n  summary \"queue\u{0}deep\"\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try cli.run(["rules", "check", path], db: .omitted)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(":3:") && result.stderr.contains("NUL character"), "\(result.stderr)")
    }

    @Test("look-alike and invisible characters in an email or a name are refused; a look-alike cannot pass the unique index", arguments: [
        (["--email", "amy\u{FF20}example.com"], "email"), (["--email", "\u{0430}my@example.com"], "email"),
        (["--email", "amy\u{200B}@example.com"], "email"), (["--email", "\u{FEFF}amy@example.com"], "email"),
        (["--name", "Amy\u{200B}"], "name"), (["--name", "A\u{2060}my"], "name"), (["--name", "Amy\u{200F}"], "name"),
    ])
    func lookAlikes(change: [String], field: String) throws {
        let cli = try PmopsCLI()
        #expect(try cli.run(["users", "add", "--yes", "amy", "--name", "Amy", "--email", "amy@example.com", "--role", "ops"]).status == 0)
        let result = try cli.run(["users", "add", "--yes", "amy2", "--name", "Amy Two", "--email", "amy2@example.com", "--role", "ops"] + change)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.hasPrefix("pmops: Invalid \(field): "), "\(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains { $0.properties.generalCategory == .format }, "the error carries the invisible character")
    }

    @Test("plain output escapes invisible characters that stored text carries")
    func plainOutputEscapes() throws {
        let cli = try PmopsCLI()
        let labels = #"{"alertname":"A","service":"ad\u200bmin"}"#
        #expect(try cli.run(["alerts", "ingest", "-"], stdin: Self.webhook(labels: labels, summary: #"disk\u2060full\ufeff"#)).status == 0)
        let list = try cli.run(["alerts", "list"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains(#"ad\u{200B}min"#) && list.stdout.contains(#"disk\u{2060}full\u{FEFF}"#), "\(list.stdout)")
        #expect(!list.stdout.unicodeScalars.contains { $0.properties.generalCategory == .format }, "raw format characters in plain output")
        let json = try #require(try cli.json(["alerts", "show", "1", "--json"]) as? [String: Any])
        #expect((json["alert"] as? [String: Any])?["summary"] as? String == "disk\u{2060}full\u{FEFF}", "stored exactly")
    }

    @Test("echoed input is at most 60 characters plus its size, in the original case")
    func excerpts() throws {
        let cli = try PmopsCLI()
        let big = String(repeating: "A", count: 100_000)
        let cases: [[String]] = [
            ["users", "add", "--yes", "bob", "--name", "Bob", "--email", "bob@example.com", "--role", "ops", "--team", big],
            ["users", "add", "--yes", "bob", "--name", "Bob", "--email", "bob@example.com", "--role", big],
            ["audit", "list", "--since", big], ["alerts", "list", "--state", big], ["alerts", "list", "--limit", big],
            ["silences", "add", big, "--for", "1h", "--comment", "x"], ["audit", "export", "--format", big],
        ]
        for args in cases {
            let result = try cli.run(args)
            #expect(result.status == 2, "\(args.prefix(4)): \(result.description.prefix(300))")
            #expect(result.stderr.utf8.count < 1_000, "\(args.prefix(4)) echoed \(result.stderr.utf8.count) bytes")
            #expect(result.stderr.contains("'\(String(repeating: "A", count: 60))…' (100000 bytes)"), "\(args.prefix(4)): \(result.stderr.prefix(300))")
        }
    }
}
