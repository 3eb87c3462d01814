import ArgumentParser
import Dispatch
import Foundation
import Logging
import OpsCollector
import OpsCore
import OpsStore

/// `pmops collect`: the headless collector. One per store: it takes the store's collector
/// lease, and a second one is refused (exit 5) until the first stops or misses two heartbeats.
struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Run the metrics collector against the store (headless; logs to stderr).",
        discussion: """
        Sources, rules and retention come from --config (grammar and examples in
        Config/collector.conf), else $PMOPS_COLLECTOR_CONFIG, else the built-in demo: the host
        every 10 s and the PenguinMails demo workload every second, with the shipped rules.
        Only one collector may write a store: it holds a lease renewed every heartbeat (5 s
        unless the config says otherwise) and a second collector exits with status 5 until
        the first stops or misses two heartbeats. SIGTERM or SIGINT stop it cleanly (exit 0).
        SIGHUP reloads the rules file (and the config's rules line): a file with any error is
        refused with one log line naming its file:line, and the rules already loaded stay.
        Other config changes (sources, retention, lease, backup) take effect at the next start.
        A `backup DIR keep=N every=1d` line takes rotated, verified store backups (needs db.admin).
        """)

    @OptionGroup var store: StoreOptions
    @Flag(help: "Run one tick, print what each source gathered, and exit.") var once = false
    @Option(help: ArgumentHelp("Collector config file.", valueName: "file")) var config: String?
    @Flag(help: "JSON output (with --once or --status).") var json = false
    @Flag(help: "Print the lease holder and every source's last status; collect nothing.") var status = false
    @Flag(name: .customLong("wait"), help: "Wait for the lease instead of refusing: take over when its holder stops or misses two heartbeats.")
    var waitForLease = false
    @Option(help: ArgumentHelp("Override the lease heartbeat (e.g. 1s).", visibility: .hidden)) var heartbeat: String?
    @Option(name: .customLong("demo-offset"),
            help: ArgumentHelp("Start the demo workload's ten-minute script this far in (e.g. 262 or 4m22s: just before the blacklist episode).",
                               valueName: "duration"))
    var demoOffset: String?
    @Option(help: ArgumentHelp("Run N ticks back to back and print CPU time per tick.", visibility: .hidden)) var benchTicks: Int?

    func validate() throws {
        if let heartbeat, ConfigValueParsing.seconds(heartbeat).map({ $0 >= 0.2 }) != true {
            throw ValidationError("--heartbeat must be a duration of at least 0.2s, like 1s or 500ms.")
        }
        if json, !once, !status { throw ValidationError("--json goes with --once or --status.") }
        if let benchTicks, benchTicks < 1 { throw ValidationError("--bench-ticks must be at least 1.") }
        if let demoOffset, ConfigValueParsing.seconds(demoOffset) == nil {
            throw ValidationError("--demo-offset must be a duration like 262, 30s or 4m30s.")
        }
    }

    func run() throws {
        let (config, configSource) = try loadConfig()
        // The collector writes metrics, alerts and audit rows, so it runs as an account
        // holding collector.run (--as honoured; the lease records it); --status only reads.
        let db = try store.open(requiring: status ? .metricsRead : .collectorRun)
        if status { return try CollectStatus.print(db: db, json: json) }
        let logger = Logger(label: "pmops.collect", factory: { StreamLogHandler.standardError(label: $0) })
        let backups = try config.backup.flatMap { schedule throws -> CollectBackups? in
            once || benchTicks != nil ? nil : try CollectBackups(schedule: schedule, store: db, actor: store.actor, logger: logger)
        }
        let keeper = CollectorLeaseKeeper(store: db, actor: store.actor, heartbeat: config.heartbeat)
        try acquire(keeper, logger: logger)
        let built: CollectorSetup.Built
        do throws(CollectorSetup.Failure) {
            let offset = demoOffset.flatMap(ConfigValueParsing.seconds) ?? 0
            built = try CollectorSetup.make(config: config, configSource: configSource, store: db, lease: keeper, demoOffset: offset) { event in
                CollectCommand.log(event, logger)
                if case .leaseLost = event {
                    // The collector has stopped; another one owns the store now.
                    db.close()
                    fflush(nil)
                    Foundation.exit(5)
                }
            }
        } catch {
            keeper.release()
            CLI.printError(error.description)
            throw ExitCode(error.exitCode)
        }
        for warning in built.warnings { logger.warning("\(warning)") }
        if once { return try runOnce(built.collector, keeper: keeper) }
        if let benchTicks { return try CollectBench.run(built.collector, ticks: benchTicks, keeper: keeper) }
        let signals = CollectSignals.install { signal in
            logger.info("\(signal) received; stopping")
            built.collector.stop()
            backups?.stop()
            keeper.release()
            db.close()
            logger.info("stopped after \(built.collector.statistics.ticks) ticks; lease released, store closed")
            fflush(nil)
            Foundation.exit(0)
        }
        let reloader = CollectReload(config: config, configPath: configSource == "built-in default" ? nil : configSource,
                                     rulesCount: built.rules?.rules.count, collector: built.collector, logger: logger)
        let hangup = CollectSignals.installHangUp { reloader.reload() }
        // Logged once the signals are handled: a script may send SIGHUP as soon as it sees it.
        let rules = config.rulesPath.map { "with rules \($0)" } ?? "without rules"
        logger.info("collecting \(config.sources.map(\.name).joined(separator: ", ")) into \(db.path ?? "memory") \(rules)")
        built.collector.start()
        backups?.start()
        withExtendedLifetime((signals, hangup, reloader, backups)) { dispatchMain() }
    }

    /// --config > $PMOPS_COLLECTOR_CONFIG > the built-in demo; --heartbeat on top.
    private func loadConfig() throws -> (CollectorConfig, String) {
        var loaded: CollectorConfig
        var source = "built-in default"
        let env = ProcessInfo.processInfo.environment["PMOPS_COLLECTOR_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        if let path = config ?? env {
            do {
                loaded = try CollectorConfig.load(path: path)
            } catch {
                CLI.printError(error.description)
                throw ExitCode(FileManager.default.fileExists(atPath: path) ? 2 : 3)
            }
            source = path
        } else {
            loaded = CollectorConfig.demoDefault(rulesPath: CollectorSetup.defaultRulesPath())
        }
        if let heartbeat, let seconds = ConfigValueParsing.seconds(heartbeat) { loaded.heartbeat = seconds }
        return (loaded, source)
    }

    /// Takes the lease or refuses with exit 5; with --wait, polls twice per heartbeat.
    private func acquire(_ keeper: CollectorLeaseKeeper, logger: Logger) throws {
        var announced = false
        while true {
            let now = Date()
            switch try keeper.acquire(now: now) {
            case .acquired:
                if announced { logger.info("took over the collector lease") }
                return
            case let .heldBy(holder):
                let refusal = CollectorLeaseKeeper.refusal(holder, now: now)
                guard waitForLease else { throw refusal }
                if !announced {
                    logger.info("waiting for the collector lease: \(refusal.description)")
                    announced = true
                }
                Thread.sleep(forTimeInterval: keeper.heartbeat / 2)
            }
        }
    }

    private func runOnce(_ collector: Collector, keeper: CollectorLeaseKeeper) throws {
        let report = collector.tickOnce()
        keeper.release()
        if json {
            try CLI.printJSON(TickJSON(report))
        } else {
            CLI.printTable(["SOURCE", "STATUS", "SAMPLES", "TIME", "ERROR"], report.sources.map {
                [$0.name, $0.outcome == .failed ? "down" : "up", String($0.sampleCount),
                 String(format: "%.0f ms", $0.duration * 1000), $0.error ?? ""]
            })
            if let ingest = report.ingest {
                print("Stored \(ingest.stored) samples (\(ingest.newSeries) new series); \(report.alerts.count) alert changes.")
            }
        }
        if let writeError = report.writeError {
            CLI.printError(writeError)
            throw ExitCode(1)
        }
    }

    static func log(_ event: CollectorEvent, _ logger: Logger) {
        switch event {
        case .sourceFailed, .alertWriteFailed, .maintenanceFailed, .missedTurns, .heartbeatFailed:
            logger.warning("\(event.description)")
        case .writeFailed, .leaseLost:
            logger.error("\(event.description)")
        case .sourceRecovered, .alert, .maintenance, .alertQueue:
            logger.info("\(event.description)")
        }
    }
}

/// Durations on the command line, in the config file's units.
enum ConfigValueParsing {
    static func seconds(_ text: String) -> TimeInterval? {
        let s = text.lowercased()
        if s.hasSuffix("ms"), let ms = Double(s.dropLast(2)), ms.isFinite, ms >= 0 { return ms / 1000 }
        if let plain = Double(s), plain.isFinite, plain >= 0 { return plain }
        return OpsCore.Duration.parse(s)
    }
}

/// SIGTERM and SIGINT as dispatch sources on the main queue: ignored as signals (so the
/// default action cannot kill the process mid-write), delivered as events. `dispatchMain`
/// unblocks them on the main thread, which matters when a parent (Foundation's `Process`)
/// started us with SIGTERM blocked.
enum CollectSignals {
    static func install(_ handler: @escaping @Sendable (String) -> Void) -> [any DispatchSourceSignal] {
        [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { handler(name) }
            source.activate()
            return source
        }
    }

    /// SIGHUP the same way (its default action would end the process).
    static func installHangUp(_ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .main)
        source.setEventHandler(handler: handler)
        source.activate()
        return source
    }
}

/// `--bench-ticks N`: N real ticks, each once every source is due again, with the process's
/// CPU time (user + system, all threads) around each. The figure in the collector report.
enum CollectBench {
    static func run(_ collector: Collector, ticks: Int, keeper: CollectorLeaseKeeper) throws {
        var cpu: [Double] = []
        var wall: [Double] = []
        for index in 0..<ticks {
            if let next = collector.statuses.compactMap(\.nextAttempt).max() {
                let wait = next.timeIntervalSinceNow
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            }
            let before = cpuSeconds()
            let report = collector.tickOnce()
            cpu.append(cpuSeconds() - before)
            wall.append(report.duration)
            let samples = report.sources.reduce(0) { $0 + $1.sampleCount }
            print(String(format: "tick %2d: %2d sources, %5d samples, cpu %7.2f ms, wall %7.2f ms", index + 1,
                         report.sources.count, samples, cpu[index] * 1000, wall[index] * 1000))
        }
        keeper.release()
        print(String(format: "median of %d ticks: cpu %.2f ms, wall %.2f ms", ticks, median(cpu) * 1000, median(wall) * 1000))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

// MARK: - JSON

/// A JSON object key; the documented fields are always present, null when unset.
struct JSONField: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer where Key == JSONField {
    /// Encodes `value`, or null: scripts can rely on every documented key.
    mutating func field(_ name: String, _ value: (some Encodable)?) throws {
        if let value { try encode(value, forKey: JSONField(name)) } else { try encodeNil(forKey: JSONField(name)) }
    }

    mutating func time(_ name: String, _ date: Date?) throws {
        try field(name, date.map(Timestamp.format))
    }
}

/// `pmops collect --once --json`.
struct TickJSON: Encodable {
    let report: CollectorTickReport
    init(_ report: CollectorTickReport) { self.report = report }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.time("at", report.at)
        try c.field("duration_ms", (report.duration * 1000 * 100).rounded() / 100)
        try c.field("sources", report.sources.map(SourceTickJSON.init))
        try c.field("stored", report.ingest?.stored)
        try c.field("new_series", report.ingest?.newSeries)
        try c.field("skipped", report.ingest.map { $0.skippedNaN + $0.skippedInvalid + $0.skippedFuture })
        try c.field("write_error", report.writeError)
        try c.field("alerts", report.alerts.map(AlertChangeJSON.init))
    }
}

struct SourceTickJSON: Encodable {
    let tick: SourceTick
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.field("name", tick.name)
        try c.field("status", tick.outcome == .failed ? "down" : "up")
        try c.field("samples", tick.sampleCount)
        try c.field("error", tick.error)
        try c.field("duration_ms", (tick.duration * 1000 * 100).rounded() / 100)
        try c.field("consecutive_failures", tick.consecutiveFailures)
        try c.time("next_attempt", tick.nextAttempt)
    }
}

struct AlertChangeJSON: Encodable {
    let change: AlertChange
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.field("fingerprint", change.fingerprint)
        try c.field("rule", change.rule)
        try c.field("change", change.kind.rawValue)
        try c.field("severity", change.severity.rawValue)
        try c.field("summary", change.summary)
        try c.field("value", change.value.isFinite ? change.value : nil)
        try c.field("labels", change.labels)
        try c.time("at", change.at)
    }
}

/// `pmops collect --status`: who holds the lease, and each source's last stored status.
enum CollectStatus {
    static func print(db: AppDatabase, json: Bool) throws {
        let holder = try db.leaseHolder()
        let sources = try db.sourceStatuses()
        let now = Date()
        if json { return try CLI.printJSON(StatusJSON(lease: holder, sources: sources, now: now)) }
        if let holder {
            let age = now.timeIntervalSince(holder.heartbeatAt)
            let live = holder.isLive(at: now) ? "live" : "stale"
            let who = holder.holderLogin.map { " as \(CLI.safe($0))" } ?? ""
            Swift.print("Lease: \(CLI.safe(holder.holderHost)) pid \(holder.holderPID)\(who), \(live), last heartbeat \(String(format: "%.1f", age)) s ago (ttl \(String(format: "%.1f", holder.ttl)) s).")
        } else {
            Swift.print("Lease: free (no collector is running).")
        }
        CLI.printTable(["SOURCE", "UP", "LAST SUCCESS", "FAILURES", "LAST ERROR"], sources.map {
            [$0.source, $0.up.map { $0 ? "up" : "down" } ?? "unknown", $0.lastSuccess.map(Timestamp.format) ?? "never",
             String($0.consecutiveFailures), $0.lastError ?? ""]
        })
    }

    struct StatusJSON: Encodable {
        let lease: CollectorLease?
        let sources: [MetricSourceStatus]
        let now: Date

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: JSONField.self)
            if let lease {
                var l = c.nestedContainer(keyedBy: JSONField.self, forKey: JSONField("lease"))
                try l.field("host", lease.holderHost)
                try l.field("pid", lease.holderPID)
                try l.time("acquired_at", lease.acquiredAt)
                try l.time("heartbeat_at", lease.heartbeatAt)
                try l.field("login", lease.holderLogin)
                try l.field("ttl_seconds", lease.ttl)
                try l.field("live", lease.isLive(at: now))
            } else {
                try c.encodeNil(forKey: JSONField("lease"))
            }
            var list = c.nestedUnkeyedContainer(forKey: JSONField("sources"))
            for source in sources {
                var s = list.nestedContainer(keyedBy: JSONField.self)
                try s.field("name", source.source)
                try s.field("up", source.up)
                try s.field("last_error", source.lastError)
                try s.time("last_success", source.lastSuccess)
                try s.time("last_attempt", source.lastAttempt)
                try s.field("consecutive_failures", source.consecutiveFailures)
            }
        }
    }
}
