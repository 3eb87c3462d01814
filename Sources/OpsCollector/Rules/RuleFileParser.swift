import Foundation

/// Turns rules text into a `RuleSet`, collecting every error and warning with its line
/// instead of stopping at the first, so one `rules check` run lists all there is to fix.
///
/// The format is line based: `rule NAME` opens a block; each following non-blank line is
/// `key value` (indentation is for people and is ignored); `#` starts a comment at the start
/// of a line or after whitespace, outside quotes, so URL fragments and regexes survive.
struct RuleFileParser {
    let source: String
    private var errors: [RuleDiagnostic] = []
    private var warnings: [RuleDiagnostic] = []
    private var draft: RuleDraft?
    private var firstLineOfRule: [String: Int] = [:]
    private var rules: [AlertRule] = []

    init(source: String) {
        self.source = source
    }

    mutating func parse(_ text: String) -> RuleParseResult {
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = raw
            if number == 1, line.first == "\u{FEFF}" { line = line.dropFirst() }
            if line.utf8.contains(0) {
                // Text with a NUL cannot be stored whole (`Printable.refuseNUL`).
                error(number, "the line contains a NUL character (U+0000), which cannot be stored")
                continue
            }
            let content = RuleFileParser.withoutComment(line).trimmingCharacters(in: .whitespaces)
            guard !content.isEmpty else { continue }
            handle(content[...], line: number)
        }
        finishDraft()
        return RuleParseResult(ruleSet: RuleSet(rules: rules), errors: RuleFileParser.inLineOrder(errors),
                               warnings: RuleFileParser.inLineOrder(warnings))
    }

    // MARK: - Lines

    private mutating func handle(_ content: Substring, line: Int) {
        let key = String(content.prefix(while: { !$0.isWhitespace }))
        let value = content.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
        if key == "rule" {
            startRule(value, line: line)
            return
        }
        guard draft != nil else {
            error(line, "'\(key)' is outside a rule; start a block with 'rule NAME'")
            return
        }
        guard RuleDraft.keys.contains(key) else {
            let hint = RuleNames.suggestion(for: key, among: RuleDraft.keys + ["rule"]).map { " (did you mean '\($0)'?)" }
            error(line, "unknown key '\(key)'\(hint ?? "")")
            draft?.failed = true
            return
        }
        let slot = RuleDraft.slot(for: key)
        if let first = draft?.keyLines[slot] {
            let name = draft?.name ?? ""
            if slot == "condition" {
                error(line, "rule '\(name)' already has a condition (line \(first)); "
                    + "a rule has exactly one expr, absent or anomaly line")
            } else {
                error(line, "'\(key)' given twice in rule '\(name)' (first on line \(first))")
            }
            draft?.failed = true
            return
        }
        draft?.keyLines[slot] = line
        guard !value.isEmpty else {
            error(line, "'\(key)' needs a value")
            draft?.failed = true
            return
        }
        do {
            try draft?.apply(key: key, value: value[...])
        } catch {
            self.error(line, error.message)
            draft?.failed = true
        }
    }

    private mutating func startRule(_ value: String, line: Int) {
        finishDraft()
        guard !value.isEmpty else {
            error(line, "'rule' needs a name, as in 'rule bounce_rate_critical'")
            draft = RuleDraft(name: "", line: line, failed: true)
            return
        }
        guard RuleNames.isRuleName(value) else {
            error(line, "rule name '\(value)' must be letters, digits and underscores, not starting with a digit")
            draft = RuleDraft(name: value, line: line, failed: true)
            return
        }
        if let first = firstLineOfRule[value] {
            error(line, "duplicate rule name '\(value)' (first defined on line \(first))")
            draft = RuleDraft(name: value, line: line, failed: true)
            return
        }
        firstLineOfRule[value] = line
        draft = RuleDraft(name: value, line: line)
    }

    // MARK: - Whole-rule checks

    /// Checks what only the whole block can show, then keeps the rule if all is well.
    private mutating func finishDraft() {
        guard var rule = draft else { return }
        draft = nil
        let errorsBefore = errors.count
        if rule.keyLines["condition"] == nil {
            error(rule.line, "rule '\(rule.name)' has no condition: add an expr, absent or anomaly line")
        }
        if rule.keyLines["severity"] == nil {
            error(rule.line, "rule '\(rule.name)' has no severity: add 'severity warning' (info, warning or critical)")
        }
        checkClear(rule)
        checkConditionExtras(rule)
        if rule.severity == .critical, rule.keyLines["runbook"] == nil {
            warning(rule.line, "critical rule '\(rule.name)' has no runbook; on-call needs one")
        }
        if errors.count > errorsBefore { rule.failed = true }
        if let built = rule.rule() { rules.append(built) }
    }

    private mutating func checkClear(_ rule: RuleDraft) {
        guard let clear = rule.clear, let line = rule.keyLines["clear"], let condition = rule.condition else { return }
        guard let threshold = condition.threshold else {
            error(line, "clear applies only to expr rules")
            return
        }
        let withClear = RuleThreshold(comparison: threshold.comparison, value: threshold.value, clear: clear)
        if let why = withClear.impossibility {
            error(line, why)
        } else if clear == threshold.value {
            warning(line, "clear equals the threshold \(RuleNumberText.plain(clear)), so it adds no hysteresis")
        }
    }

    private mutating func checkConditionExtras(_ rule: RuleDraft) {
        guard let condition = rule.condition, let conditionLine = rule.keyLines["condition"] else { return }
        switch condition {
        case .threshold:
            break
        case let .expression(expression, _):
            if case .range = expression, expression.longestRange < 60 {
                warning(conditionLine, "a range under 1m may hold fewer than two readings of a scrape every 30s; the rule then sees no value")
            }
        case let .absent(selector, _):
            if let line = rule.keyLines["for"] {
                warning(line, "'for' is ignored on absent rules: the duration on the absent line is the wait")
            }
            let known = selector.fixedLabels.merging(rule.labels) { first, _ in first }
            if let summary = rule.summary, let line = rule.keyLines["summary"] {
                for name in summary.labelNames where known[name] == nil {
                    warning(line, "summary uses $labels.\(name), which an absent alert does not have "
                        + "(only labels fixed with = in the selector or set with 'labels'); it renders empty")
                }
            }
        case let .anomaly(_, k, _, _):
            if k < 1 {
                warning(conditionLine, "k=\(RuleNumberText.plain(k)) is less than one standard deviation; "
                    + "ordinary noise will fire it")
            }
        }
    }

    // MARK: - Diagnostics

    private mutating func error(_ line: Int, _ message: String) {
        errors.append(RuleDiagnostic(level: .error, source: source, line: line, message: message))
    }

    private mutating func warning(_ line: Int, _ message: String) {
        warnings.append(RuleDiagnostic(level: .warning, source: source, line: line, message: message))
    }

    /// Whole-rule findings are made when a block ends, after its line findings; people read
    /// a file top-down, so report by line, keeping discovery order within a line.
    private static func inLineOrder(_ diagnostics: [RuleDiagnostic]) -> [RuleDiagnostic] {
        diagnostics.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// The line up to its comment: `#` at the start or after whitespace, outside quotes.
    static func withoutComment(_ line: Substring) -> Substring {
        var inQuotes = false
        var escaped = false
        var previous: Character = " "
        for index in line.indices {
            let char = line[index]
            if inQuotes {
                if escaped { escaped = false } else if char == "\\" { escaped = true } else if char == "\"" { inQuotes = false }
            } else if char == "\"" {
                inQuotes = true
            } else if char == "#", previous.isWhitespace {
                return line[..<index]
            }
            previous = char
        }
        return line
    }
}
