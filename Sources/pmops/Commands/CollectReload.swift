import Foundation
import Logging
import OpsCollector

/// SIGHUP: reads the config file again for its rules line (when there is one) and reloads
/// that rules file into the running collector. Anything with an error is refused and the
/// rules in force stay; each outcome is one log line. Runs on the main queue.
final class CollectReload: @unchecked Sendable {
    private let configPath: String?
    private var config: CollectorConfig
    private var rulesCount: Int?
    private let collector: Collector
    private let logger: Logger

    init(config: CollectorConfig, configPath: String?, rulesCount: Int?, collector: Collector, logger: Logger) {
        self.config = config
        self.configPath = configPath
        self.rulesCount = rulesCount
        self.collector = collector
        self.logger = logger
    }

    func reload() {
        var rulesPath = config.rulesPath
        if let configPath {
            do {
                let fresh = try CollectorConfig.load(path: configPath)
                var others = fresh, current = config
                others.rulesPath = nil
                current.rulesPath = nil
                others.heartbeat = current.heartbeat  // --heartbeat overrides the file
                if others != current {
                    logger.warning("SIGHUP: \(configPath) changed more than its rules line; sources, retention and lease changes take effect at the next start")
                }
                rulesPath = fresh.rulesPath
            } catch {
                let first = error.diagnostics.first.map(\.description) ?? error.description
                logger.error("reload refused, keeping the config and rules in force: \(first)")
                return
            }
        }
        guard let rulesPath else {
            logger.warning("SIGHUP: no rules file is configured; nothing to reload")
            return
        }
        do {
            let loaded = try RulesReload.apply(path: rulesPath, to: collector)
            for warning in loaded.warnings { logger.warning("\(warning)") }
            config.rulesPath = rulesPath
            rulesCount = loaded.rules.rules.count
            logger.info("SIGHUP: reloaded \(loaded.rules.rules.count) rules from \(rulesPath)")
        } catch {
            logger.error("\(RulesReload.refusal(error, keeping: rulesCount))")
        }
    }
}
