import Dispatch
import Foundation
import OpsCollector
import OpsCore
import OpsStore

/// Runs the collector inside the console when no other collector holds the store's lease
/// (ARCHITECTURE: one writer per store). It retries every heartbeat, so when a headless
/// `pmops collect` dies the console takes over within two heartbeats; while another holds
/// the lease, the console only reads. Events are not printed: the terminal belongs to the
/// UI, and source failures show on the dashboard.
final class InProcessCollector: @unchecked Sendable {
    private let store: AppDatabase
    private let config: CollectorConfig
    private let keeper: CollectorLeaseKeeper
    private let demoOffset: TimeInterval
    private let courier: OutboxCourier?
    private let deployConfig: DeployConfigFile?
    /// Why pages are not delivered on the tick, when a transport could not be resolved.
    private let courierProblem: String?
    private let queue = DispatchQueue(label: "pmops.console.collector-lease")
    private let lock = NSLock()
    private var collector: Collector?
    private var timer: (any DispatchSourceTimer)?
    private var problem: String?

    /// `demo` adds the PenguinMails demo workload; a real store collects only this host
    /// unless `PMOPS_COLLECTOR_CONFIG` names a config file. `demoOffset` starts the demo
    /// script that many seconds in (`pmops demo --demo-offset`).
    init(store: AppDatabase, actor: ActorContext, demo: Bool, demoOffset: TimeInterval = 0, deployConfig: DeployConfigFile? = nil) throws(OpsError) {
        self.store = store
        self.deployConfig = deployConfig
        self.demoOffset = demoOffset
        let rules = CollectorSetup.defaultRulesPath()
        if let path = ProcessInfo.processInfo.environment["PMOPS_COLLECTOR_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do { config = try CollectorConfig.load(path: path) } catch { throw .invalid(field: "PMOPS_COLLECTOR_CONFIG", message: error.description) }
        } else if demo {
            config = CollectorConfig.demoDefault(rulesPath: rules)
        } else {
            var host = CollectorConfig.demoDefault(rulesPath: rules)
            host.sources = host.sources.filter { $0.name == "host" }
            config = host
        }
        keeper = CollectorLeaseKeeper(store: store, actor: actor, heartbeat: config.heartbeat)
        do {
            courier = try CollectCommand.courier(db: store, actor: actor, commandLine: nil, demo: demo)
            courierProblem = nil
        } catch {
            courier = nil
            courierProblem = "Pages are not delivered: \(error.description)"
        }
    }

    var isCollecting: Bool { lock.withLock { collector != nil } }

    /// What keeps this collector from running as configured (a rules file it could not
    /// use, a config it could not build), for the console's status line; nil when none.
    var notice: String? { lock.withLock { problem } ?? courierProblem }

    /// Tries now, then every heartbeat until it holds the lease.
    func start() {
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now(), repeating: config.heartbeat, leeway: .milliseconds(200))
        t.setEventHandler { [weak self] in self?.tryTakeOver() }
        lock.withLock { timer = t }
        t.resume()
    }

    private func tryTakeOver() {
        guard !isCollecting else { return }
        guard case .acquired = (try? keeper.acquire(now: Date())) else { return }
        do throws(CollectorSetup.Failure) {
            let built = try CollectorSetup.make(config: config, configSource: "console", store: store, lease: keeper,
                                                 demoOffset: demoOffset, courier: courier,
                                                 deployConfig: deployConfig) { [weak self] event in
                switch event {
                case .leaseLost: self?.lock.withLock { self?.collector = nil }
                case let .outboxFailed(message): self?.lock.withLock { self?.problem = "Pages are not delivered: \(message)" }
                default: break
                }
            }
            lock.withLock {
                collector = built.collector
                problem = built.rulesProblem
            }
            built.collector.start()
        } catch {
            keeper.release()
            lock.withLock { problem = "Collector not started: \(error.description.replacingOccurrences(of: "\n", with: " "))" }
        }
    }

    /// Stops collecting and gives the lease back (console exit).
    func stop() {
        let (c, t) = lock.withLock { (collector, timer) }
        t?.cancel()
        c?.stop()
        keeper.release()
    }
}
