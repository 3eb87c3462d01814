import Foundation
import OpsCore
import OpsStore

/// A service's gate compiled for the collector: its `rule` lines as a rule set the rules
/// engine evaluates (the same parser and evaluator as the alerting rules, `rate()` and
/// aggregations included), each rule named for its line so a failure says which.
public enum DeployGateCheck {
    /// The rule set of a gate, or the problems as "file:line: message".
    public static func compile(_ gate: DeployConfig.Gate, file: String) -> (rules: RuleSet, problems: [String]) {
        var rules: [AlertRule] = []
        var problems: [String] = []
        for rule in gate.rules {
            let text = "rule gate_line_\(rule.line)\n  expr \(rule.expression)\n  severity critical\n"
            let parsed = RuleSet.parse(text: text, source: file)
            if let set = parsed.ruleSet, let compiled = set.rules.first {
                if case .absent = compiled.condition {
                    problems.append("\(file):\(rule.line): a gate rule compares a value (EXPRESSION OP NUMBER).")
                } else {
                    rules.append(compiled)
                }
            } else {
                let messages = parsed.errors.map(\.message)
                problems.append("\(file):\(rule.line): \(messages.first ?? "the expression does not parse")")
            }
        }
        return (RuleSet(rules: rules), problems)
    }

    /// Every problem of every stanza (for `deploys check-config`).
    public static func check(_ config: DeployConfig, file: String) -> [String] {
        config.gates.values.sorted { $0.service < $1.service }.flatMap { compile($0, file: file).problems }
    }

    /// The rule text of a gate line, for messages: "rate(x[5m]) > 0.05 (at 0.08)".
    static func reason(_ change: AlertChange, gate: DeployConfig.Gate) -> String {
        let line = Int(change.rule.dropFirst("gate_line_".count)) ?? 0
        let expression = gate.rules.first { $0.line == line }?.expression ?? change.rule
        let labels = change.labels.filter { $0.key != "alertname" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "\(expression) (at \(RuleNumberText.plain(change.value))\(labels.isEmpty ? "" : " for " + labels.joined(separator: ",")))"
    }
}
