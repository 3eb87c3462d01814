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
        Due outbox mail (pages) is delivered on the tick when a transport is configured:
        --mail > $PMOPS_MAIL > your ~/.config/pmops/mail > the stored mail.transport (a maildir);
        otherwise it waits for `pmops outbox deliver`. Delivery needs outbox.deliver.
        """)

    @OptionGroup var store: StoreOptions
    @Flag(help: "Take two readings a second apart (so counters and host CPU have rates), print what each source gathered, and exit.") var once = false
    @Option(help: ArgumentHelp("Collector config file.", valueName: "file")) var config: String?
    @Flag(help: "JSON output (with --once or --status).") var json = false
    @Flag(help: "Print the lease holder and every source's last status; collect nothing.") var status = false
    @Flag(name: .customLong("wait"), help: "Wait for the lease instead of refusing: take over when its holder stops or misses two heartbeats.")
    var waitForLease = false
    @Option(help: ArgumentHelp("Override the lease heartbeat (e.g. 1s).", visibility: .hidden)) var heartbeat: String?
    @Option(name: .customLong("demo-offset"),
            help: ArgumentHelp("Start the demo workload's fifteen-minute script this far in (e.g. 392 or 6m32s: just before the blacklist episode).",
                               valueName: "duration"))
    var demoOffset: String?
    @Option(help: ArgumentHelp("Run N ticks back to back and print CPU time per tick.", visibility: .hidden)) var benchTicks: Int?
    @Option(help: ArgumentHelp("Deliver pages on the tick through this transport: maildir:PATH or sendmail:COMMAND.",
                               valueName: "transport"))
    var mail: String?
    @Option(name: .customLong("deploy-config"),
            help: ArgumentHelp("Deployment health gates and rollback commands (default: $PMOPS_DEPLOY_CONFIG, else ~/.config/pmops/deploys).",
                               valueName: "file"))
    var deployConfig: String?

    func validate() throws {
        try CLI.validating { () throws(OpsError) in
            if let heartbeat { _ = try ConfigValueParsing.heartbeat(heartbeat) }
            if let benchTicks { try InputLimits.count(benchTicks, field: "bench-ticks", in: 1...1_000_000) }
            if let demoOffset { _ = try ConfigValueParsing.seconds(demoOffset, field: "demo-offset") }
        }
        if json, !once, !status { throw ValidationError("--json goes with --once or --status.") }
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
        let offset = try demoOffset.map { text throws(OpsError) in try ConfigValueParsing.seconds(text, field: "demo-offset") } ?? 0
        let courier: OutboxCourier?
        do {
            courier = try CollectCommand.courier(db: db, actor: store.actor, commandLine: mail, demo: false)
        } catch {
            keeper.release()
            throw error
        }
        if courier?.mail != true { logger.info("no mail transport configured: pages wait for 'pmops outbox deliver' (--mail, $PMOPS_MAIL or ~/.config/pmops/mail)") }
        let built: CollectorSetup.Built
        do throws(CollectorSetup.Failure) {
            built = try CollectorSetup.make(config: config, configSource: configSource, store: db, lease: keeper, demoOffset: offset,
                                            courier: courier,
                                            deployConfig: DeployConfigFile.resolve(commandLine: deployConfig,
                                                                                   environment: ProcessInfo.processInfo.environment)) { event in
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
        if let problem = built.rulesProblem { logger.warning("\(problem)") }
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
        let rules = built.rulesOrigin.map { "with rules \($0)" } ?? "without rules"
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
        if let heartbeat { loaded.heartbeat = try ConfigValueParsing.heartbeat(heartbeat) }
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

    /// Two readings a second apart, so counters (host CPU, `rate()` rules) have a value.
    private func runOnce(_ collector: Collector, keeper: CollectorLeaseKeeper) throws {
        let done = DispatchSemaphore(value: 0)
        let box = ReportBox()
        collector.readTwice(gap: 1) { first, second in
            box.set(first.followed(by: second))
            done.signal()
        }
        done.wait()
        let report = box.report ?? CollectorTickReport(at: Date())
        collector.stop()  // seals what the readings buffered
        collector.options.courier?.waitForDelivery()
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

    /// The tick's outbox courier: through the transport the invoker configured (never a
    /// program from the store); nil when nothing is configured, except for the demo, whose
    /// pages go to the maildir beside its store.
    /// Webhook pages go out whenever the invoker configured a channel.
    static func courier(db: AppDatabase, actor: ActorContext, commandLine: String?, demo: Bool) throws(OpsError) -> OutboxCourier? {
        let environment = ProcessInfo.processInfo.environment
        let transport = try db.resolveMailTransport(commandLine: commandLine, environment: environment)
        let channels = try WebhookChannelResolver.resolve(environment: environment)
        let mail = demo || transport.origin != .besideStore
        guard mail || !channels.isEmpty else { return nil }
        return OutboxCourier(store: db, transport: transport, actor: actor,
                             webhooks: channels.isEmpty ? nil : HTTPWebhookPoster(channels: channels), mail: mail)
    }

    static func log(_ event: CollectorEvent, _ logger: Logger) {
        switch event {
        case .sourceFailed, .alertWriteFailed, .maintenanceFailed, .missedTurns, .heartbeatFailed, .outboxFailed, .deployGate:
            logger.warning("\(event.description)")
        case .writeFailed, .leaseLost:
            logger.error("\(event.description)")
        case .sourceRecovered, .alert, .maintenance, .alertQueue, .outboxDelivered, .ticketSLA, .incidents, .success:
            logger.info("\(event.description)")
        }
    }
}

/// Hands the two readings' report from the scheduler's queue to the command.
private final class ReportBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: CollectorTickReport?
    var report: CollectorTickReport? { lock.withLock { value } }
    func set(_ report: CollectorTickReport) { lock.withLock { value = report } }
}
