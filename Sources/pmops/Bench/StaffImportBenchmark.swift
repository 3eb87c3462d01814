import ArgumentParser
import Foundation
import OpsCore
import OpsFixtures
import OpsStore

extension BenchCommand {
    /// `pmops bench staff-import`: issue #20's two figures, on WAL file stores.
    struct StaffImport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "staff-import",
            abstract: "HR import: a 10,000-row plan against 10,000 accounts (target < 1 s); 1,000 creations applied (target < 5 s).",
            discussion: """
            Plan: a store of --accounts bench accounts; a CSV of --rows people: 90 % of the accounts (every
            tenth with a new name, so updates), the rest new people; the accounts left out are proposed
            deactivations. Timed: planImport (SHA-256, UTF-8 check, CSV parse, reading every account, the plan).
            Apply: a fresh store and a CSV of --creations new people; timed: applyImport (one transaction,
            audit row and welcome email per account, then the users.import row).
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Accounts in the plan's store.") var accounts = 10_000
        @Option(help: "Rows of the planned export.") var rows = 10_000
        @Option(help: "People created by the timed apply.") var creations = 1_000
        @Option(help: "Runs.") var runs = 3

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(accounts, field: "accounts", in: 1...1_000_000)
                try InputLimits.count(rows, field: "rows", in: 1...1_000_000)
                try InputLimits.count(creations, field: "creations", in: 1...100_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        func run() throws {
            let login = OSIdentity.currentLogin()
            let actor = ActorContext(osLogin: login)
            let teams = Array(Set(DemoStaff.people(seed: 7).compactMap(\.team))).sorted()
            let mapping = try RoleMapping.parse(teams.map { "department \"\($0)\" = ops" }.joined(separator: "\n"))
            var planSeconds = BenchSamples(), applySeconds = BenchSamples()
            var planned = ""
            for run in 0..<runs {
                try Self.withStore(run: run, login: login) { db throws in
                    try db.loadBenchmarkFixtures(accounts: accounts, auditRows: 1)
                    let csv = Self.csv(rows: rows, accounts: accounts, teams: teams)
                    let (seconds, preview) = try BenchClock.time { try db.planImport(csv, format: .csv, mapping: mapping, as: actor) }
                    planSeconds.append(seconds)
                    let p = preview.plan
                    planned = "\(p.creates.count) create, \(p.updates.count) update, \(p.deactivations.count) deactivate, \(p.unchanged) unchanged"
                    report.progress("plan run \(run + 1): \(String(format: "%.3f", seconds)) s (\(planned))")
                }
                try Self.withStore(run: run, login: login) { db throws in
                    let csv = Self.csv(rows: creations, accounts: 0, teams: teams)
                    let (seconds, result) = try BenchClock.time {
                        try db.applyImport(csv, format: .csv, mapping: mapping, deactivateMissing: false, as: actor)
                    }
                    guard result.created == creations else { throw ValidationError("created \(result.created) of \(creations)") }
                    applySeconds.append(seconds)
                    report.progress("apply run \(run + 1): \(String(format: "%.3f", seconds)) s")
                }
            }
            try BenchReport(suite: "staff-import", date: BenchReport.now(), label: report.label, machine: BenchMachine.current(),
                            fixture: ["plan": "\(rows) rows against \(accounts) accounts (\(planned))", "apply": "\(creations) creations, fresh store"],
                            figures: [
                                BenchFigure(id: "import.plan", label: "plan \(rows) rows vs \(accounts) accounts", unit: "s", perRun: planSeconds,
                                            target: BenchTarget(stat: .median, comparison: .below, value: 1)),
                                BenchFigure(id: "import.apply", label: "apply \(creations) creations", unit: "s", perRun: applySeconds,
                                            target: BenchTarget(stat: .median, comparison: .below, value: 5)),
                            ]).print(json: report.json, saveTo: report.save)
        }

        static func withStore(run: Int, login: String, _ body: (AppDatabase) throws -> Void) throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pmops-import-bench-\(getpid())-\(run)")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let db = try AppDatabase(path: dir.appendingPathComponent("s.db").path)
            _ = try db.initialize(login: login, displayName: "Bench", email: "\(login)@bench.example.com")
            try body(db)
            db.close()
        }

        /// The first 90 % of `accounts` as the fixture made them (every tenth renamed), then new people.
        static func csv(rows: Int, accounts: Int, teams: [String]) -> Data {
            let people = DemoStaff.people(seed: 7)
            var out = "login,name,email,team\n"
            out.reserveCapacity(rows * 64)
            let kept = min(rows, accounts * 9 / 10)
            for i in 0..<kept {
                let p = people[i % people.count]
                out += "bench\(i),\"\(i % 10 == 0 ? "Renamed \(i)" : p.displayName)\",bench\(i)@bench.example.com,\(p.team ?? teams[0])\n"
            }
            for i in kept..<rows { out += "hire\(i),New Hire \(i),hire\(i)@example.com,\(teams[i % teams.count])\n" }
            return Data(out.utf8)
        }
    }
}
