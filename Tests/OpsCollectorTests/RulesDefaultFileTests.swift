import Foundation
import OpsCore
import OpsCollector
import Testing

/// The shipped `Rules/penguinmails.rules`: clean, and covering the issue's list.
@Suite("Default rules file")
struct RulesDefaultFileTests {
    private func load() throws -> RuleSet {
        let result = RuleSet.parse(text: try RulesFixture.defaultRulesText(), source: "penguinmails.rules")
        #expect(result.errors.map(\.description) == [])
        #expect(result.warnings.map(\.description) == [])
        return try result.get()
    }

    @Test("parses with zero errors and zero warnings")
    func clean() throws {
        #expect(try load().rules.count == 16)
    }

    @Test("thresholds match the issue's list")
    func thresholds() throws {
        let rules = try load()
        let expected: [(String, String, RuleThreshold.Comparison, Double, AlertSeverity)] = [
            ("bounce_rate_warning", "pm_bounce_percent", .greater, 3, .warning),
            ("bounce_rate_critical", "pm_bounce_percent", .greater, 5, .critical),
            ("complaint_rate_warning", "pm_complaint_percent", .greater, 0.1, .warning),
            ("complaint_rate_critical", "pm_complaint_percent", .greater, 0.3, .critical),
            ("blacklist_listing", "pm_blacklist_listings", .greater, 0, .critical),
            ("queue_depth_warning", "pm_queue_depth", .greater, 1000, .warning),
            ("queue_depth_critical", "pm_queue_depth", .greater, 10_000, .critical),
            ("cpu_busy", "host_cpu_busy_percent", .greater, 90, .warning),
            ("filesystem_full_warning", "host_filesystem_used_percent", .greater, 90, .warning),
            ("filesystem_full_critical", "host_filesystem_used_percent", .greater, 97, .critical),
            ("memory_low", "host_memory_available_percent", .less, 10, .warning),
            ("probe_down", "probe_up", .equal, 0, .critical),
            ("stripe_webhook_stale_warning", "pm_stripe_webhook_age_seconds", .greater, 600, .warning),
            ("stripe_webhook_stale_critical", "pm_stripe_webhook_age_seconds", .greater, 3600, .critical),
        ]
        for (name, metric, comparison, value, severity) in expected {
            let rule = try #require(rules[name], "missing rule \(name)")
            guard case let .threshold(selector, threshold) = rule.condition else {
                Issue.record("\(name) is not a threshold rule")
                continue
            }
            #expect(selector.name == metric, "\(name)")
            #expect(threshold.comparison == comparison && threshold.value == value, "\(name)")
            #expect(rule.severity == severity, "\(name)")
            #expect(rule.summary != nil && rule.runbook != nil, "\(name)")
        }
        #expect(rules["cpu_busy"]?.holdFor == 300)
        #expect(rules["cpu_busy"]?.condition.selector.description == "host_cpu_busy_percent{cpu=\"total\"}")
        #expect(rules["probe_down"]?.holdFor == 60)
        #expect(rules.rules.contains { if case .absent = $0.condition { true } else { false } })
        #expect(rules.rules.contains { if case .anomaly = $0.condition { true } else { false } })
    }

    @Test("end to end: a bad pool, a listed IP and a down probe")
    func scenario() throws {
        var engine = RuleEngine(rules: try load(), startedAt: RulesFixture.t0)
        func evaluate(at seconds: TimeInterval) -> [String] {
            let now = RulesFixture.t0 + seconds
            let samples = [
                RuleSample(name: "pm_bounce_percent", labels: ["pool": "warmup"], value: 6.04, timestamp: now),
                RuleSample(name: "pm_blacklist_listings", labels: ["ip": "203.0.113.7", "list": "spamhaus"], value: 1,
                           timestamp: now),
                RuleSample(name: "probe_up", labels: ["target": "smtp-1"], value: 0, timestamp: now),
                RuleSample(name: "pm_queue_depth", labels: ["queue": "in"], value: 12, timestamp: now),
            ]
            return engine.evaluate(samples: samples, now: now).map { "\($0.kind) \($0.rule): \($0.summary)" }
        }
        #expect(evaluate(at: 0) == [
            "pending bounce_rate_warning: Bounce rate 6.0 % on pool warmup (warning above 3 %)",
            "pending bounce_rate_critical: Bounce rate 6.0 % on pool warmup (critical above 5 %)",
            "firing blacklist_listing: IP 203.0.113.7 is listed on spamhaus",
            "pending probe_down: smtp-1 has been down for over 60 s",
        ])
        #expect(evaluate(at: 60) == [
            "stillFiring blacklist_listing: IP 203.0.113.7 is listed on spamhaus",
            "firing probe_down: smtp-1 has been down for over 60 s",
        ])
        #expect(evaluate(at: 120).prefix(1) == ["firing bounce_rate_critical: Bounce rate 6.0 % on pool warmup (critical above 5 %)"])
    }
}
