import ArgumentParser
import Foundation
import OpsCore

extension BenchCommand {
    /// `pmops bench flags`: flag evaluation and the flagd export, in process.
    struct Flags: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "flags",
            abstract: "Flag evaluation (target p99 < 50 µs) and the flagd export of every flag (target < 200 ms), in process.",
            discussion: """
            The fixture: N flags (default 10,000), each with 20 targeting rules of two clauses
            (tenant among three, region, one rule a sem_ver test and one an ends_with test)
            and a 25 % rollout, compiled once as a long-lived process keeps them. One
            evaluation finds a random flag by key and evaluates it for a random context with a
            targeting key (rules first, then the sticky fractional rollout). The export writes
            every flag as flagd's flag definition JSON into memory.
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Flags in the fixture.") var flags = 10_000
        @Option(help: "Evaluations per run.") var evaluations = 50_000
        @Option(help: "Runs.") var runs = 3

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(flags, field: "flags", in: 1...1_000_000)
                try InputLimits.count(evaluations, field: "evaluations", in: 1...10_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        static func fixture(count: Int) -> [FeatureFlag] {
            let regions = ["us", "eu", "uk", "apac"]
            return (0..<count).map { i in
                let rules = (0..<20).map { r -> FlagRule in
                    var clauses = [FlagClause(attribute: "tenant", op: .oneOf, values: (0..<3).map { "t-\((i + r * 3 + $0) % 500)" }),
                                   FlagClause(attribute: "region", op: .oneOf, values: [regions[r % 4]])]
                    if r == 7 { clauses.append(FlagClause(attribute: "appVersion", op: .versionAtLeast, values: ["2.1.0"])) }
                    if r == 13 { clauses.append(FlagClause(attribute: "email", op: .endsWith, values: ["@penguinmails.com"])) }
                    return FlagRule(clauses: clauses, variant: r % 2 == 0 ? "on" : "off")
                }
                return FeatureFlag(key: "bench-flag-\(i)", kind: .boolean, variants: ["on": true, "off": false], defaultVariant: "off",
                                   rules: rules, rollout: FlagRollout(variant: "on", percent: 25), owner: "bench")
            }
        }

        func run() throws {
            let machine = BenchMachine.current()
            let fixture = Self.fixture(count: flags)
            let compiled = Dictionary(fixture.map { ($0.key, CompiledFlag($0)) }, uniquingKeysWith: { a, _ in a })
            let keys = fixture.map(\.key)
            var rng = SystemRandomNumberGenerator()
            var lookups: [BenchSamples] = []
            var exports = BenchSamples(), treeExports = BenchSamples()
            var treeLookups: [BenchSamples] = []
            var matched = 0
            for run in 0..<runs {
                var samples = BenchSamples(), treeSamples = BenchSamples()
                for _ in 0..<evaluations {
                    let key = keys[Int.random(in: 0..<keys.count, using: &rng)]
                    let context: [String: JSONValue] = ["tenant": .string("t-\(Int.random(in: 0..<600, using: &rng))"),
                                                        "region": .string(["us", "eu", "uk", "apac"][Int.random(in: 0..<4, using: &rng)]),
                                                        "appVersion": "2.1.4", "email": "ana@penguinmails.com"]
                    let targetingKey = "user-\(Int.random(in: 0..<1_000_000, using: &rng))"
                    let start = BenchClock.nanos()
                    let result = compiled[key]?.evaluate(targetingKey: targetingKey, context: context, timestamp: 1_800_000_000)
                    samples.append(Double(BenchClock.nanos() - start) / 1_000)
                    if result?.reason == .targetingMatch { matched += 1 }
                    // The same lookup through FlagLogic.apply alone (what evaluate runs, without its result mapping), measured second.
                    let treeStart = BenchClock.nanos()
                    if let flag = compiled[key], let targeting = flag.targeting {
                        let env = FlagLogic.Environment(flagKey: key, targetingKey: targetingKey, attributes: context, timestamp: 1_800_000_000)
                        if case let .string(name)? = try? FlagLogic.apply(targeting, env), flag.variants[name] == nil { matched -= 1_000_000 }
                    }
                    treeSamples.append(Double(BenchClock.nanos() - treeStart) / 1_000)
                }
                lookups.append(samples)
                treeLookups.append(treeSamples)
                let (seconds, text) = BenchClock.time { FlagdExport.text(fixture) }
                exports.append(seconds * 1_000)
                treeExports.append(BenchClock.time { FlagdExport.document(fixture).canonical + "\n" }.seconds * 1_000)
                report.progress("run \(run + 1): \(evaluations) evaluations, p99 \(BenchFigure.format(samples.percentile(99))) µs; export \(String(format: "%.1f", seconds * 1_000)) ms, \(text.utf8.count) bytes")
            }
            guard matched > 0 else { throw ValidationError("no evaluation ever matched: the fixture is wrong") }
            // The byte writer must write what the JSON tree's canonical text is, byte for byte.
            let (treeSeconds, tree) = BenchClock.time { FlagdExport.document(fixture).canonical + "\n" }
            guard tree == FlagdExport.text(fixture) else { throw ValidationError("the flagd byte writer differs from the canonical JSON of the document") }
            report.progress("export checked against the JSON tree's canonical text (the tree took \(String(format: "%.1f", treeSeconds * 1_000)) ms)")
            try BenchReport(suite: "flags", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: ["flags": "\(flags) boolean flags × 20 rules (2–3 clauses: tenant in 3, region, sem_ver, ends_with) + 25 % rollout"],
                            figures: [
                                BenchFigure(id: "flags.eval", label: "one flag by key, evaluated for a random context", unit: "µs", runs: lookups,
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 50)),
                                BenchFigure(id: "flags.export", label: "flagd export of every flag (in memory)", unit: "ms", perRun: exports,
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 200)),
                                BenchFigure(id: "flags.eval_tree", label: "the same lookups through FlagLogic.apply alone, measured second", unit: "µs",
                                            runs: treeLookups),
                                BenchFigure(id: "flags.export_tree", label: "the same export as a JSON tree's canonical text (before)", unit: "ms",
                                            perRun: treeExports),
                            ]).print(json: report.json, saveTo: report.save)
        }
    }
}
