import Foundation

/// Reloading a running collector's rules (SIGHUP in `pmops collect`). A file with any
/// error is refused as a whole and the collector keeps the rules it had: a typo made while
/// editing must not silence every alert.
public enum RulesReload {
    /// What a reload put in place.
    public struct Loaded: Sendable {
        public let rules: RuleSet
        /// `file:line: warning: …`, as at start-up.
        public let warnings: [String]
    }

    /// Parses `path` and, when it has no errors, makes its rules the collector's alert
    /// evaluator between two ticks, carrying the newest samples over (pending `for` timers
    /// start again; alerts the new rules no longer raise resolve after the resume grace).
    /// Throws, changing nothing, when the file is missing, unreadable or has errors.
    @discardableResult
    public static func apply(path: String, to collector: Collector, now: Date = Date()) throws(RuleLoadError) -> Loaded {
        let parsed = try RuleSet.load(path: path)
        let rules = try parsed.get()
        let history = StoreRuleHistory(store: collector.store)
        collector.replaceAlerting { previous in
            RuleAlerting(rules: rules, startedAt: now, history: history, carrying: previous as? RuleAlerting)
        }
        return Loaded(rules: rules, warnings: parsed.warnings.map(\.description))
    }

    /// The one log line of a refused reload: the first problem with its `file:line`, how
    /// many more there are, and what stays in force.
    public static func refusal(_ error: RuleLoadError, keeping kept: Int?) -> String {
        let keeping = kept.map { "keeping the \($0) \($0 == 1 ? "rule" : "rules") already loaded" } ?? "the collector keeps running without rules"
        switch error {
        case let .invalid(errors):
            let first = errors.first.map(\.description) ?? "the file has errors"
            let more = errors.count > 1 ? " (and \(errors.count - 1) more; 'pmops rules check' lists them)" : ""
            return "rules reload refused, \(keeping): \(first)\(more)"
        case .notFound, .unreadable:
            return "rules reload refused, \(keeping): \(error.description)"
        }
    }
}
