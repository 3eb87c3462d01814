import ArgumentParser
import Foundation
import OpsCore

extension BenchCommand {
    /// `pmops bench config`: the constraints and compliance policies over a 2,000-key
    /// configuration, in process.
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Constraint and compliance policy evaluation over 2,000 platform settings (target p99 < 20 ms), in process.",
            discussion: """
            The fixture: the PenguinMails registry plus synthetic keys up to --keys: half of them
            warm-up steps (so the two warm-up rules walk a long schedule), the rest per-tenant API
            rate limits. One evaluation runs every rule on the production view, as an apply does.
            """)
        @OptionGroup var report: BenchReportOptions
        @Option(help: "Keys in the configuration.") var keys = 2_000
        @Option(help: "Evaluations per run.") var evaluations = 200
        @Option(help: "Runs.") var runs = 3

        func validate() throws {
            try CLI.validating { () throws(OpsError) in
                try InputLimits.count(keys, field: "keys", in: 30...200_000)
                try InputLimits.count(evaluations, field: "evaluations", in: 1...1_000_000)
                try InputLimits.count(runs, field: "runs", in: BenchLimits.runs)
            }
        }

        static func fixture(keys: Int) -> (PlatformRegistry, [String: String]) {
            var schemas = PlatformRegistry.penguinMails.schemas
            var values = PlatformRegistry.penguinMails.defaults
            let extra = keys - schemas.count
            for i in 0..<(extra / 2) {
                let key = "warmup.day\(31 + i)_cap"
                schemas.append(SettingSchema(key, .int(1...2_000_000), unit: "messages/day", default: "50000", owner: "deliverability", "bench step"))
                values[key] = String(min(1_000_000, 50_000 + i * 50))
            }
            values["mta.per_ip_daily_limit"] = "1000000"
            for i in 0..<(extra - extra / 2) {
                let key = "api.tenant_\(i).rate_limit_per_minute"
                schemas.append(SettingSchema(key, .int(10...100_000), unit: "requests/minute", default: "600", owner: "platform", "bench tenant"))
                values[key] = String(600 + i % 100)
            }
            return (PlatformRegistry(schemas), values)
        }

        func run() throws {
            let machine = BenchMachine.current()
            let (registry, values) = Self.fixture(keys: keys)
            let view = ConfigView(environment: .production, values: values, registry: registry)
            guard ConfigRules.evaluate(view).isEmpty else { throw ValidationError("the fixture breaks a rule: it is wrong") }
            var broken = values
            broken["dmarc.policy"] = "none"
            guard ConfigRules.evaluate(ConfigView(environment: .production, values: broken, registry: registry)).count == 1 else {
                throw ValidationError("a DMARC none went unnoticed: the rules are wrong")
            }
            var all: [BenchSamples] = []
            for run in 0..<runs {
                var samples = BenchSamples()
                for _ in 0..<evaluations {
                    let start = BenchClock.nanos()
                    let found = ConfigRules.evaluate(view)
                    samples.append(Double(BenchClock.nanos() - start) / 1_000_000)
                    if !found.isEmpty { throw ValidationError("the fixture broke a rule mid-run") }
                }
                all.append(samples)
                report.progress("run \(run + 1): \(evaluations) evaluations, p99 \(BenchFigure.format(samples.percentile(99))) ms")
            }
            try BenchReport(suite: "config", date: BenchReport.now(), label: report.label, machine: machine,
                            fixture: ["keys": "\(registry.schemas.count) keys: the PenguinMails registry, \((keys - 21) / 2) more warm-up steps, per-tenant API limits"],
                            figures: [
                                BenchFigure(id: "config.policies", label: "every constraint and policy on one environment", unit: "ms", runs: all,
                                            target: BenchTarget(stat: .p99, comparison: .below, value: 20)),
                            ]).print(json: report.json, saveTo: report.save)
        }
    }
}
