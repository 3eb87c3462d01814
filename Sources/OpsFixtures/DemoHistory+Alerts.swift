import Foundation
import OpsCore
import OpsStore

/// One past alert of the demo's week and what people did with it.
struct DemoPastAlert {
    enum Outcome {
        /// Acknowledged after `ack`, then resolved by its source after `end` (seconds from firing).
        case acknowledged(ack: TimeInterval, note: String, end: TimeInterval)
        /// Nobody acknowledged it; its source resolved it after `end`.
        case unacknowledged(end: TimeInterval)
        /// Closed as a false positive after `after`.
        case falsePositive(after: TimeInterval, reason: String)
        /// Acknowledged after `ack` and still open.
        case stillOpen(ack: TimeInterval, note: String)
    }

    var ago: TimeInterval
    var rule: String
    var source = "rules"
    var labels: [String: String]
    var severity: AlertSeverity
    var summary: String
    var value: Double
    var outcome: Outcome

    static let runbooks = "https://runbooks.penguinmails.example.com/"
    static let day: TimeInterval = 86_400

    static let week: [DemoPastAlert] = [
        DemoPastAlert(ago: 6 * day + 5_400, rule: "queue_depth_critical",
                      labels: ["queue": "outbound-main", "service": "mta", "team": "platform"], severity: .critical,
                      summary: "14512 messages waiting in queue outbound-main (critical above 10,000)", value: 14_512,
                      outcome: .acknowledged(ack: 190, note: "Paused the warm-up sends; smtp-1 draining", end: 1_560)),
        DemoPastAlert(ago: 4 * day + 40_000, rule: "blacklist_listing",
                      labels: ["ip": "203.0.113.11", "list": "barracuda", "service": "mta", "team": "deliverability"], severity: .critical,
                      summary: "IP 203.0.113.11 is listed on barracuda", value: 1,
                      outcome: .acknowledged(ack: 420, note: "Delisting request sent to Barracuda", end: 7_800)),
        DemoPastAlert(ago: 3 * day + 20_000, rule: "bounce_rate_critical",
                      labels: ["pool": "warmup", "service": "mta", "team": "deliverability"], severity: .critical,
                      summary: "Bounce rate 7.9 % on pool warmup (critical above 5 %)", value: 7.9,
                      outcome: .falsePositive(after: 600, reason: "Seed-list test campaign, not customer traffic")),
        DemoPastAlert(ago: 2 * day + 9_000, rule: "stripe_webhook_stale_warning",
                      labels: ["service": "billing", "team": "platform"], severity: .warning,
                      summary: "No Stripe webhook for 742 s (warning after 10 minutes)", value: 742,
                      outcome: .unacknowledged(end: 720)),
        DemoPastAlert(ago: day + 30_000, rule: "complaint_rate_warning",
                      labels: ["pool": "main", "service": "mta", "team": "deliverability"], severity: .warning,
                      summary: "Spam complaints 0.14 % on pool main (warning above 0.1 %)", value: 0.14,
                      outcome: .acknowledged(ack: 900, note: "One customer's list import; contacted them", end: 5_400)),
        DemoPastAlert(ago: 3_900, rule: "CertificateExpiry", source: "alertmanager",
                      labels: ["alertname": "CertificateExpiry", "instance": "api.penguinmails.example.com", "service": "api",
                               "team": "platform"], severity: .warning,
                      summary: "TLS certificate for api.penguinmails.example.com expires in 9 days", value: 9,
                      outcome: .stillOpen(ack: 300, note: "Renewal ordered; installing Thursday")),
    ]
}

extension AppDatabase {
    /// Writes the demo's past alerts and silences, moving `clock` (this handle's clock)
    /// to each moment. Pages go out as they would have, into the demo maildir.
    func seedDemoAlerts(now: Date, clock: ManualClock, as me: ActorContext) throws(OpsError) -> (alerts: Int, silences: Int) {
        let mail = ResolvedMailTransport(defaultMailTransport, origin: .besideStore)
        for (index, past) in DemoPastAlert.week.enumerated() {
            let fired = now.addingTimeInterval(-past.ago)
            clock.set(fired)
            let signal = AlertSignal(fingerprint: "demo-history-\(index)", rule: past.rule, source: past.source, labels: past.labels,
                                     severity: past.severity, status: .firing, summary: past.summary,
                                     runbookURL: DemoPastAlert.runbooks + past.rule.replacingOccurrences(of: "_", with: "-"),
                                     value: past.value, at: fired)
            let id = try upsertAlert(signal).alert.id
            clock.set(fired.addingTimeInterval(20))
            _ = try deliverOutbox(via: mail, as: me)
            switch past.outcome {
            case let .acknowledged(ack, note, end):
                clock.set(fired.addingTimeInterval(ack))
                _ = try acknowledgeAlerts([id], note: note, as: me)
                try resolveAlert(fingerprint: signal.fingerprint, at: fired.addingTimeInterval(end))
            case let .unacknowledged(end):
                try resolveAlert(fingerprint: signal.fingerprint, at: fired.addingTimeInterval(end))
            case let .falsePositive(after, reason):
                clock.set(fired.addingTimeInterval(after))
                _ = try closeAlerts([id], falsePositive: true, reason: reason, as: me)
                try resolveAlert(fingerprint: signal.fingerprint, at: fired.addingTimeInterval(after + 60))
            case let .stillOpen(ack, note):
                clock.set(fired.addingTimeInterval(ack))
                _ = try acknowledgeAlerts([id], note: note, as: me)
            }
        }
        // A maintenance window that ended, and a silence in force for the warm-up pool.
        clock.set(now.addingTimeInterval(-3 * DemoPastAlert.day))
        _ = try addSilence(matchers: [try LabelMatcher(name: "service", op: .equal, value: "billing")],
                           endsAt: clock.now().addingTimeInterval(7_200), comment: "Stripe maintenance window", as: me)
        clock.set(now.addingTimeInterval(-1_800))
        _ = try addSilence(matchers: [try LabelMatcher(name: "pool", op: .equal, value: "warmup")],
                           endsAt: now.addingTimeInterval(2 * DemoPastAlert.day),
                           comment: "New warm-up IPs ramping this week; bounce noise expected", as: me)
        clock.set(now)
        return (DemoPastAlert.week.count, 2)
    }
}
