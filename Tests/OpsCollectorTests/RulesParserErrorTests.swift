import Foundation
import OpsCollector
import Testing

/// One test per kind of error `rules check` reports, each pinning line and message.
@Suite("Rules file errors")
struct RulesParserErrorTests {
    private func expectOnly(_ text: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = RulesFixture.parse(text)
        #expect(result.errors.map(\.description) == [expected], sourceLocation: sourceLocation)
        #expect(result.ruleSet == nil, sourceLocation: sourceLocation)
    }

    @Test("a key before any rule is a syntax error")
    func keyOutsideRule() {
        expectOnly("# header\nseverity warning\n", "t.rules:2: 'severity' is outside a rule; start a block with 'rule NAME'")
    }

    @Test("an unknown key names the closest known one")
    func unknownKey() {
        expectOnly("rule a\n  expr x > 1\n  sevrity warning\n  severity warning\n",
                   "t.rules:3: unknown key 'sevrity' (did you mean 'severity'?)")
        expectOnly("rule a\n  expr x > 1\n  severity warning\n  owner bob\n", "t.rules:4: unknown key 'owner'")
    }

    @Test("unknown severity")
    func unknownSeverity() {
        expectOnly("rule a\n  expr x > 1\n  severity urgent\n",
                   "t.rules:3: unknown severity 'urgent'; use info, warning or critical")
    }

    @Test("duplicate rule names point at the first definition")
    func duplicateRuleName() {
        expectOnly("rule a\n  expr x > 1\n  severity info\n\nrule a\n  expr y > 1\n  severity info\n",
                   "t.rules:5: duplicate rule name 'a' (first defined on line 1)")
    }

    @Test("a clear threshold on the wrong side of the threshold is impossible")
    func clearOnWrongSide() {
        expectOnly("rule a\n  expr x > 5\n  clear 6\n  severity info\n",
                   "t.rules:3: clear 6 is above the threshold 5: a '>' alert must clear at or below its threshold")
        expectOnly("rule a\n  expr x <= 10\n  clear 5\n  severity info\n",
                   "t.rules:3: clear 5 is below the threshold 10: a '<=' alert must clear at or above its threshold")
    }

    @Test("clear needs an ordering comparison and an expr rule")
    func clearWithoutOrder() {
        expectOnly("rule a\n  expr x == 0\n  clear 1\n  severity info\n",
                   "t.rules:3: clear needs an ordering comparison (> >= < <=), not '=='")
        expectOnly("rule a\n  absent x 60s\n  clear 1\n  severity info\n", "t.rules:3: clear applies only to expr rules")
    }

    @Test("bad durations, including a number without a unit")
    func badDuration() {
        expectOnly("rule a\n  expr x > 1\n  for 2x\n  severity info\n",
                   "t.rules:3: bad duration '2x' for for: use a number with s, m, h, d or w (as in 90s or 5m)")
        expectOnly("rule a\n  absent x 120\n  severity info\n",
                   "t.rules:2: bad duration '120' for absent: use a number with s, m, h, d or w (as in 90s or 5m)")
        expectOnly("rule a\n  anomaly x k=3 window=-1h\n  severity info\n",
                   "t.rules:2: bad duration '-1h' for window: use a number with s, m, h, d or w (as in 90s or 5m)")
    }

    @Test("invalid regexes are caught at parse time")
    func invalidRegex() {
        expectOnly("rule a\n  expr x{pool=~\"warm[\"} > 1\n  severity info\n",
                   "t.rules:2: invalid regex \"warm[\" for label 'pool'")
        expectOnly("rule a\n  expr x{pool!~\"(a\"} > 1\n  severity info\n", "t.rules:2: invalid regex \"(a\" for label 'pool'")
    }

    @Test("a summary referencing an unknown variable")
    func unknownTemplateVariable() {
        expectOnly("rule a\n  expr x > 1\n  severity info\n  summary \"{{ $val }} high\"\n",
                   "t.rules:4: summary uses unknown variable '$val'; use $value or $labels.NAME")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  summary \"{{ .Value }}\"\n",
                   "t.rules:4: summary uses unknown variable '.Value'; use $value or $labels.NAME")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  summary \"{{ $labels }}\"\n",
                   "t.rules:4: summary variable '$labels' needs a label name, as in $labels.pool")
    }

    @Test("template syntax: unclosed action, unknown function, bad printf")
    func templateSyntax() {
        expectOnly("rule a\n  expr x > 1\n  severity info\n  summary \"{{ $value \"\n",
                   "t.rules:4: summary has a '{{' without its closing '}}'")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  summary \"{{ $value | humanize }}\"\n",
                   "t.rules:4: summary uses unknown function 'humanize' after '|'; only printf is supported")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  summary \"{{ $value | printf \\\"%x %d\\\" }}\"\n",
                   "t.rules:4: printf conversion '%x' in \"%x %d\" is not supported; use %d %f %e %g or %s")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  summary \"{{ $value | printf \\\"%d%d\\\" }}\"\n",
                   "t.rules:4: printf format \"%d%d\" has more than one %-conversion")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  summary \"{{ $labels.pool | printf \\\"%f\\\" }}\"\n",
                   "t.rules:4: printf conversion '%f' in \"%f\" is not supported; use %s (labels are text)")
    }

    @Test("a rule without a condition or without a severity")
    func missingParts() {
        expectOnly("rule a\n  severity info\n", "t.rules:1: rule 'a' has no condition: add an expr, absent or anomaly line")
        expectOnly("rule a\n  expr x > 1\n",
                   "t.rules:1: rule 'a' has no severity: add 'severity warning' (info, warning or critical)")
    }

    @Test("two conditions or a repeated key")
    func repeatedKeys() {
        expectOnly("rule a\n  expr x > 1\n  absent x 60s\n  severity info\n",
                   "t.rules:3: rule 'a' already has a condition (line 2); a rule has exactly one expr, absent or anomaly line")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  severity warning\n",
                   "t.rules:4: 'severity' given twice in rule 'a' (first on line 3)")
    }

    @Test("expression syntax: comparison, threshold, selector")
    func expressionSyntax() {
        expectOnly("rule a\n  expr x 5\n  severity info\n",
                   "t.rules:2: expected a comparison (> >= < <= == !=) after 'x'")
        expectOnly("rule a\n  expr x > nan\n  severity info\n", "t.rules:2: threshold 'nan' is not a finite number")
        expectOnly("rule a\n  expr x > 5 for 2m\n  severity info\n", "t.rules:2: unexpected 'for' after the threshold")
        expectOnly("rule a\n  expr x{pool=\"a\" > 5\n  severity info\n",
                   "t.rules:2: expected ',' or '}' after 'pool=\"a\"', got '>'")
        expectOnly("rule a\n  expr x{pool=a} > 5\n  severity info\n",
                   "t.rules:2: the value of label 'pool' must be double-quoted, as in pool=\"value\"")
        expectOnly("rule a\n  expr 9lives > 5\n  severity info\n", "t.rules:2: expected a metric name, got '9lives'")
    }

    @Test("rule names, runbooks and labels are validated")
    func otherValues() {
        expectOnly("rule bounce-rate\n  expr x > 1\n  severity info\n",
                   "t.rules:1: rule name 'bounce-rate' must be letters, digits and underscores, not starting with a digit")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  runbook wiki/bounce\n",
                   "t.rules:4: runbook must be an http:// or https:// URL, got 'wiki/bounce'")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  labels team\n",
                   "t.rules:4: label 'team' needs a value: write team=value")
        expectOnly("rule a\n  expr x > 1\n  severity info\n  labels team=a team=b\n", "t.rules:4: label 'team' given twice")
    }

    @Test("anomaly options are checked")
    func anomalyOptions() {
        expectOnly("rule a\n  anomaly x k=3\n  severity info\n",
                   "t.rules:2: anomaly needs k= and window=, as in 'anomaly x k=3 window=1h'")
        expectOnly("rule a\n  anomaly x k=3 window=1h sigma=2\n  severity info\n",
                   "t.rules:2: unknown anomaly option 'sigma=2'; use k=NUMBER, window=DURATION and min=COUNT")
        expectOnly("rule a\n  anomaly x k=0 window=1h\n  severity info\n",
                   "t.rules:2: k must be above 0 (standard deviations from the mean)")
        expectOnly("rule a\n  anomaly x k=3 window=1h min=2\n  severity info\n",
                   "t.rules:2: min must be a whole number of at least 3, got '2'")
    }

    @Test("every error of a file is reported at once, in line order, and load maps to exit 2")
    func allErrorsAtOnce() throws {
        let text = """
        rule one
          expr pm_bounce_percent > 5
          clear 6
          severity critical
          runbook https://r.example.com/a
        rule two
          expr pm_queue_depth{queue=~"(" } > 1
          severity loud
        rule one
          absent pm_queue_depth 2y
          severity warning
        """
        let result = RulesFixture.parse(text)
        #expect(result.errors.map(\.line) == [3, 7, 8, 9, 10])
        #expect(result.ruleSet == nil)
        #expect(throws: RuleLoadError.invalid(result.errors)) { try result.get() }
        #expect(RuleLoadError.invalid(result.errors).exitCode == 2)
        #expect(RuleLoadError.invalid(result.errors).description.hasPrefix("t.rules:3: clear 6 is above"))
    }

    @Test("loading a missing file is 'not found' (exit 3)")
    func missingFile() {
        let path = "/nonexistent/\(UUID().uuidString).rules"
        #expect(throws: RuleLoadError.notFound(path: path)) { try RuleSet.load(path: path) }
        #expect(RuleLoadError.notFound(path: path).exitCode == 3)
    }
}
