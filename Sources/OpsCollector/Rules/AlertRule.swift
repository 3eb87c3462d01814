import Foundation
import OpsCore

/// One named alerting rule: a condition over some series, how long it must hold, and what
/// the resulting alert says. Built by the rules-file parser; public init for code and tests.
public struct AlertRule: Sendable, Equatable {
    /// What makes the rule true for a series.
    public enum Condition: Sendable, Equatable {
        /// `expr selector OP number`: each matching series compared with a threshold.
        case threshold(MetricSelector, RuleThreshold)
        /// `absent selector 120s`: no matching sample for that long. One alert per rule.
        case absent(MetricSelector, after: TimeInterval)
        /// `anomaly selector k=3 window=1h min=10`: a value more than `k` standard deviations
        /// from the mean of its own trailing window of at least `minPoints` points.
        case anomaly(MetricSelector, k: Double, window: TimeInterval, minPoints: Int)
        /// `expr rate(sel[1m]) > 0.5`, `expr sum by (l) (…) > 1e6`: each series (or group)
        /// of the expression's result compared with a threshold.
        case expression(RuleExpression, RuleThreshold)

        public var selector: MetricSelector {
            switch self {
            case let .threshold(selector, _), let .absent(selector, _), let .anomaly(selector, _, _, _): selector
            case let .expression(expression, _): expression.selector
            }
        }

        /// The comparison of an `expr` rule, nil for absence and anomaly rules.
        public var threshold: RuleThreshold? {
            switch self {
            case let .threshold(_, threshold), let .expression(_, threshold): threshold
            case .absent, .anomaly: nil
            }
        }

        /// The same condition with another comparison (how `clear` is folded in).
        func replacing(_ threshold: RuleThreshold) -> Condition {
            switch self {
            case let .threshold(selector, _): .threshold(selector, threshold)
            case let .expression(expression, _): .expression(expression, threshold)
            case .absent, .anomaly: self
            }
        }
    }

    public let name: String
    public let condition: Condition
    /// How long the condition must hold before the alert fires (the file's `for`).
    public let holdFor: TimeInterval
    public let severity: AlertSeverity
    public let summary: SummaryTemplate?
    public let runbook: String?
    /// Extra labels every alert of this rule carries (team, service); they win over series
    /// labels of the same name, as in Prometheus.
    public let labels: [String: String]
    /// Where the rule starts in its file (1-based; 0 when built in code).
    public let line: Int

    public init(name: String, condition: Condition, holdFor: TimeInterval = 0, severity: AlertSeverity,
                summary: SummaryTemplate? = nil, runbook: String? = nil, labels: [String: String] = [:],
                line: Int = 0) {
        self.name = name
        self.condition = condition
        self.holdFor = max(0, holdFor)
        self.severity = severity
        self.summary = summary
        self.runbook = runbook
        self.labels = labels
        self.line = line
    }

    /// The labels of the alert raised for a series: its labels, then the rule's on top.
    public func alertLabels(for seriesLabels: [String: String]) -> [String: String] {
        seriesLabels.merging(labels) { _, ruleValue in ruleValue }
    }

    /// The one-line text of an alert: the rule's template, or a plain sentence built from
    /// the condition when the file gives none, so no alert ever shows an empty summary.
    public func renderSummary(value: Double, labels: [String: String]) -> String {
        if let summary { return summary.render(value: value, labels: labels) }
        let series = RuleSample.seriesID(name: condition.selector.name, labels: labels)
        switch condition {
        case let .threshold(_, threshold):
            return "\(series) is \(RuleNumberText.plain(value)) (\(threshold))"
        case let .expression(expression, threshold):
            let text = RuleSample.seriesID(name: expression.description, labels: labels)
            return "\(text) is \(RuleNumberText.plain(value)) (\(threshold))"
        case let .absent(selector, after):
            return "No \(selector) sample for \(RuleNumberText.plain(value.rounded())) s "
                + "(limit \(RuleNumberText.duration(after)))"
        case let .anomaly(_, k, window, _):
            return "\(series) is \(RuleNumberText.plain(value)), more than \(RuleNumberText.plain(k)) "
                + "standard deviations from its \(RuleNumberText.duration(window)) mean"
        }
    }
}
