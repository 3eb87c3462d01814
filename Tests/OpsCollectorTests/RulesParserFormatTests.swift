import Foundation
import OpsCore
import OpsCollector
import Testing

/// What a valid file means: the spec example, comments, selectors and warnings.
@Suite("Rules file format")
struct RulesParserFormatTests {
    static let example = """
    # Bounce rate above 5 % for two minutes is critical.
    rule bounce_rate_critical
      expr     pm_bounce_percent > 5
      for      2m
      clear    4          # hysteresis: resolves only below 4
      severity critical
      summary  "Bounce rate {{ $value | printf \\"%.1f\\" }} % on {{ $labels.pool }}"
      runbook  https://runbooks.penguinmails.example.com/bounce
      labels   service=mta team=deliverability
    rule mta_metrics_absent
      absent   pm_queue_depth 120s
      severity warning
    rule sends_anomaly
      anomaly  pm_sends_per_minute{pool="warmup"} k=3 window=1h
      severity warning
    """

    @Test("the example from the issue parses into three rules")
    func example() throws {
        let result = RulesFixture.parse(Self.example)
        #expect(result.errors.isEmpty)
        #expect(result.warnings.isEmpty)
        let rules = try result.get()
        #expect(rules.rules.map(\.name) == ["bounce_rate_critical", "mta_metrics_absent", "sends_anomaly"])

        let bounce = try #require(rules["bounce_rate_critical"])
        #expect(bounce.condition == .threshold(MetricSelector(name: "pm_bounce_percent"),
                                               RuleThreshold(comparison: .greater, value: 5, clear: 4)))
        #expect(bounce.holdFor == 120)
        #expect(bounce.severity == .critical)
        #expect(bounce.runbook == "https://runbooks.penguinmails.example.com/bounce")
        #expect(bounce.labels == ["service": "mta", "team": "deliverability"])
        #expect(bounce.summary?.text == "Bounce rate {{ $value | printf \"%.1f\" }} % on {{ $labels.pool }}")
        #expect(bounce.line == 2)

        let absent = try #require(rules["mta_metrics_absent"])
        #expect(absent.condition == .absent(MetricSelector(name: "pm_queue_depth"), after: 120))

        let anomaly = try #require(rules["sends_anomaly"])
        let warmup = try #require(LabelMatcher(selectorLabel: "pool", op: .equal, value: "warmup"))
        #expect(anomaly.condition == .anomaly(MetricSelector(name: "pm_sends_per_minute", matchers: [warmup]),
                                              k: 3, window: 3600, minPoints: 10))
        #expect(rules.longestAnomalyWindow == 3600)
    }

    @Test("comments: whole lines, trailing, but not inside quotes or URL fragments")
    func comments() throws {
        let text = """
          # indented comment\r
        rule a   # trailing\r
        expr x{path="/a#b"} > 1\r
        severity info\r
        summary "#1 {{ $labels.path }}"  # note\r
        runbook https://r.example.com/page#section\r
        """
        let rule = try #require(try RulesFixture.rules(text)["a"])
        #expect(rule.runbook == "https://r.example.com/page#section")
        #expect(rule.summary?.render(value: 2, labels: ["path": "/a#b"]) == "#1 /a#b")
        #expect(rule.condition.selector.description == "x{path=\"/a#b\"}")
    }

    @Test("selectors follow PromQL: anchored regexes, missing labels read as empty")
    func selectorSemantics() throws {
        let text = """
        rule a
          expr x{pool=~"warm", region!="eu", host!~"test-.*", zone=""} >= 1_000
          severity info
        """
        let rule = try #require(try RulesFixture.rules(text)["a"])
        let selector = rule.condition.selector
        #expect(selector.matches(name: "x", labels: ["pool": "warm"]))
        #expect(!selector.matches(name: "x", labels: ["pool": "warmup"]))
        #expect(!selector.matches(name: "x", labels: ["pool": "warm", "region": "eu"]))
        #expect(!selector.matches(name: "x", labels: ["pool": "warm", "host": "test-1"]))
        #expect(!selector.matches(name: "x", labels: ["pool": "warm", "zone": "a"]))
        #expect(!selector.matches(name: "y", labels: ["pool": "warm"]))
        #expect(selector.fixedLabels.isEmpty)
        guard case let .threshold(_, threshold) = rule.condition else {
            Issue.record("expected a threshold rule")
            return
        }
        #expect(threshold == RuleThreshold(comparison: .greaterOrEqual, value: 1000))
    }

    @Test("labels accept quoted values with spaces; severity is case-insensitive")
    func labelsAndSeverity() throws {
        let text = """
        rule a
          expr x < -2.5e1
          severity CRITICAL
          runbook http://r.example.com
          labels team="delivery ops" tier=1
        """
        let rule = try #require(try RulesFixture.rules(text)["a"])
        #expect(rule.labels == ["team": "delivery ops", "tier": "1"])
        #expect(rule.severity == .critical)
        #expect(rule.condition == .threshold(MetricSelector(name: "x"), RuleThreshold(comparison: .less, value: -25)))
    }

    @Test("warnings: critical without runbook, no-op clear, for on absent, unknowable absent labels, tiny k")
    func warnings() {
        let text = """
        rule a
          expr x > 5
          clear 5
          severity critical
        rule b
          absent x{queue="in"} 60s
          for 5m
          severity warning
          summary "{{ $labels.queue }} / {{ $labels.host }} silent"
        rule c
          anomaly x k=0.5 window=10m
          severity info
        """
        let result = RulesFixture.parse(text)
        #expect(result.errors.isEmpty)
        #expect(result.isValid)
        #expect(result.warnings.map(\.description) == [
            "t.rules:1: warning: critical rule 'a' has no runbook; on-call needs one",
            "t.rules:3: warning: clear equals the threshold 5, so it adds no hysteresis",
            "t.rules:7: warning: 'for' is ignored on absent rules: the duration on the absent line is the wait",
            "t.rules:9: warning: summary uses $labels.host, which an absent alert does not have "
                + "(only labels fixed with = in the selector or set with 'labels'); it renders empty",
            "t.rules:11: warning: k=0.5 is less than one standard deviation; ordinary noise will fire it",
        ])
    }

    @Test("an empty or comment-only file is valid and has no rules")
    func emptyFile() throws {
        #expect(try RulesFixture.rules("").rules.isEmpty)
        #expect(try RulesFixture.rules("\u{FEFF}# nothing yet\n\n").rules.isEmpty)
    }

    @Test("loading a file reads and parses it")
    func load() throws {
        let path = NSTemporaryDirectory() + "rules-\(UUID().uuidString).rules"
        try "rule a\n  expr x > 1\n  severity info\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try RuleSet.load(path: path)
        #expect(try result.get().rules.map(\.name) == ["a"])
    }
}
