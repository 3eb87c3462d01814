import Foundation

/// What a source says about one alert at one moment: the rules engine at an evaluation, an
/// Alertmanager webhook or API poll for each alert it lists. Every source ends in the same
/// store path, so each gets the same occurrences, routing, silencing, flap detection and
/// paging. The source decides the status; the store only records it.
public struct AlertSignal: Sendable, Equatable {
    /// Identity across evaluations (typically a hash of rule and labels).
    public var fingerprint: String
    public var rule: String
    /// Who raised it: "rules", "alertmanager", …
    public var source: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var severity: AlertSeverity
    /// Pending or firing while the condition holds; resolved once the source says it ended.
    public var status: AlertStatus
    public var summary: String
    public var runbookURL: String?
    /// When the condition started; for the rules engine, the evaluation time.
    public var startsAt: Date
    public var endsAt: Date?
    public var value: Double?
    /// Owning team, set on a new row only (people change it afterwards).
    public var team: String?

    /// The label that names the rule, as in Prometheus and Alertmanager.
    public static let nameLabel = "alertname"

    /// False once the source says the alert resolved.
    public var firing: Bool { status == .firing }

    /// An Alertmanager alert: firing or resolved, with the times Alertmanager gives.
    public init(fingerprint: String, rule: String, source: String, labels: [String: String] = [:],
                annotations: [String: String] = [:], severity: AlertSeverity, firing: Bool, summary: String,
                runbookURL: String? = nil, startsAt: Date, endsAt: Date? = nil, value: Double? = nil) {
        self.init(fingerprint: fingerprint, rule: rule, source: source, labels: labels, annotations: annotations,
                  severity: severity, status: firing ? .firing : .resolved, summary: summary, runbookURL: runbookURL,
                  value: value, at: startsAt)
        // Alertmanager's labels are stored exactly as sent: one without `alertname` stays so.
        self.labels = labels
        self.endsAt = endsAt
    }

    /// A rule evaluation at `at`: pending or firing (resolving goes through `resolveAlert`).
    /// Its labels gain `alertname` = the rule name when they lack one, as Prometheus gives
    /// them, so a silence or a route written `alertname="Rule"` matches it; a label the
    /// source set is kept as sent. The fingerprint is the source's and does not change.
    public init(fingerprint: String, rule: String, source: String = "rules", labels: [String: String] = [:],
                annotations: [String: String] = [:], severity: AlertSeverity, status: AlertStatus, summary: String,
                runbookURL: String? = nil, value: Double? = nil, at: Date, team: String? = nil) {
        self.fingerprint = fingerprint
        self.rule = rule
        self.source = source
        self.labels = labels.merging([Self.nameLabel: rule]) { own, _ in own }
        self.annotations = annotations
        self.severity = severity
        self.status = status
        self.summary = summary
        self.runbookURL = runbookURL
        self.startsAt = at
        self.endsAt = nil
        self.value = value
        self.team = team
    }
}
