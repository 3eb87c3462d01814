import Foundation
import OpsCore
import OpsStore

/// Builds a ready collector from a config: sources, rules and options. Shared by
/// `pmops collect` and (later) the console, which runs the collector in-process when it can
/// take the lease.
public enum CollectorSetup {
    /// How long samples wait in memory before they are sealed into the store: the most a
    /// `kill -9` of the collector loses. Each seal is one commit of a few pages, so this
    /// sets the disk writes per sample (issue 14: ≤ 100 bytes; BENCHMARKS.md "Footprint").
    public static let sealEvery: TimeInterval = 10
    /// Rollups, retention and the move of sealed blocks into the head tables: each pass
    /// rewrites about one page per series, so it runs every 10 minutes, not every minute.
    /// Window queries read raw samples past the rollup watermark, so graphs never lag.
    public static let maintenanceEvery: TimeInterval = 600

    /// A collector and what was found on the way that does not stop it.
    public struct Built: Sendable {
        public let collector: Collector
        /// Rules-file warnings, `file:line: warning: …`.
        public let warnings: [String]
        public let rules: RuleSet?
        /// Where the rules came from: their file's path, or `RuleSet.builtInName`.
        public let rulesOrigin: String?
        /// The configured rules file that could not be used, and what runs instead (a
        /// sentence for the console's status line and `collect`'s log); nil when none.
        public let rulesProblem: String?
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case config(CollectorConfigError)
        case rules(RuleLoadError)

        public var description: String {
            switch self {
            case let .config(error): error.description
            case let .rules(error): error.description
            }
        }

        /// 2 for a bad file, 3 for a missing rules file, as the CLI documents.
        public var exitCode: Int32 {
            switch self {
            case .config: 2
            case let .rules(error): error.exitCode
            }
        }
    }

    /// - Parameters:
    ///   - demoOffset: seconds into the demo workload's fifteen-minute script where its
    ///     sources start (`--demo-offset`), so an episode can be reached without waiting.
    ///   - courier: delivers due outbox mail on the tick (nil: mail waits for `outbox deliver`).
    ///   - actor: the account `mailbox` sources write tickets as (the lease's when nil).
    public static func make(config: CollectorConfig, configSource: String = "collector.conf", store: AppDatabase,
                            clock: any OpsCore.Clock = SystemClock(), lease: CollectorLeaseKeeper? = nil, actor: ActorContext? = nil,
                            demoOffset: TimeInterval = 0,
                            courier: OutboxCourier? = nil, deployConfig: DeployConfigFile? = nil,
                            events: @escaping @Sendable (CollectorEvent) -> Void = { _ in }) throws(Failure) -> Built {
        let now = clock.now()
        let sources: [any MetricSource]
        do {
            sources = try config.makeSources(demoStart: now, demoOffset: demoOffset, store: store, actor: actor ?? lease?.actor,
                                             source: configSource)
        } catch {
            throw .config(error)
        }
        let loaded = try loadRules(config)
        let rules = loaded.rules
        let alerting = rules.map { RuleAlerting(rules: $0, startedAt: now, history: StoreRuleHistory(store: store)) }
        // Minutes rolled up an hour at a time: one rollup leaf page per series an hour.
        var retention = config.retention
        retention.rollupEvery = 3_600
        let options = Collector.Options(retention: retention, maintenanceEvery: Self.maintenanceEvery,
                                        sealEvery: Self.sealEvery, courier: courier, deployConfig: deployConfig)
        let collector = Collector(sources: sources, store: store, clock: clock, alerting: alerting, lease: lease,
                                  options: options, events: events)
        return Built(collector: collector, warnings: loaded.warnings, rules: rules, rulesOrigin: loaded.origin, rulesProblem: loaded.problem)
    }

    /// Rules as `make` found them.
    struct LoadedRules {
        var rules: RuleSet?
        var warnings: [String] = []
        var origin: String?
        var problem: String?
    }

    /// The config's rules file, or the built-in rules when the config allows it and the file
    /// is unset, missing or unreadable. A file with errors is always refused: falling back
    /// would hide an edit that went wrong.
    static func loadRules(_ config: CollectorConfig) throws(Failure) -> LoadedRules {
        guard let path = config.rulesPath else {
            return config.rulesFallback ? try builtIn(problem: nil) : LoadedRules()
        }
        let parsed: RuleParseResult
        do {
            parsed = try RuleSet.load(path: path)
        } catch {
            guard config.rulesFallback else { throw .rules(error) }
            return try builtIn(problem: "\(error.description) Running the \(RuleSet.builtInName) instead.")
        }
        do {
            return LoadedRules(rules: try parsed.get(), warnings: parsed.warnings.map(\.description), origin: path)
        } catch {
            throw .rules(error)
        }
    }

    private static func builtIn(problem: String?) throws(Failure) -> LoadedRules {
        let parsed = RuleSet.builtIn()
        do {
            return LoadedRules(rules: try parsed.get(), warnings: parsed.warnings.map(\.description), origin: RuleSet.builtInName,
                               problem: problem)
        } catch {
            throw .rules(error)
        }
    }

    /// The rules file that overrides the built-in rules: `$PMOPS_RULES` (returned even when
    /// missing, so the problem is named), else `<binary>/../share/pmops/rules/penguinmails.rules`
    /// (an installed binary), else the nearest `Rules/penguinmails.rules` above the binary
    /// (a checkout). nil when none exists: the built-in rules apply.
    public static func defaultRulesPath(executable: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["PMOPS_RULES"], !env.isEmpty { return env }
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        let installed = dir.appendingPathComponent("../share/pmops/rules/penguinmails.rules").standardized.path
        if fm.fileExists(atPath: installed) { return installed }
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("Rules/penguinmails.rules").path
            if fm.fileExists(atPath: candidate) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }
}
