import Foundation
import OpsCore
import OpsStore

extension CollectorConfig {
    /// Builds the configured sources. `demoStart` anchors the demo workload's fifteen-minute
    /// script (normally the collector's start, so the first episode shows within a minute);
    /// `demoOffset` starts the script that many seconds in (`--demo-offset`: jump to an
    /// episode). Problems a source finds in its own settings are reported at the line that
    /// declared it.
    /// `store` is where sources that write alerts (Alertmanager) or tickets (a mailbox)
    /// write them; `actor` is the account a mailbox writes tickets as.
    public func makeSources(demoStart: Date, demoOffset: TimeInterval = 0, store: AppDatabase? = nil, actor: ActorContext? = nil,
                            source file: String = "collector.conf") throws(CollectorConfigError) -> [any MetricSource] {
        var built: [any MetricSource] = []
        var diagnostics: [ConfigDiagnostic] = []
        for spec in sources {
            do {
                built.append(try spec.makeSource(demoStart: demoStart, demoOffset: demoOffset, store: store, actor: actor))
            } catch {
                diagnostics.append(ConfigDiagnostic(source: file, line: spec.line, message: error.description))
            }
        }
        guard diagnostics.isEmpty else { throw CollectorConfigError(diagnostics) }
        return built
    }
}

extension CollectorConfig.SourceSpec {
    /// The source this line describes; a demo source's script begins `demoOffset` seconds
    /// in, whatever its speed.
    public func makeSource(demoStart: Date, demoOffset: TimeInterval = 0, store: AppDatabase? = nil,
                           actor: ActorContext? = nil) throws(CollectorError) -> any MetricSource {
        switch kind {
        case let .host(mounts, perCPU):
            return HostSource(name: name, interval: interval, options: HostSource.Options(mounts: mounts, perCPU: perCPU))
        case let .demo(speed):
            let workload = DemoWorkload(start: demoStart - max(0, demoOffset) / max(0.01, speed), speed: speed)
            return RenamedSource(DemoWorkloadSource(workload: workload, interval: interval),
                                 name: name)
        case let .tcp(host, port):
            return try TCPProbe(name: name, host: host, port: port, interval: interval, timeout: effectiveTimeout)
        case let .http(url, expect, statuses):
            return try HTTPProbe(name: name, url: url, interval: interval, timeout: effectiveTimeout, acceptedStatuses: statuses,
                                 bodyContains: expect)
        case let .alertmanager(url, maxBytes):
            guard let store else {
                throw CollectorError.invalidConfiguration("An Alertmanager source writes alerts and needs a store to write them to.")
            }
            return try AlertmanagerSource(name: name, url: url, store: store, interval: interval, timeout: effectiveTimeout,
                                          limits: AlertmanagerLimits(maxBytes: maxBytes))
        case let .mailbox(path):
            guard let store, let actor else {
                throw CollectorError.invalidConfiguration("A mailbox source writes tickets and needs a store and the collector's account.")
            }
            return try MailboxSource(name: name, inbox: MaildirInbox(root: path), store: store, actor: actor, interval: interval,
                                     timeout: effectiveTimeout)
        case let .stripeSpool(path):
            guard let store, let actor else {
                throw CollectorError.invalidConfiguration("A stripe source writes billing events and needs a store and the collector's account.")
            }
            // The signing secret is the operator's, from the collector's environment; never the store.
            guard let secret = ProcessInfo.processInfo.environment["PMOPS_STRIPE_WEBHOOK_SECRET"], !secret.isEmpty else {
                throw CollectorError.invalidConfiguration("A stripe source needs the endpoint's signing secret in PMOPS_STRIPE_WEBHOOK_SECRET.")
            }
            return try StripeSpoolSource(name: name, spool: StripeSpool(root: path), secret: secret, store: store, actor: actor,
                                         interval: interval, timeout: effectiveTimeout)
        case let .scrape(url, maxBytes, keep):
            return try ScrapeSource(name: name, url: url, interval: interval, timeout: effectiveTimeout, maxBytes: maxBytes, keep: keep)
        }
    }
}

/// Gives a source the configured name when its type fixes one (the demo source is always
/// "demo"); everything else, including its problems, passes through.
struct RenamedSource: MetricSource, ProblemReporting {
    let inner: any MetricSource
    let name: String

    init(_ inner: any MetricSource, name: String) {
        self.inner = inner
        self.name = name
    }

    var interval: TimeInterval { inner.interval }
    var timeout: TimeInterval { inner.timeout }
    var lastProblems: [String] { (inner as? any ProblemReporting)?.lastProblems ?? [] }

    func collect(now: Date) throws -> [MetricSample] { try inner.collect(now: now) }
}
