import Foundation
import OpsCore

/// A rule while its block is being read: every key's line (valid or not) and every value
/// that parsed. Keeping the lines of invalid keys lets the final checks skip follow-on
/// errors ("no severity" after "unknown severity" would be noise).
struct RuleDraft {
    /// Keys that each give the rule its condition; a rule has exactly one.
    static let conditionKeys: Set<String> = ["expr", "absent", "anomaly"]
    static let keys = ["expr", "absent", "anomaly", "for", "clear", "severity", "summary", "runbook", "labels"]

    let name: String
    let line: Int
    /// True once any line of the block failed; such a draft never becomes a rule.
    var failed: Bool
    /// First line of each key; condition keys share the slot "condition".
    var keyLines: [String: Int] = [:]
    var condition: AlertRule.Condition?
    var holdFor: TimeInterval?
    var clear: Double?
    var severity: AlertSeverity?
    var summary: SummaryTemplate?
    var runbook: String?
    var labels: [String: String] = [:]

    init(name: String, line: Int, failed: Bool = false) {
        self.name = name
        self.line = line
        self.failed = failed
    }

    static func slot(for key: String) -> String {
        conditionKeys.contains(key) ? "condition" : key
    }

    /// The finished rule, with `clear` folded into the threshold. Nil when anything is
    /// missing or failed; the parser has reported why.
    func rule() -> AlertRule? {
        guard !failed, var condition, let severity else { return nil }
        if let clear, let threshold = condition.threshold {
            condition = condition.replacing(RuleThreshold(comparison: threshold.comparison, value: threshold.value, clear: clear))
        }
        return AlertRule(name: name, condition: condition, holdFor: holdFor ?? 0, severity: severity,
                         summary: summary, runbook: runbook, labels: labels, line: line)
    }
}
