import Foundation
import OpsStore

/// Polls an Alertmanager's API v2 and keeps the alert queue in step with it: every alert
/// Alertmanager holds (active, silenced, inhibited or not yet processed) is open here, and
/// an alert that disappears there (resolved, or its `endsAt` passed) is resolved here.
///
/// It is a collector source like a scrape, so it shares the collector's schedule, deadline,
/// byte cap and backoff, and its failures (refused, timed out, malformed, a store error)
/// become the source's status. Its product is alert rows, written with `syncAlerts` under
/// the store source `alertmanager:<host:port>`; the samples it returns count the alerts by
/// state (`pmops_alertmanager_alerts{source,state}`), so rules and the dashboard see them.
/// An answer is validated whole before anything is written: applying part of one would
/// resolve the rest by mistake.
public final class AlertmanagerSource: MetricSource, @unchecked Sendable {
    public let name: String
    /// The Alertmanager's base URL (with its `--web.route-prefix`, if any).
    public let url: URL
    /// `GET …/api/v2/alerts?active=true&silenced=true&inhibited=true`.
    public let alertsURL: URL
    /// The store `source` of the alerts this poll owns: `alertmanager:<host:port>`.
    public let storeSource: String
    public let interval: TimeInterval
    public let timeout: TimeInterval
    public let limits: AlertmanagerLimits
    private let store: AppDatabase
    private let fetcher: ScrapeFetcher
    private let lock = NSLock()
    private var report: AlertIngestReport?

    /// - Parameters:
    ///   - name: the collector source name; defaults to "alertmanager".
    ///   - url: the base URL, e.g. `http://127.0.0.1:9093`.
    ///   - timeout: the whole request, body included.
    ///   - limits: `maxBytes` caps the answer while it streams in.
    public init(name: String? = nil, url: URL, store: AppDatabase, interval: TimeInterval = 30, timeout: TimeInterval = 5,
                limits: AlertmanagerLimits = .standard) throws(CollectorError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw CollectorError.invalidConfiguration("An Alertmanager source needs an http:// or https:// URL with a host, not \"\(url.absoluteString)\".")
        }
        guard url.query == nil, url.fragment == nil else {
            throw CollectorError.invalidConfiguration("An Alertmanager source takes the base URL (like http://127.0.0.1:9093), not \"\(url.absoluteString)\".")
        }
        guard timeout > 0, timeout.isFinite, interval > 0, interval.isFinite else {
            throw CollectorError.invalidConfiguration("An Alertmanager source's interval and timeout must be positive numbers of seconds.")
        }
        guard limits.maxBytes > 0 else { throw CollectorError.invalidConfiguration("An Alertmanager source's byte limit must be positive.") }
        var base = url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let alertsURL = URL(string: base + "/api/v2/alerts?active=true&silenced=true&inhibited=true") else {
            throw CollectorError.invalidConfiguration("Cannot build the API URL of \"\(url.absoluteString)\".")
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        self.name = name ?? "alertmanager"
        self.url = url
        self.alertsURL = alertsURL
        storeSource = "alertmanager:" + (host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
        self.interval = interval
        self.timeout = timeout
        self.limits = limits
        self.store = store
        fetcher = ScrapeFetcher(timeout: timeout, maxBytes: limits.maxBytes)
    }

    deinit {
        fetcher.invalidate()
    }

    /// What the last successful poll changed in the store.
    public var lastReport: AlertIngestReport? { lock.withLock { report } }

    /// Fetches, validates and syncs once. Throws (and writes nothing) when Alertmanager
    /// cannot be read or answers something unusable, or when the store refuses the write.
    public func collect(now: Date) throws -> [MetricSample] {
        let alerts = try poll(now: now)
        let written = try store.syncAlertsFromCollector(alerts.map { $0.signal(source: storeSource) }, source: storeSource, at: now)
        lock.withLock { report = written }
        var counts: [AlertmanagerAlert.State: Int] = [:]
        for alert in alerts where alert.firing { counts[alert.state ?? .active, default: 0] += 1 }
        return AlertmanagerAlert.State.allCases.map { state in
            MetricSample(name: "pmops_alertmanager_alerts", labels: ["source": name, "state": state.rawValue],
                         value: Double(counts[state] ?? 0), timestamp: now)
        }
    }

    /// One GET and parse, without touching the store.
    public func poll(now: Date) throws(CollectorError) -> [AlertmanagerAlert] {
        let response = try fetcher.fetch(alertsURL)
        do {
            return try AlertmanagerAPIAlerts.parse(response.body, now: now, limits: limits)
        } catch {
            throw CollectorError.malformed(what: "The answer of \(alertsURL.absoluteString)", message: error.clause)
        }
    }
}
