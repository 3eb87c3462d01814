import Foundation
import OpsCore

/// Which alerts speak for each dashboard check. A check's colour comes from the alert state
/// the queue and the header read (firing critical: down; firing warning or info: degraded;
/// pending: pending, with "fires in …"); without an open alert it is healthy when it has
/// fresh data. So the grid never says "down" while the header says nothing fires: a reading
/// past a rule's threshold is pending until the rule's `for` has passed, exactly as in the
/// queue. Checks no shipped rule covers (Database, DNS) keep the reading's own verdict.
enum HealthChecks {
    /// Matchers per service row (by name) and per tile or gauge (by id).
    static let covering: [String: [LabelMatcher]] = [
        "MTA queue": matchers(#"alertname=~"queue_depth_.*|mta_metrics_absent""#),
        "SMTP": matchers(#"alertname="probe_down", kind!="http""#),
        "API": matchers(#"alertname="probe_down", kind="http""#),
        "Stripe webhooks": matchers(#"alertname=~"stripe_webhook_stale_.*""#),
        "Blacklists": matchers(#"alertname="blacklist_listing""#),
        "Host": matchers(#"alertname=~"cpu_busy|filesystem_full_.*|memory_low""#),
        "bounce": matchers(#"alertname=~"bounce_rate_.*""#),
        "complaints": matchers(#"alertname=~"complaint_rate_.*""#),
        "queue": matchers(#"alertname=~"queue_depth_.*""#),
        "cpu": matchers(#"alertname="cpu_busy""#),
        "memory": matchers(#"alertname="memory_low""#),
        "disk": matchers(#"alertname=~"filesystem_full_.*""#),
    ]

    /// Literal matchers written above; an unparsable one would cover nothing (a test parses them all).
    static func matchers(_ text: String) -> [LabelMatcher] { (try? LabelMatcher.parseList(text)) ?? [] }

    /// The check's status from the open alerts, and the words that explain it; nil when the
    /// check has no covering rule (the reading decides).
    static func verdict(_ check: String, reading: DashboardSnapshot.Health, alerts: [AlertRecord],
                        now: Date) -> (health: DashboardSnapshot.Health, note: String?)? {
        guard let matchers = covering[check], !matchers.isEmpty else { return nil }
        let hits = alerts.filter { matchers.matches($0.labels) }
        if let worst = hits.filter({ $0.status == .firing }).min(by: { $0.severity.rank < $1.severity.rank }) {
            return (worst.severity == .critical ? .down : .degraded, nil)
        }
        if let next = hits.filter(\.isPending).min(by: { ($0.firesAt ?? .distantFuture) < ($1.firesAt ?? .distantFuture) }) {
            return (.pending, next.firesText(now: now))
        }
        return (reading == .unknown ? .unknown : .healthy, nil)
    }

    /// Applies `verdict` to a service row: its health, and "fires in …" before the detail.
    static func reconcile(_ service: DashboardSnapshot.Service, alerts: [AlertRecord], now: Date) -> DashboardSnapshot.Service {
        guard let v = verdict(service.name, reading: service.health, alerts: alerts, now: now) else { return service }
        var out = service
        out.health = v.health
        if let note = v.note { out.detail = "\(note) · \(service.detail)" }
        return out
    }

    /// Applies `verdict` to a tile or gauge.
    static func reconcile(_ metric: DashboardSnapshot.Metric, alerts: [AlertRecord], now: Date) -> DashboardSnapshot.Metric {
        guard let v = verdict(metric.id, reading: metric.health, alerts: alerts, now: now) else { return metric }
        var out = metric
        out.health = v.health
        return out
    }
}
