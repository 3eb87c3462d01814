import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// `rate()`, `increase()` and `sum|avg|max|min by` in rules: parsing with `file:line` errors,
/// counter arithmetic (resets, gaps, too few readings), and the engine firing on them.
@Suite("Rules expressions: rate, increase, aggregation")
struct RulesExpressionTests {
    static func rule(_ expr: String) -> String { "rule r\n  expr \(expr)\n  severity info\n" }

    static let parsed: [(String, String)] = [
        ("rate(node_cpu_seconds_total[1m]) > 0.5", "rate(node_cpu_seconds_total[1m]) > 0.5"),
        ("increase( m{job=\"node\"} [5m] ) >= 10", "increase(m{job=\"node\"}[5m]) >= 10"),
        ("sum by (instance) (rate(node_network_receive_bytes_total[5m])) > 1e6",
         "sum by (instance) (rate(node_network_receive_bytes_total[5m])) > 1000000"),
        ("avg by (a, b) (m) < 3", "avg by (a, b) (m) < 3"),
        ("max(rate(m[2m])) > 1", "max by () (rate(m[2m])) > 1"),
        ("min by(x)(increase(m[1h])) == 0", "min by (x) (increase(m[1h])) == 0"),
        ("sum_total > 1", "sum_total > 1"),
        ("rate_limit{a=\"b\"} > 1", "rate_limit{a=\"b\"} > 1"),
    ]

    @Test(arguments: parsed) func parses(_ c: (String, String)) throws {
        let rules = try RulesFixture.rules(Self.rule(c.0))
        let condition = try #require(rules.rules.first?.condition)
        let text: String = switch condition {
        case let .expression(e, t): "\(e) \(t)"
        case let .threshold(s, t): "\(s) \(t)"
        default: "?"
        }
        #expect(text == c.1)
    }

    static let refused: [(String, String)] = [
        ("rate(m) > 1", "t.rules:2: rate() needs a range after the selector, as in rate(m[5m])"),
        ("rate(m[5x]) > 1", "t.rules:2: bad range '5x' in rate(): use a duration above 0 such as 1m or 5m"),
        ("rate(m[0s]) > 1", "t.rules:2: bad range '0s' in rate(): use a duration above 0 such as 1m or 5m"),
        ("rate(m[5m] > 1", "t.rules:2: expected ')' after 'rate(m[5m]', got '>'"),
        ("rate(m[5m > 1", "t.rules:2: the range of rate(m[…]) has no closing ']'"),
        ("sum by (a-b) (m) > 1", "t.rules:2: invalid label name 'a-b' in 'sum by (…)'"),
        ("sum by (a (m) > 1", "t.rules:2: invalid label name 'a (m' in 'sum by (…)'"),
        ("sum by (a) m > 1", "t.rules:2: expected '(' after 'sum by (a)', got 'm'"),
        ("sum (rate(m[1m]) > 1", "t.rules:2: expected ')' after 'sum (rate(m[1m])', got '>'"),
        ("rate(m[1m])", "t.rules:2: expected a comparison (> >= < <= == !=) after 'rate(m[1m])'"),
    ]

    @Test(arguments: refused) func refuses(_ c: (String, String)) {
        #expect(RulesFixture.errors(Self.rule(c.0)) == [c.1])
    }

    @Test func clearAppliesToExpressions() throws {
        let rules = try RulesFixture.rules("rule r\n  expr rate(m[1m]) > 5\n  clear 4\n  severity info\n")
        #expect(rules.rules.first?.condition.threshold?.clear == 4)
    }

    // MARK: - Counter arithmetic

    static let t0 = RulesFixture.t0

    static func points(_ values: [(TimeInterval, Double)]) -> [RuleHistoryPoint] {
        values.map { RuleHistoryPoint(timestamp: t0 + $0.0, value: $0.1) }
    }

    struct MathCase: Sendable, CustomStringConvertible {
        let name: String
        let function: RuleExpression.Function
        let points: [(TimeInterval, Double)]
        let range: TimeInterval
        let expected: Double?
        var description: String { name }
    }

    static let math: [MathCase] = [
        MathCase(name: "steady rate", function: .rate, points: [(0, 100), (10, 110), (20, 120)], range: 60, expected: 1),
        MathCase(name: "increase extrapolates to the range", function: .increase, points: [(0, 100), (10, 110), (20, 120)], range: 60, expected: 60),
        MathCase(name: "a reset counts from zero", function: .increase, points: [(0, 100), (10, 110), (20, 5), (30, 15)], range: 30, expected: 25),
        MathCase(name: "rate across a reset", function: .rate, points: [(0, 50), (10, 60), (20, 4)], range: 20, expected: 0.7),
        MathCase(name: "a gap is spanned, not zero", function: .rate, points: [(0, 0), (40, 80)], range: 60, expected: 2),
        MathCase(name: "one reading is no value", function: .rate, points: [(0, 7)], range: 60, expected: nil),
        MathCase(name: "no readings is no value", function: .increase, points: [], range: 60, expected: nil),
        MathCase(name: "two readings at one time is no value", function: .rate, points: [(5, 1), (5, 2)], range: 60, expected: nil),
        MathCase(name: "unordered readings are sorted", function: .rate, points: [(20, 120), (0, 100), (10, 110)], range: 60, expected: 1),
    ]

    @Test(arguments: math) func counterMath(_ c: MathCase) {
        let value = RuleRangeMath.evaluate(c.function, points: Self.points(c.points), range: c.range)
        if let expected = c.expected {
            #expect(abs((value ?? .nan) - expected) < 1e-9, "\(c.name): \(String(describing: value))")
        } else {
            #expect(value == nil, "\(c.name)")
        }
    }

    // MARK: - The engine

    /// Feeds the engine one reading per series per step (10 s apart) and returns each step's
    /// transitions.
    static func run(_ ruleText: String, steps: [[(labels: [String: String], value: Double)]], name: String = "c") throws -> [[AlertTransition]] {
        var engine = RuleEngine(rules: try RulesFixture.rules(ruleText), startedAt: t0)
        return steps.enumerated().map { i, readings in
            let now = t0 + Double(i) * 10
            return engine.evaluate(samples: readings.map { RuleSample(name: name, labels: $0.labels, value: $0.value, timestamp: now) }, now: now)
        }
    }

    @Test func rateFiresOnlyOnceTwoReadingsExist() throws {
        let steps = try Self.run("rule fast\n  expr rate(c[1m]) > 0.5\n  severity warning\n",
                                 steps: [[([:], 0)], [([:], 10)], [([:], 20)], [([:], 21)], [([:], 22)], [([:], 22)], [([:], 22)], [([:], 22)], [([:], 22)], [([:], 22)]])
        #expect(steps[0].isEmpty, "one reading: no rate yet")
        #expect(steps[1].map(\.kind) == [.firing])
        #expect(abs((steps[1].first?.value ?? 0) - 1) < 1e-9)
        #expect(steps[1].first?.summary == "rate(c[1m]) is 1 (> 0.5)")
        // Over the last minute the rate falls to (22 - 10) / 50 = 0.24 by step 6.
        #expect(steps.dropFirst(2).flatMap { $0 }.map(\.kind).contains(.resolved))
    }

    @Test func sumByGroupsOnTheGivenLabels() throws {
        let text = "rule net\n  expr sum by (instance) (rate(c[5m])) > 100\n  severity warning\n"
        func readings(_ n: Double) -> [(labels: [String: String], value: Double)] {
            [(["instance": "a", "device": "eth0"], 600 * n), (["instance": "a", "device": "eth1"], 600 * n),
             (["instance": "b", "device": "eth0"], 100 * n)]
        }
        let steps = try Self.run(text, steps: [readings(0), readings(1)])
        // a: 60 + 60 per second; b: 10.
        #expect(steps[1].map(\.labels) == [["instance": "a"]])
        #expect(steps[1].first?.value == 120)
    }

    @Test(arguments: [("avg", 60.0), ("max", 60.0), ("min", 60.0), ("sum", 120.0)])
    func aggregations(_ c: (String, Double)) throws {
        let text = "rule agg\n  expr \(c.0)(rate(c[1m])) > 1\n  severity info\n"
        let steps = try Self.run(text, steps: [[(["d": "x"], 0), (["d": "y"], 0)], [(["d": "x"], 600), (["d": "y"], 600)]])
        #expect(steps[1].first?.value == c.1)
        #expect(steps[1].first?.labels == [:])
    }

    @Test func counterResetDoesNotLookLikeADrop() throws {
        let steps = try Self.run("rule r\n  expr increase(c[1m]) < 1\n  severity info\n",
                                 steps: [[([:], 1000)], [([:], 1010)], [([:], 3)]])
        #expect(steps.flatMap { $0 }.isEmpty, "a reset to 3 is 3 more, not 1007 less")
    }

    // MARK: - Counters a scrape stored as rates

    @Test("rate(x_total[…]) over a scrape reads x_per_second: the scraper keeps counters as rates")
    func rateOverAScrapedCounter() throws {
        let text = "rule busy\n  expr sum by (mode) (rate(node_cpu_seconds_total{mode=\"user\"}[1m])) > 0.5\n  severity warning\n"
        let step = [(labels: ["cpu": "0", "mode": "user"], value: 0.4), (labels: ["cpu": "1", "mode": "user"], value: 0.3),
                    (labels: ["cpu": "0", "mode": "idle"], value: 0.6)]
        let steps = try Self.run(text, steps: [step], name: "node_cpu_seconds_per_second")
        #expect(steps[0].map(\.kind) == [.firing], "one scrape's rate is a value already")
        #expect(steps[0].first?.labels == ["mode": "user"])
        #expect(abs((steps[0].first?.value ?? 0) - 0.7) < 1e-9)
    }

    @Test("increase(x[5m]) over x_per_second is the mean rate in the range times the range")
    func increaseOverAScrapedCounter() throws {
        let steps = try Self.run("rule r\n  expr increase(mails[5m]) >= 600\n  severity info\n",
                                 steps: [[([:], 1)], [([:], 3)]], name: "mails_per_second")
        #expect(steps[0].isEmpty, "1/s over 5m is 300")
        #expect(steps[1].first?.value == 600, "(1 + 3) / 2 per second over 300 s")
    }

    @Test("a stored raw counter is read as a counter, never as a rate")
    func rawCounterWins() throws {
        var engine = RuleEngine(rules: try RulesFixture.rules("rule r\n  expr rate(c_total[1m]) > 5\n  severity info\n"), startedAt: Self.t0)
        var fired: [AlertTransition] = []
        for (i, v) in [0.0, 10].enumerated() {
            let now = Self.t0 + Double(i) * 10
            fired += engine.evaluate(samples: [RuleSample(name: "c_total", labels: [:], value: v, timestamp: now),
                                               RuleSample(name: "c_per_second", labels: [:], value: 50, timestamp: now)], now: now)
        }
        #expect(fired.isEmpty, "the counter's rate is 1/s; the 50/s series is not read")
    }

    // MARK: - collect --once

    @Test func twoReadingsThroughTheScheduler() throws {
        let scheduler = ManualScheduler(Self.t0)
        let db = try AppDatabase(inMemory: scheduler)
        let source = RuntimeScriptSource("counter", interval: 30)
        let rules = try RulesFixture.rules("rule busy\n  expr rate(script_value[1m]) > 0.5\n  severity info\n")
        let alerting = RuleAlerting(rules: rules, startedAt: Self.t0, history: nil)
        let collector = Collector(sources: [source], store: db, scheduler: scheduler, alerting: alerting)
        let box = ReportPair()
        collector.readTwice(gap: 1) { first, second in box.set(first, second) }
        #expect(source.callCount == 1)
        #expect(box.reports == nil, "the second reading waits for the scheduler")
        scheduler.advance(by: 1)
        let (first, second) = try #require(box.reports)
        #expect(source.callCount == 2, "the second reading runs although the source is not due for 30 s")
        #expect(second.at.timeIntervalSince(first.at) == 1)
        #expect(first.alerts.isEmpty)
        #expect(second.alerts.map(\.rule) == ["busy"], "rate(script_value) = (2 - 1) / 1 s")
        let merged = first.followed(by: second)
        #expect(merged.ingest?.stored == (first.ingest?.stored ?? 0) + (second.ingest?.stored ?? 0))
        #expect((second.ingest?.stored ?? 0) > 0)
        #expect(merged.sources.map(\.name) == ["counter"])
    }
}

final class ReportPair: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (CollectorTickReport, CollectorTickReport)?
    var reports: (CollectorTickReport, CollectorTickReport)? { lock.withLock { value } }
    func set(_ a: CollectorTickReport, _ b: CollectorTickReport) { lock.withLock { value = (a, b) } }
}
