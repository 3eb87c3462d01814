import ArgumentParser
import Foundation
import OpsCollector
import OpsCore
import OpsStore

/// `pmops rules`: the alerting rules the collector evaluates.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Alerting rules: list them, check a rules file.",
        subcommands: [List.self, Check.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the rules the collector runs, with their open alerts.",
            discussion: """
            The file is --file, else the rules line of --config, else the shipped default rules
            (what `pmops collect` runs without a config): $PMOPS_RULES, an installed or checkout
            Rules/penguinmails.rules, else the copy built into pmops. Open alerts are counted
            from the store when it exists.
            """)
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("Rules file.", valueName: "file")) var file: String?
        @Option(help: ArgumentHelp("Collector config whose rules to list.", valueName: "file")) var config: String?
        @OptionGroup var output: JSONOutput

        func run() throws {
            let path = try rulesPath()
            let rules = try path.map { try RulesCommand.load($0, printWarnings: !output.json) } ?? RulesCommand.builtIn()
            let origin = path ?? RuleSet.builtInName
            // Open alerts are extra information: without a store (a fresh install) the rules
            // are listed alone. A store that exists is opened as any command opens it, so
            // identity, --as and alerts.read are checked rather than silently skipped.
            let open = try openRuleAlerts()
            let counts = Dictionary(grouping: open, by: \.rule)
            if output.json {
                return try CLI.printJSON(RulesJSON(path: origin, rules: rules.rules, open: counts))
            }
            print("\(rules.rules.count) rules in \(CLI.safe(origin))")
            CLI.printTable(["RULE", "SEVERITY", "CONDITION", "FOR", "FIRING", "PENDING"], rules.rules.map { rule in
                let alerts = counts[rule.name] ?? []
                return [rule.name, rule.severity.rawValue, RulesCommand.condition(rule), RulesCommand.duration(rule.holdFor),
                        String(alerts.count { $0.status == .firing }), String(alerts.count { $0.status == .pending })]
            })
        }

        private func openRuleAlerts() throws -> [AlertRecord] {
            try store.openIfPresent(requiring: .alertsRead)?.openAlerts(source: "rules") ?? []
        }

        /// nil: the built-in rules.
        private func rulesPath() throws -> String? {
            if let file { return file }
            if let config {
                let parsed: CollectorConfig
                do {
                    parsed = try CollectorConfig.load(path: config)
                } catch {
                    CLI.printError(error.description)
                    throw ExitCode(2)
                }
                guard let path = parsed.rulesPath else { throw OpsError.notFound("\(config) has no rules line.") }
                return path
            }
            return CollectorSetup.defaultRulesPath()
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a rules file: every error and warning with its line (exit 2 on errors).")
        @Argument(help: "The rules file.") var file: String
        @Flag(help: "Print nothing on success.") var quiet = false

        func run() throws {
            let result: RuleParseResult
            do {
                result = try RuleSet.load(path: file)
            } catch {
                CLI.printError(error.description)
                throw ExitCode(error.exitCode)
            }
            for diagnostic in result.diagnostics {
                CLI.writeStderr(diagnostic.description + "\n")
            }
            guard let rules = result.ruleSet else {
                let count = result.errors.count
                CLI.printError("\(count) \(count == 1 ? "error" : "errors") in \(file); the collector would refuse it.")
                throw ExitCode(2)
            }
            if !quiet {
                let warnings = result.warnings.isEmpty ? "" : " (\(result.warnings.count) warnings)"
                print("\(file): \(rules.rules.count) rules OK\(warnings).")
            }
        }
    }

    /// Loads a rules file, failing with its errors (exit 2) or "not found" (exit 3).
    static func load(_ path: String, printWarnings: Bool) throws -> RuleSet {
        do {
            let result = try RuleSet.load(path: path)
            if printWarnings { for warning in result.warnings { CLI.printError(warning.description) } }
            return try result.get()
        } catch {
            CLI.printError(error.description)
            throw ExitCode(error.exitCode)
        }
    }

    /// The compiled-in rules (clean by test; a failure here would be a build defect).
    static func builtIn() throws -> RuleSet {
        do {
            return try RuleSet.builtIn().get()
        } catch {
            CLI.printError(error.description)
            throw ExitCode(error.exitCode)
        }
    }

    /// The condition as the file writes it: `pm_bounce_percent > 3`, `absent pm_queue_depth 120s`.
    static func condition(_ rule: AlertRule) -> String {
        switch rule.condition {
        case let .threshold(selector, threshold): "\(selector) \(threshold)"
        case let .expression(expression, threshold): "\(expression) \(threshold)"
        case let .absent(selector, after): "absent \(selector) \(duration(after))"
        case let .anomaly(selector, k, window, minPoints): "anomaly \(selector) k=\(number(k)) window=\(duration(window)) min=\(minPoints)"
        }
    }

    static func duration(_ seconds: TimeInterval) -> String {
        guard seconds > 0 else { return "—" }
        for (unit, size) in [("d", 86_400.0), ("h", 3600.0), ("m", 60.0)] where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size))\(unit)"
        }
        return "\(number(seconds))s"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// `rules list --json`.
struct RulesJSON: Encodable {
    let path: String
    let rules: [AlertRule]
    let open: [String: [AlertRecord]]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.field("file", path)
        var list = c.nestedUnkeyedContainer(forKey: JSONField("rules"))
        for rule in rules {
            var r = list.nestedContainer(keyedBy: JSONField.self)
            try r.field("name", rule.name)
            try r.field("severity", rule.severity.rawValue)
            try r.field("condition", RulesCommand.condition(rule))
            try r.field("for_seconds", rule.holdFor)
            try r.field("labels", rule.labels)
            try r.field("runbook", rule.runbook)
            try r.field("line", rule.line)
            let alerts = open[rule.name] ?? []
            try r.field("firing", alerts.count { $0.status == .firing })
            try r.field("pending", alerts.count { $0.status == .pending })
        }
    }
}
