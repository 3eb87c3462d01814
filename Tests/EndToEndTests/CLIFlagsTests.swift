import Foundation
import Testing
import _OpsTestSupport

/// Feature flags through the built binary: create, target, roll out step by step, kill,
/// evaluate, export; bad input is one sentence, exit 2 (3 for an unknown flag), and
/// changes nothing; every change writes its version, its audit row and a change event.
@Suite("Feature flags through the CLI")
struct CLIFlagsTests {
    static func must(_ cli: PmopsCLI, _ args: [String]) throws -> ProcessResult {
        let result = try cli.run(args)
        try #require(result.status == 0, "\(args.joined(separator: " ")): \(result)")
        return result
    }

    static func counts(_ cli: PmopsCLI) throws -> String {
        try SQLite3.exec(cli.dbPath, "SELECT (SELECT count(*) FROM feature_flag_version), (SELECT count(*) FROM change_event WHERE kind = 'flag'), (SELECT count(*) FROM audit WHERE action LIKE 'flag.%'), (SELECT group_concat(definition, '|') FROM feature_flag);")
    }

    @Test("a rollout walks 1, 5, 25, 50, 100 %; eval follows it; each step is a version, an audit row and a change event")
    func lifecycle() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        _ = try Self.must(cli, ["flags", "create", "warmup-v2", "--rule", "tenant=internal,region=eu|uk -> on", "--description", "Adaptive warm-up"])
        let ruled = try Self.must(cli, ["flags", "eval", "warmup-v2", "--context", "tenant=internal", "region=uk", "--json"])
        #expect(ruled.stdout.contains("\"variant\" : \"on\"") && ruled.stdout.contains("TARGETING_MATCH"), "\(ruled)")
        for step in ["1", "5", "25", "50", "100"] { _ = try Self.must(cli, ["flags", "rollout", "warmup-v2", "--to", step]) }
        let all = try Self.must(cli, ["flags", "eval", "warmup-v2", "--targeting-key", "user-9", "--context", "tenant=acme"])
        #expect(all.stdout == "warmup-v2 = true (variant on, TARGETING_MATCH)\n", "\(all)")
        let show = try Self.must(cli, ["flags", "show", "warmup-v2"])
        #expect(show.stdout.contains("rollout: on 100 %") && show.stdout.contains("v6 rollout by"), "\(show)")
        #expect(try Self.counts(cli).hasPrefix("6|6|6|"))
        let changes = try Self.must(cli, ["changes", "list", "--service", "warmup-v2"])
        #expect(changes.stdout.contains("flag") && changes.stdout.contains("v6"), "\(changes)")

        _ = try Self.must(cli, ["flags", "kill", "warmup-v2"])
        let killed = try Self.must(cli, ["flags", "eval", "warmup-v2", "--context", "tenant=internal", "region=uk", "targetingKey=u-1"])
        #expect(killed.stdout == "warmup-v2 = false (variant off, STATIC)\n", "\(killed)")
        let export = try Self.must(cli, ["flags", "export", "--format", "flagd"])
        #expect(export.stdout.contains("\"warmup-v2\":{\"defaultVariant\":\"off\""), "\(export)")
        #expect(!export.stdout.contains("targeting"), "a killed flag exports without targeting: \(export)")
    }

    @Test("bad input: one sentence, the documented exit code, nothing changed", arguments: [
        (["flags", "rollout", "warmup-v2", "--to", "25"], Int32(2), "out of order"),
        (["flags", "rollout", "warmup-v2", "--to", "30"], 2, "is not a rollout step"),
        (["flags", "rollout", "warmup-v2", "--to", "1", "--variant", "maybe"], 2, "is not a variant of warmup-v2"),
        (["flags", "create", "warmup-v2"], 5, "already exists"),
        (["flags", "create", "other", "--kind", "boolean", "--variant", "on=yes"], 2, "must be true or false"),
        (["flags", "create", "other", "--rule", "plan=pro -> maybe"], 2, "is not a variant of other"),
        (["flags", "create", "other", "--rule", "appVersion>=one -> on"], 2, "is not a semantic version"),
        (["flags", "set", "warmup-v2", "--default", "maybe"], 2, "is not a variant of warmup-v2"),
        (["flags", "kill", "nope"], 3, "No flag nope"),
        (["flags", "eval", "nope"], 3, "No flag nope"),
        (["flags", "show", "Bad Key"], 2, "is not a flag key"),
        (["flags", "export", "--format", "yaml"], 2, "is not an export format"),
    ])
    func badInput(_ args: [String], _ status: Int32, _ phrase: String) throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        _ = try Self.must(cli, ["flags", "create", "warmup-v2"])
        let before = try Self.counts(cli)
        let result = try cli.run(args)
        #expect(result.status == status, "\(result)")
        #expect(result.stderr.contains(phrase) && result.stderr.split(separator: "\n").count == 1, "\(result)")
        #expect(try Self.counts(cli) == before)
    }

    @Test("export onto a missing folder or a read-only path: one sentence, exit 1, nothing written; a good path is replaced whole")
    func exportPaths() throws {
        let cli = try PmopsCLI()
        _ = try Self.must(cli, ["flags", "create", "warmup-v2"])
        for path in [cli.dir.file("missing/flags.json"), "/proc/flags.flagd.json"] {
            let result = try cli.run(["flags", "export", "--format", "flagd", "--output", path])
            #expect(result.status == 1 && result.stderr.hasPrefix("pmops: Cannot write ") && result.stderr.split(separator: "\n").count == 1, "\(result)")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        let good = cli.dir.file("flags.flagd.json")
        try "old".write(toFile: good, atomically: false, encoding: .utf8)
        _ = try Self.must(cli, ["flags", "export", "--format", "flagd", "--output", good])
        let text = try String(contentsOfFile: good, encoding: .utf8)
        #expect(text.hasPrefix("{\"$schema\":\"https://flagd.dev/schema/v0/flags.json\"") && text.hasSuffix("}\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.dir.path).filter { $0.contains(".tmp") }.isEmpty)
    }

    @Test("stale: a flag at 100 % for N days and one never evaluated are listed; an evaluated one is not")
    func stale() throws {
        let cli = try PmopsCLI()
        _ = try Self.must(cli, ["flags", "create", "done-flag"])
        _ = try Self.must(cli, ["flags", "create", "used-flag"])
        for step in ["1", "5", "25", "50", "100"] { _ = try Self.must(cli, ["flags", "rollout", "done-flag", "--to", step]) }
        _ = try Self.must(cli, ["flags", "eval", "used-flag"])
        _ = try Self.must(cli, ["flags", "eval", "done-flag"])
        let now = try Self.must(cli, ["flags", "stale", "--days", "1", "--json"])
        #expect(now.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || now.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(now)")
        try SQLite3.exec(cli.dbPath, "UPDATE feature_flag SET rollout_at = '2020-01-01T00:00:00.000Z', created_at = '2020-01-01T00:00:00.000Z', last_evaluated_at = '2020-01-01T00:00:00.000Z' WHERE key = 'done-flag'; UPDATE feature_flag SET created_at = '2020-01-01T00:00:00.000Z', last_evaluated_at = NULL WHERE key = 'used-flag';")
        let later = try Self.must(cli, ["flags", "stale", "--days", "30"])
        #expect(later.stdout.contains("done-flag") && later.stdout.contains("at 100 % since 2020-01-01"), "\(later)")
        #expect(later.stdout.contains("used-flag") && later.stdout.contains("never evaluated"), "\(later)")
    }
}
