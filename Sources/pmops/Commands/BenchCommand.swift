import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops bench …`: the performance figures recorded in BENCHMARKS.md. Hidden from help
/// (it is a developer tool), listed in the README.
///
/// One subcommand per area, each printing a `BenchReport` (table or `--json`):
/// `bench store` measures the foundation (issue 2). Later issues add their own
/// (`bench console`, `bench collector`, `bench alerts`) next to it, reusing
/// `BenchReportOptions`, `BenchFigure`, `BenchSamples` and `BenchProcess`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Performance benchmarks (see BENCHMARKS.md).",
        discussion: """
        Build with 'swift build -c release' first: debug builds are not representative.
        Example: .build/release/pmops bench store --label "$(git rev-parse --short HEAD)"
        """,
        shouldDisplay: false,
        subcommands: [Store.self, StoreFixture.self, Console.self, ConsoleVsHtop.self, Footprint.self, AlertQueue.self, AlertIngest.self, StaffImport.self,
                      Tickets.self, MailIn.self, OnCall.self, Incidents.self, IncidentsPaneBench.self, Flags.self, Config.self, ChangesPaneBench.self,
                      BillingIngest.self, HealthScores.self],
        defaultSubcommand: Store.self)
}

/// Output options every bench subcommand shares.
struct BenchReportOptions: ParsableArguments {
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: ArgumentHelp("Recorded with the report, e.g. the git commit measured.", valueName: "text"))
    var label: String?
    @Option(help: ArgumentHelp("Also write the JSON report to this file.", valueName: "path"))
    var save: String?

    /// Progress goes to standard error so `--json` output stays clean.
    func progress(_ message: String) {
        CLI.writeStderr("bench: \(message)\n")
    }
}

/// Where the benchmark store lives and how big it is.
struct BenchFixtureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Fixture store to use or build (default: a cached file in $TMPDIR/pmops-bench/).", valueName: "path"))
    var fixture: String?
    @Option(help: "Accounts in the fixture, the operator included.") var accounts = 10_000
    @Option(name: .customLong("audit-rows"), help: "Audit rows in the fixture.") var auditRows = 1_000_000
    @Flag(help: "Rebuild the fixture even when a cached one matches.") var rebuild = false

    func validate() throws {
        try CLI.validating { () throws(OpsError) in
            // At least the operator and one more account.
            try InputLimits.count(accounts, field: "accounts", in: 2...10_000_000)
            try InputLimits.count(auditRows, field: "audit-rows", in: BenchLimits.rows)
        }
    }

    var store: BenchStoreFixture {
        let login = OSIdentity.currentLogin()
        return BenchStoreFixture(path: fixture ?? BenchStoreFixture.defaultPath(accounts: accounts, auditRows: auditRows, operatorLogin: login),
                                 accounts: accounts, auditRows: auditRows, operatorLogin: login)
    }
}

extension BenchCommand {
    struct Store: ParsableCommand {
        // An explicit name: deriving it from the type name costs every pmops run ~0.3 ms.
        static let configuration = CommandConfiguration(
            commandName: "store", abstract: "Foundation figures: permission checks, users list --json, audit verify (issue 2).")

        /// A part of the store benchmark, for `--only`.
        enum Part: String, CaseIterable, ExpressibleByArgument {
            case permission, list, verify, startup
        }

        @OptionGroup var report: BenchReportOptions
        @OptionGroup var fixtureOptions: BenchFixtureOptions
        @Option(help: "Permission checks timed per run.") var iterations = 20_000
        @Option(help: "Runs of the permission-check benchmark.") var runs = 5
        @Option(name: .customLong("list-runs"), help: "Timed runs of 'pmops users list --json' (and of the start-up floor).")
        var listRuns = 15
        @Option(name: .customLong("verify-runs"), help: "Timed runs of audit verify (in process and via the binary).")
        var verifyRuns = 3
        @Option(help: ArgumentHelp("Only these parts (repeat): permission, list, verify, startup.", valueName: "part"))
        var only: [Part] = []
        @Option(help: ArgumentHelp("The pmops binary to spawn (default: this one).", valueName: "path"))
        var binary: String?

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(iterations, field: "iterations", in: BenchLimits.iterations)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
                try InputLimits.count(listRuns, field: "list-runs", in: BenchLimits.runs)
                try InputLimits.count(verifyRuns, field: "verify-runs", in: BenchLimits.runs)
            }
        }

        func run() throws {
            let parts = Set(only.isEmpty ? Part.allCases : only)
            let machine = BenchMachine.current()
            let fixture = fixtureOptions.store
            report.progress("fixture \(fixture.path)")
            let (db, buildSeconds) = try fixture.open(rebuild: fixtureOptions.rebuild, progress: report.progress)
            let bench = StoreBenchmarks(db: db, fixture: fixture, binary: binary ?? BenchProcess.currentExecutable(),
                                        progress: report.progress)
            var figures: [BenchFigure] = []
            if let buildSeconds {
                figures.append(BenchFigure(id: "fixture.build", label: "fixture build (\(fixture.auditRows) audit rows)", unit: "s",
                                           perRun: BenchSamples([buildSeconds])))
            }
            if parts.contains(.permission) { figures += try bench.permissionChecks(iterations: iterations, runs: runs) }
            if parts.contains(.startup) { figures.append(try bench.startup(runs: listRuns)) }
            if parts.contains(.list) { figures += try bench.usersList(runs: listRuns) }
            if parts.contains(.verify) { figures += try bench.auditVerify(runs: verifyRuns) }
            try BenchReport(suite: "store", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: fixture.describe(buildSeconds: buildSeconds), figures: figures).print(json: report.json, saveTo: report.save)
        }
    }

    struct StoreFixture: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store-fixture", abstract: "Build (or check) the cached benchmark store and print its path.")
        @OptionGroup var fixtureOptions: BenchFixtureOptions
        @OptionGroup var report: BenchReportOptions

        func run() throws {
            let fixture = fixtureOptions.store
            let (_, buildSeconds) = try fixture.open(rebuild: fixtureOptions.rebuild, progress: report.progress)
            if report.json { return try CLI.printJSON(fixture.describe(buildSeconds: buildSeconds)) }
            print(fixture.describe(buildSeconds: buildSeconds)["fixture"] ?? fixture.path)
        }
    }
}

/// Ranges of the benchmark options, inside `InputLimits.counts`: at least 100 timed
/// iterations (for a p99 to mean anything), and sizes a machine can build.
enum BenchLimits {
    static let iterations = 100...100_000_000
    static let runs = 1...1_000
    static let rows = 1...100_000_000
}
