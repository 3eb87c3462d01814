import Foundation
import Testing
import _OpsTestSupport

/// Every option (and positional) that takes a number, duration, time or size, fed the values
/// a hostile or careless caller would type, through the built binary: the answer is a
/// sentence and a documented exit code, never a trap (SIGILL, exit 132) and a backtrace.
@Suite("Extreme values for every numeric, duration and time argument")
struct CLIExtremeValuesTests {
    /// One argument under test: the command, the arguments it needs to get that far (cheap
    /// valid values; the value under test comes last, and the last value of an option wins),
    /// and how the value is passed.
    struct Row: Sendable, CustomTestStringConvertible {
        enum Kind: Sendable { case option(String), positional }
        var command: [String]
        var kind: Kind
        var base: [String] = []
        /// The command has no --db option (benchmarks build their own stores).
        var noStore = false
        /// The console needs a terminal: with a valid value it stops at exit 1 saying so.
        var console = false

        var testDescription: String {
            switch kind {
            case let .option(name): "\(command.joined(separator: " ")) --\(name)"
            case .positional: "\(command.joined(separator: " ")) <id>"
            }
        }
        var key: String {
            switch kind {
            case let .option(name): "\(command.joined(separator: " ")) --\(name)"
            case .positional: "\(command.joined(separator: " ")) <id>"
            }
        }
    }

    static func option(_ command: String, _ name: String, _ base: [String] = [], noStore: Bool = false, console: Bool = false) -> Row {
        Row(command: command.split(separator: " ").map(String.init), kind: .option(name), base: base, noStore: noStore, console: console)
    }

    static func positional(_ command: String, _ base: [String] = []) -> Row {
        Row(command: command.split(separator: " ").map(String.init), kind: .positional, base: base)
    }

    static let cover = ["--schedule", "x", "--covered", "y"]
    static let silence = [#"alertname="x""#, "--comment", "test"]
    static let aqBase = ["--total", "1", "--active", "0", "--runs", "1", "--keys", "100", "--size", "60x16"]
    static let importBench = ["--accounts", "10", "--rows", "10", "--creations", "2", "--runs", "1"]
    static let ticketsBench = ["--tickets", "10", "--entries", "10", "--articles", "2", "--ticks", "2", "--step", "15", "--queries", "2", "--runs", "1"]
    static let incidentsBench = ["--changes", "100", "--entries", "10", "--alerts", "2", "--queries", "2", "--runs", "1"]
    static let incidentsPaneBench = ["--incidents", "20", "--entries", "30", "--frames", "2", "--runs", "1"]
    static let changesPaneBench = ["--changes", "50", "--runs", "1"]
    static let configBench = ["--keys", "100", "--evaluations", "2", "--runs", "1"]
    static let storeBench = ["--accounts", "2", "--audit-rows", "1", "--iterations", "100", "--runs", "1", "--list-runs", "1", "--verify-runs", "1"]

    /// Every numeric, duration, time and size argument of every subcommand.
    static let rows: [Row] = [
        option("console", "refresh", console: true),
        option("demo console", "refresh", console: true),
        option("demo console", "seed", console: true),
        option("demo console", "demo-offset", console: true),
        option("demo seed", "seed"),
        option("users set-roles", "expect-version", ["nobody", "--role", "ops"]),
        option("users update", "expect-version", ["nobody", "--team", "sre"]),
        option("users deactivate", "expect-version", ["nobody", "--reason", "left"]),
        option("audit list", "since"), option("audit list", "until"), option("audit list", "limit"),
        option("audit export", "since"), option("audit export", "until"),
        option("outbox list", "limit"),
        option("collect", "heartbeat", ["--once"]), option("collect", "demo-offset", ["--once"]), option("collect", "bench-ticks", ["--once"]),
        option("metrics query", "since", ["pm_queue_depth"]), option("metrics query", "until", ["pm_queue_depth"]),
        option("metrics query", "points", ["pm_queue_depth"]),
        option("alerts list", "limit"), option("alerts list", "offset"),
        option("alerts ack", "expect-version", ["1"]),
        option("alerts snooze", "until", ["1"]),
        option("alerts stats", "since"),
        option("silences add", "for", silence), option("silences add", "until", silence),
        option("silences add", "starts", silence + ["--for", "1h"]),
        option("debug render", "size"), option("debug render", "pane"),
        option("bench store", "accounts", storeBench, noStore: true), option("bench store", "audit-rows", storeBench, noStore: true),
        option("bench store", "iterations", storeBench, noStore: true), option("bench store", "runs", storeBench, noStore: true),
        option("bench store", "list-runs", storeBench, noStore: true), option("bench store", "verify-runs", storeBench, noStore: true),
        option("bench store-fixture", "accounts", ["--audit-rows", "1"], noStore: true),
        option("bench store-fixture", "audit-rows", ["--accounts", "2"], noStore: true),
        option("bench console", "iterations"), option("bench console", "runs"), option("bench console", "size"),
        option("bench console-vs-htop", "idle", noStore: true), option("bench console-vs-htop", "runs", noStore: true),
        option("bench footprint", "window", noStore: true), option("bench footprint", "runs", noStore: true),
        option("bench footprint", "simulate", noStore: true),
        option("bench health-scores", "customers", ["--tenant-series", "2", "--runs", "1"], noStore: true),
        option("bench health-scores", "tenant-series", ["--customers", "10", "--runs", "1"], noStore: true),
        option("bench health-scores", "runs", ["--customers", "10", "--tenant-series", "2"], noStore: true),
        positional("customers health"), positional("customers onboarding"), positional("customers outreach", ["--note", "called"]),
        positional("customers plan"),
        positional("integrations add", ["--name", "X", "--kind", "crm", "--owner", "ops", "--api-version", "v1"]),
        option("integrations add", "api-version", ["crm-x", "--name", "X", "--kind", "crm", "--owner", "ops"]),
        positional("integrations advance"), positional("integrations deprecate", ["--api", "v1", "--sunset", "2027-01-01"]),
        positional("integrations review", ["--approve"]), positional("integrations set", ["--name", "X"]),
        option("integrations set", "api-version", ["crm-x"]), positional("integrations show"),
        option("bench alert-queue", "total", aqBase, noStore: true), option("bench alert-queue", "active", aqBase, noStore: true),
        option("bench alert-queue", "runs", aqBase, noStore: true), option("bench alert-queue", "keys", aqBase, noStore: true),
        option("bench alert-queue", "size", aqBase, noStore: true),
        option("bench alert-ingest", "batch", noStore: true), option("bench alert-ingest", "payloads", noStore: true),
        option("bench alert-ingest", "runs", noStore: true),
        option("bench staff-import", "accounts", importBench, noStore: true), option("bench staff-import", "rows", importBench, noStore: true),
        option("bench staff-import", "creations", importBench, noStore: true), option("bench staff-import", "runs", importBench, noStore: true),
        option("bench mail-in", "messages", noStore: true), option("bench mail-in", "runs", noStore: true),
        positional("alerts show"), positional("alerts ack"), positional("alerts resolve"), positional("alerts close"),
        positional("alerts escalate"), positional("alerts assign", ["--unassign"]), positional("alerts snooze", ["--until", "1h"]),
        positional("alerts note"), positional("silences expire"), positional("users onboard"),
        positional("customers show"), option("tickets list", "limit"), option("tickets quarantine", "limit"),
        option("tickets status", "expect-version", ["ESC-1", "triage"]),
        option("tickets stats", "since"), option("kpi", "since"), option("kpi", "buckets"),
        option("billing ingest", "tolerance", ["-", "--signature", "t=1,v1=00"]), option("billing events", "limit"), option("billing revenue", "months"), positional("billing event"),
        option("kb list", "limit"), option("kb search", "limit", ["matrix"]), option("kb edit", "expect-version", ["KB-1", "--tags", "x"]),
        option("bench tickets", "tickets", ticketsBench, noStore: true), option("bench tickets", "entries", ticketsBench, noStore: true),
        option("bench tickets", "articles", ticketsBench, noStore: true), option("bench tickets", "ticks", ticketsBench, noStore: true),
        option("bench tickets", "step", ticketsBench, noStore: true), option("bench tickets", "queries", ticketsBench, noStore: true),
        option("bench tickets", "runs", ticketsBench, noStore: true),
        option("bench oncall", "queries", noStore: true), option("bench oncall", "runs", noStore: true), option("bench oncall", "frames", noStore: true),
        option("oncall handoff", "shift"), option("oncall handoff", "limit"), option("oncall report", "since"),
        option("oncall export", "days", ["--schedule", "x"]), option("oncall schedule show", "count", ["x"]),
        option("oncall override add", "starts", cover + ["--for", "1h"]), option("oncall override add", "for", cover),
        option("oncall override add", "until", cover), positional("oncall override remove"),
        option("incidents list", "limit"), option("incidents status", "expect-version", ["INC-1", "identified"]), option("incidents stats", "since"),
        option("bench incidents", "changes", incidentsBench, noStore: true), option("bench incidents", "entries", incidentsBench, noStore: true),
        option("bench incidents", "alerts", incidentsBench, noStore: true), option("bench incidents", "queries", incidentsBench, noStore: true),
        option("bench incidents", "runs", incidentsBench, noStore: true),
        option("bench incidents-pane", "incidents", incidentsPaneBench, noStore: true),
        option("bench incidents-pane", "entries", incidentsPaneBench, noStore: true),
        option("bench incidents-pane", "frames", incidentsPaneBench, noStore: true),
        option("bench incidents-pane", "runs", incidentsPaneBench, noStore: true),
        option("bench changes-pane", "changes", changesPaneBench, noStore: true),
        option("bench changes-pane", "runs", changesPaneBench, noStore: true),
        option("changes list", "since"), option("changes list", "limit"), option("changes record", "version", ["--kind", "deploy", "--service", "mta"]),
        option("flags stale", "days"),
        option("deploys start", "version", ["--service", "api"]),
        option("deploys list", "since"), option("deploys list", "limit"), option("deploys stats", "since"),
        positional("deploys show"), positional("deploys finish"), positional("deploys rollback"),
        option("bench flags", "flags", ["--evaluations", "10", "--runs", "1"], noStore: true),
        option("bench flags", "evaluations", ["--flags", "10", "--runs", "1"], noStore: true),
        option("bench flags", "runs", ["--flags", "10", "--evaluations", "10"], noStore: true),
        positional("config show"), positional("config set", ["--submit"]), positional("config approve"), positional("config reject", ["--reason", "x"]),
        positional("config apply", ["--env", "staging"]), positional("config rollback", ["--rationale", "x"]),
        option("config rollback", "to-version", ["--key", "api.burst", "--env", "staging", "--rationale", "x"]),
        option("bench config", "keys", configBench, noStore: true), option("bench config", "evaluations", configBench, noStore: true),
        option("bench config", "runs", configBench, noStore: true),
        option("billing reconcile", "since"),
        option("bench billing-ingest", "events", ["--runs", "1"], noStore: true), option("bench billing-ingest", "runs", ["--events", "10"], noStore: true),
        option("bench billing-ingest", "batch", ["--events", "10", "--runs", "1"], noStore: true),
    ]

    /// 0, -0, negative, Int64.max and beyond, 1e308, NaN, infinities, an over-long duration,
    /// empty, and 100 KB.
    static let values = ["0", "-0", "-1", "9223372036854775807", "99999999999999999999", "1e308", "1e308s", "nan", "inf", "-inf",
                         "999999999999d", "", String(repeating: "9", count: 100_000)]

    @Test("answers with a documented exit code and a short sentence, never a crash", arguments: rows)
    func extremeValues(row: Row) throws {
        let cli = try PmopsCLI()
        for value in Self.values {
            var arguments = row.command + row.base
            if row.command.first == "bench", ["store", "store-fixture", "alert-queue"].contains(row.command.last ?? "") {
                // The fixture of a benchmark that does run lives in the test's directory.
                arguments += ["--fixture", cli.dir.file("bench.sqlite")]
            }
            switch row.kind {
            case let .option(name): arguments.append("--\(name)=\(value)")
            case .positional: arguments += ["--db", cli.dbPath, "--", value] + (row.command.last == "note" ? ["text"] : [])
            }
            let db: PmopsCLI.DB = row.noStore || row.kind.isPositional ? .omitted : .store
            let result = try cli.run(arguments, db: db, timeout: 30)
            let shown = "\(row.key)=\(value.prefix(30))"
            var allowed: Set<Int32> = [0, 2, 3, 4, 5]
            if row.console, result.stderr.contains("The console needs a terminal") { allowed.insert(1) }
            #expect(allowed.contains(result.status), "\(shown): \(result.description.prefix(600))")
            for marker in ["Fatal error", "Backtrace", "Crash", "Illegal instruction", "Program crashed"] {
                #expect(!result.stderr.contains(marker), "\(shown) printed \(marker): \(result.stderr.prefix(600))")
            }
            #expect(result.stderr.utf8.count < 2_000, "\(shown) echoed \(result.stderr.utf8.count) bytes of stderr")
            #expect(!result.timedOut, "\(shown) did not finish")
        }
    }

    @Test("times at the edge of the range: a silence past 9999 is a validation error, not a constraint failure")
    func edgeOfTime() throws {
        let cli = try PmopsCLI()
        let late = try cli.run(["silences", "add", #"a="b""#, "--starts", "9999-12-31", "--for", "1d", "--comment", "x"])
        #expect(late.status == 2, "\(late)")
        #expect(late.stderr == "pmops: Invalid ends: a silence must start and end between 1970 and 9999.\n")
        let early = try cli.run(["audit", "list", "--since", "1969-12-31"])
        #expect(early.status == 2, "\(early)")
        #expect(try cli.run(["audit", "list", "--since", "1970-01-01", "--until", "9999-12-31T23:59:59.999Z"]).status == 0)
    }

    /// Options whose name or default value says they take a number, duration, time or size.
    static func numericArguments(in dump: [String: Any], path: [String] = []) -> Set<String> {
        var found = Set<String>()
        let words = ["limit", "offset", "since", "until", "starts", "for", "points", "version", "heartbeat", "ticks", "refresh", "seed",
                     "size", "iterations", "runs", "accounts", "rows", "total", "active", "batch", "payloads", "idle", "duration",
                     "interval", "timeout", "count", "days", "seconds", "port", "max", "min", "id", "ids", "age", "after", "before", "hours"]
        for argument in dump["arguments"] as? [[String: Any]] ?? [] {
            let kind = argument["kind"] as? String
            guard kind == "option" || kind == "positional" else { continue }
            let name = (argument["names"] as? [[String: Any]])?.first?["name"] as? String
            let valueName = argument["valueName"] as? String ?? ""
            let last = (name ?? valueName).split(separator: "-").last.map(String.init) ?? ""
            let defaultValue = argument["defaultValue"] as? String ?? ""
            let numericDefault = defaultValue.first?.isNumber == true
            guard words.contains(last) || words.contains(valueName) || numericDefault else { continue }
            found.insert(name.map { "\(path.joined(separator: " ")) --\($0)" } ?? "\(path.joined(separator: " ")) <id>")
        }
        for sub in dump["subcommands"] as? [[String: Any]] ?? [] {
            guard let name = sub["commandName"] as? String, name != "help" else { continue }
            found.formUnion(numericArguments(in: sub, path: path + [name]))
        }
        return found
    }

    @Test("the table covers every numeric, duration, time and size argument pmops has")
    func tableIsComplete() throws {
        let cli = try PmopsCLI(initialize: false)
        let result = try cli.run(["--experimental-dump-help"], db: .omitted)
        try #require(result.status == 0, "\(result)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let command = try #require(json["command"] as? [String: Any])
        let inBinary = Self.numericArguments(in: command)
        let inTable = Set(Self.rows.map(\.key))
        #expect(inBinary.subtracting(inTable).sorted() == [], "numeric arguments missing from CLIExtremeValuesTests.rows")
        #expect(inTable.subtracting(inBinary).sorted() == [], "rows naming arguments pmops no longer has (or the detector missed)")
        // The detector is not a tautology: it finds what it should on a known command.
        #expect(inBinary.contains("alerts list --offset") && inBinary.contains("alerts show <id>") && !inBinary.contains("alerts list --team"))
    }
}

extension CLIExtremeValuesTests.Row.Kind {
    var isPositional: Bool { if case .positional = self { true } else { false } }
}
