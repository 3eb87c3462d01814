import Foundation
import OpsStore

/// What `pmops collect` runs: its sources, the rules file, metric retention and the lease
/// heartbeat. Read from a human-edited file (`CollectorConfig.parse`, grammar in
/// Config/collector.conf), or the built-in demo default when there is none.
public struct CollectorConfig: Sendable, Equatable {
    /// One configured source. `line` is where it was declared (0 for built-in defaults), so
    /// errors found when the source is built still point at the file.
    public struct SourceSpec: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case host(mounts: [String], perCPU: Bool)
            case demo(speed: Double)
            case tcp(host: String, port: UInt16)
            case http(url: URL, expect: String?, statuses: ClosedRange<Int>)
            case scrape(url: URL, maxBytes: Int, keep: [String])
            /// An Alertmanager polled through its API v2; it writes alerts, not series.
            case alertmanager(url: URL, maxBytes: Int)
            /// A Maildir read by the mail gateway (absolute path); it writes tickets, not series.
            case mailbox(path: String)
            /// Stripe webhook deliveries a relay leaves in a spool folder (`StripeSpool`).
            case stripeSpool(path: String)
        }

        public var name: String
        public var kind: Kind
        public var interval: TimeInterval
        /// nil: the kind's default (see `effectiveTimeout`).
        public var timeout: TimeInterval?
        public var line: Int

        public init(name: String, kind: Kind, interval: TimeInterval, timeout: TimeInterval? = nil, line: Int = 0) {
            self.name = name
            self.kind = kind
            self.interval = interval
            self.timeout = timeout
            self.line = line
        }

        /// The keyword that starts the line, for messages ("probe tcp", "scrape").
        public var keyword: String {
            switch kind {
            case .host: "source host"
            case .demo: "source demo"
            case .tcp: "probe tcp"
            case .http: "probe http"
            case .scrape: "scrape"
            case .alertmanager: "alertmanager"
            case .mailbox: "mailbox"
            case .stripeSpool: "stripe"
            }
        }

        /// The default interval of each kind, chosen for a 2-core box: the host every 10 s
        /// and the demo every second (what the dashboard animates), probes every 30 s,
        /// scrapes every 15 s as Prometheus does.
        public static func defaultInterval(_ keyword: String) -> TimeInterval {
            switch keyword {
            case "source demo": 1
            case "source host": 10
            case "scrape": 15
            case "stripe": 5
            default: 30
            }
        }

        /// The explicit timeout, else the kind's default capped below the interval, so a
        /// slow target never holds the collector queue into its own next turn.
        public var effectiveTimeout: TimeInterval {
            if let timeout { return timeout }
            let base: TimeInterval = switch kind {
            case .tcp: 3
            case .http, .scrape, .alertmanager: 5
            case .host, .demo, .mailbox, .stripeSpool: 10
            }
            return min(base, max(interval * 0.8, 0.1))
        }
    }

    public var sources: [SourceSpec]
    /// The rules file, absolute or relative to the working directory (relative paths in a
    /// config file are resolved against the file's folder when it is parsed).
    public var rulesPath: String?
    /// Run the built-in rules (`RuleSet.builtIn`) when `rulesPath` is nil, missing or
    /// unreadable, naming the file that was not used (`CollectorSetup.Built.rulesProblem`).
    /// Set for the default configuration only: a config file that names its own rules
    /// wants those rules, and is refused without them.
    public var rulesFallback = false
    public var retention: RetentionPolicy
    /// How often the collector renews its lease; the lease expires after two missed beats.
    public var heartbeat: TimeInterval
    /// Rotated store backups the collector takes (`backup DIR keep=7 every=1d`), nil for none.
    public var backup: BackupSchedule?

    /// `pmops db backup --keep KEEP DIRECTORY`, run at start and then every `interval`.
    public struct BackupSchedule: Sendable, Equatable {
        public var directory: String
        public var keep: Int
        public var interval: TimeInterval
        public init(directory: String, keep: Int = 7, interval: TimeInterval = 86_400) {
            self.directory = directory
            self.keep = keep
            self.interval = interval
        }
    }

    public static let defaultHeartbeat: TimeInterval = 5

    public init(sources: [SourceSpec] = [], rulesPath: String? = nil, retention: RetentionPolicy = .standard,
                heartbeat: TimeInterval = CollectorConfig.defaultHeartbeat) {
        self.sources = sources
        self.rulesPath = rulesPath
        self.retention = retention
        self.heartbeat = heartbeat
    }

    /// What runs without a config file: the host every 10 s and the PenguinMails demo
    /// workload every second, with the given rules file, else the built-in rules.
    public static func demoDefault(rulesPath: String? = nil) -> CollectorConfig {
        var config = CollectorConfig(sources: [
            SourceSpec(name: "host", kind: .host(mounts: ["/"], perCPU: true), interval: 10),
            SourceSpec(name: "demo", kind: .demo(speed: 1), interval: 1),
        ], rulesPath: rulesPath)
        config.rulesFallback = true
        return config
    }

    /// The lease's time to live: two heartbeats, so one late beat is tolerated and two are not.
    public var leaseTTL: TimeInterval { heartbeat * 2 }
}
