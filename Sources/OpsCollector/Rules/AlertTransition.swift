import Foundation
import OpsCore

/// What the engine reports about one alert after one evaluation. The integrator turns these
/// into alert rows: `.firing` opens one, `.stillFiring` refreshes its value, `.resolved`
/// closes it, `.pending`/`.cancelled` bracket an alert waiting out its `for`.
public struct AlertTransition: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// The condition started holding; the alert waits for the rule's `for`.
        case pending
        /// The alert fires now (emitted once per episode, so it never duplicates a page).
        case firing
        /// The alert was already firing and still is; `value` is the latest reading.
        case stillFiring
        /// A firing alert ended.
        case resolved
        /// A pending alert ended before its `for` elapsed; it never fired. Reported so a
        /// stored pending row can be closed, and kept apart from `.resolved` so nobody reads
        /// it as an incident.
        case cancelled
    }

    /// Stable identity of the alert: rule name plus sorted labels (see `RuleFingerprint`).
    public let fingerprint: String
    public let rule: String
    public let labels: [String: String]
    public let severity: AlertSeverity
    public let kind: Kind
    /// The reading behind this transition; for absence rules, the seconds of silence.
    public let value: Double
    public let summary: String
    public let runbook: String?
    /// The evaluation time that produced the transition.
    public let at: Date
    /// When the condition started holding in this episode.
    public let activeSince: Date
    /// For `.pending`: when the alert fires if the condition keeps holding (`activeSince`
    /// plus the rule's `for`), so a console can say "fires in 1m20s".
    public let firesAt: Date?

    public init(fingerprint: String, rule: String, labels: [String: String], severity: AlertSeverity, kind: Kind,
                value: Double, summary: String, runbook: String?, at: Date, activeSince: Date, firesAt: Date? = nil) {
        self.fingerprint = fingerprint
        self.rule = rule
        self.labels = labels
        self.severity = severity
        self.kind = kind
        self.value = value
        self.summary = summary
        self.runbook = runbook
        self.at = at
        self.activeSince = activeSince
        self.firesAt = firesAt
    }

    /// `kind rule{labels} value`, for logs and test failures.
    public var description: String {
        "\(kind.rawValue) \(RuleSample.seriesID(name: rule, labels: labels)) \(RuleNumberText.plain(value))"
    }
}
