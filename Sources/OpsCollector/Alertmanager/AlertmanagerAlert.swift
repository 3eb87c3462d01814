import Foundation
import OpsCore
import OpsStore

/// One validated Alertmanager alert, from a webhook or the API, and what the alert queue
/// makes of it. Labels and annotations are kept byte for byte, escape sequences included:
/// they are data, and the console sanitizes what it draws.
public struct AlertmanagerAlert: Sendable, Equatable {
    /// The API's view of an alert that is still firing; a webhook does not say.
    public enum State: String, Sendable, CaseIterable {
        case active, suppressed, unprocessed
    }

    /// Alertmanager's own fingerprint (16 hex digits), without pmops' `am:` prefix.
    public var fingerprint: String
    public var firing: Bool
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: Date
    /// nil when Alertmanager sent Go's zero time ("no end yet").
    public var endsAt: Date?
    public var generatorURL: String?
    /// API only.
    public var state: State?
    /// API only: silence ids and the fingerprints of inhibiting alerts.
    public var silencedBy: [String] = []
    public var inhibitedBy: [String] = []

    /// Store fingerprints of Alertmanager alerts carry this prefix, so they can never
    /// collide with the rules engine's.
    public static let fingerprintPrefix = "am:"
    /// The rule name of an alert without an `alertname` label (Alertmanager accepts those
    /// from API clients).
    public static let unnamedRule = "(no alertname)"

    /// `alertname`.
    public var rule: String {
        labels["alertname"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.unnamedRule
    }

    /// From the `severity` label; see `AlertmanagerSeverity` for the aliases.
    public var severity: AlertSeverity { AlertmanagerSeverity.severity(label: labels["severity"]) }

    /// `summary`, else `description`, else the rule name.
    public var summary: String {
        for key in ["summary", "description"] {
            if let text = annotations[key], !AlertmanagerText.isBlank(text, newlines: true) { return text }
        }
        return rule
    }

    public var runbookURL: String? {
        annotations["runbook_url"].flatMap { AlertmanagerText.isBlank($0, newlines: false) ? nil : $0 }
    }

    /// The annotations stored with the alert: Alertmanager's, plus, from the API, why an
    /// alert is muted there (`alertmanager_state`, `alertmanager_silenced_by`,
    /// `alertmanager_inhibited_by`), since a silenced alert is still firing but nobody
    /// should be paged for it. Alertmanager's own annotations win a name clash.
    public var storedAnnotations: [String: String] {
        var out: [String: String] = [:]
        if let state, state != .active { out["alertmanager_state"] = state.rawValue }
        if !silencedBy.isEmpty { out["alertmanager_silenced_by"] = silencedBy.joined(separator: ",") }
        if !inhibitedBy.isEmpty { out["alertmanager_inhibited_by"] = inhibitedBy.joined(separator: ",") }
        return out.isEmpty ? annotations : out.merging(annotations) { _, own in own }
    }

    /// The store's view: `source` is "alertmanager" for webhooks and
    /// "alertmanager:<host:port>" for an API source.
    public func signal(source: String) -> AlertSignal {
        AlertSignal(fingerprint: Self.fingerprintPrefix + fingerprint, rule: rule, source: source, labels: labels,
                    annotations: storedAnnotations, severity: severity, firing: firing, summary: summary, runbookURL: runbookURL,
                    startsAt: startsAt, endsAt: endsAt, value: nil)
    }
}
