import Foundation
import OpsCollector
import Testing

/// The alert lifecycle of threshold rules, driven by a manual clock.
@Suite("Rule engine: threshold alerts")
struct RulesEngineStateTests {
    static let bounce = """
    rule bounce_rate_critical
      expr     pm_bounce_percent > 5
      for      2m
      clear    4
      severity critical
      summary  "Bounce rate {{ $value | printf \\"%.1f\\" }} % on {{ $labels.pool }}"
      runbook  https://runbooks.penguinmails.example.com/bounce
      labels   team=deliverability
    """
    let pool = ["pool": "warmup"]

    @Test("pending at the first breach, firing once `for` has elapsed")
    func pendingThenFiring() throws {
        var h = try RulesHarness(Self.bounce)
        let first = h.tick("pm_bounce_percent", pool, 6)
        #expect(first.kinds == [.pending])
        let pending = try #require(first.first)
        #expect(pending.labels == ["pool": "warmup", "team": "deliverability"])
        #expect(pending.severity == .critical)
        #expect(pending.runbook == "https://runbooks.penguinmails.example.com/bounce")
        #expect(pending.at == RulesFixture.t0 + 10)
        #expect(h.engine.phase(ofFingerprint: pending.fingerprint) == .pending)

        #expect(h.tick(after: 60, "pm_bounce_percent", pool, 6.5).isEmpty)
        #expect(h.tick(after: 59, "pm_bounce_percent", pool, 6.5).isEmpty)
        let firing = h.tick(after: 1, "pm_bounce_percent", pool, 7.25)
        #expect(firing.kinds == [.firing])
        #expect(firing.first?.fingerprint == pending.fingerprint)
        #expect(firing.first?.value == 7.25)
        #expect(firing.first?.summary == "Bounce rate 7.2 % on warmup")
        #expect(firing.first?.activeSince == RulesFixture.t0 + 10)
        #expect(h.engine.phase(ofFingerprint: pending.fingerprint) == .firing)
    }

    @Test("a dip before `for` elapses cancels the pending alert; the next breach starts over")
    func dipBeforeFor() throws {
        var h = try RulesHarness(Self.bounce)
        #expect(h.tick("pm_bounce_percent", pool, 6).kinds == [.pending])
        #expect(h.tick(after: 90, "pm_bounce_percent", pool, 4.5).kinds == [.cancelled])
        #expect(h.tick(after: 10, "pm_bounce_percent", pool, 6).kinds == [.pending])
        #expect(h.tick(after: 60, "pm_bounce_percent", pool, 6).isEmpty)
        #expect(h.tick(after: 60, "pm_bounce_percent", pool, 6).kinds == [.firing])
    }

    @Test("hysteresis: firing holds between clear and threshold, resolves below clear, then re-fires")
    func hysteresis() throws {
        var h = try RulesHarness(Self.bounce)
        _ = h.tick("pm_bounce_percent", pool, 6)
        #expect(h.tick(after: 120, "pm_bounce_percent", pool, 6).kinds == [.firing])
        #expect(h.tick("pm_bounce_percent", pool, 4.5).kinds == [.stillFiring])
        #expect(h.tick("pm_bounce_percent", pool, 4).kinds == [.stillFiring])
        let resolved = h.tick("pm_bounce_percent", pool, 3.9)
        #expect(resolved.kinds == [.resolved])
        #expect(resolved.first?.value == 3.9)
        #expect(h.engine.trackedAlertCount == 0)
        #expect(h.tick("pm_bounce_percent", pool, 4.5).isEmpty)
        #expect(h.tick("pm_bounce_percent", pool, 5.5).kinds == [.pending])
        #expect(h.tick(after: 120, "pm_bounce_percent", pool, 5.5).kinds == [.firing])
    }

    @Test("without clear, a firing alert resolves as soon as the comparison fails")
    func noHysteresis() throws {
        var h = try RulesHarness("rule q\n  expr pm_queue_depth > 1000\n  severity warning\n")
        #expect(h.tick("pm_queue_depth", ["queue": "in"], 1001).kinds == [.firing])
        #expect(h.tick("pm_queue_depth", ["queue": "in"], 1000).kinds == [.resolved])
    }

    @Test("dedupe: 100 evaluations while firing give one firing, then stillFiring updates")
    func dedupe() throws {
        var h = try RulesHarness("rule q\n  expr pm_queue_depth > 1000\n  severity warning\n")
        var all: [AlertTransition] = []
        for i in 0..<100 { all += h.tick("pm_queue_depth", ["queue": "in"], 2000 + Double(i)) }
        #expect(all.count == 100)
        #expect(all.filter { $0.kind == .firing }.count == 1)
        #expect(all.first?.kind == .firing)
        #expect(all.dropFirst().allSatisfy { $0.kind == .stillFiring })
        #expect(Set(all.map(\.fingerprint)).count == 1)
        #expect(all.last?.value == 2099)
        #expect(all.last?.activeSince == all.first?.at)
    }

    @Test("each label set is its own alert")
    func perSeries() throws {
        var h = try RulesHarness("rule q\n  expr pm_queue_depth > 1000\n  severity warning\n")
        let both = h.tick([("pm_queue_depth", ["queue": "in"], 5000), ("pm_queue_depth", ["queue": "out"], 5000),
                           ("pm_queue_depth", ["queue": "retry"], 10)])
        #expect(both.kinds == [.firing, .firing])
        #expect(Set(both.map(\.fingerprint)).count == 2)
        let next = h.tick([("pm_queue_depth", ["queue": "in"], 5000), ("pm_queue_depth", ["queue": "out"], 1)])
        #expect(next.map { "\($0.kind) \($0.labels["queue"] ?? "")" }.sorted() == ["resolved out", "stillFiring in"])
    }

    @Test("NaN and ±Inf never fire; they cancel a pending alert and leave a firing one alone")
    func nonFinite() throws {
        var h = try RulesHarness(Self.bounce)
        #expect(h.tick("pm_bounce_percent", pool, .nan).isEmpty)
        #expect(h.tick("pm_bounce_percent", pool, .infinity).isEmpty)
        #expect(h.tick("pm_bounce_percent", pool, -.infinity).isEmpty)
        #expect(h.engine.trackedAlertCount == 0)

        #expect(h.tick("pm_bounce_percent", pool, 6).kinds == [.pending])
        let cancelled = h.tick("pm_bounce_percent", pool, .nan)
        #expect(cancelled.kinds == [.cancelled])
        #expect(cancelled.first?.value == 6)

        _ = h.tick("pm_bounce_percent", pool, 6)
        #expect(h.tick(after: 120, "pm_bounce_percent", pool, 6).kinds == [.firing])
        #expect(h.tick("pm_bounce_percent", pool, .infinity).isEmpty)
        #expect(h.tick("pm_bounce_percent", pool, .nan).isEmpty)
        #expect(h.tick("pm_bounce_percent", pool, 6).kinds == [.stillFiring])
    }

    @Test("a clock jumping backwards restarts pending and never makes a negative duration")
    func clockBackwards() throws {
        var h = try RulesHarness(Self.bounce)
        #expect(h.tick("pm_bounce_percent", pool, 6).kinds == [.pending])
        #expect(h.tick(after: 100, "pm_bounce_percent", pool, 6).isEmpty)
        #expect(h.tick(after: -3600, "pm_bounce_percent", pool, 6).isEmpty)
        #expect(h.tick(after: 60, "pm_bounce_percent", pool, 6).isEmpty)
        let firing = h.tick(after: 60, "pm_bounce_percent", pool, 6)
        #expect(firing.kinds == [.firing])
        let fired = try #require(firing.first)
        #expect(fired.at.timeIntervalSince(fired.activeSince) == 120)

        #expect(h.tick(after: -600, "pm_bounce_percent", pool, 6).kinds == [.stillFiring])
    }

    @Test("a series that stops reporting or goes stale resolves its alert")
    func vanishedAndStale() throws {
        var h = try RulesHarness("rule q\n  expr pm_queue_depth > 1000\n  severity warning\n", staleAfter: 60)
        #expect(h.tick("pm_queue_depth", ["queue": "in"], 5000).kinds == [.firing])
        #expect(h.silence(after: 10).kinds == [.resolved])

        #expect(h.tick("pm_queue_depth", ["queue": "in"], 5000).kinds == [.firing])
        let old = RuleSample(name: "pm_queue_depth", labels: ["queue": "in"], value: 5000, timestamp: h.clock.now())
        h.clock.advance(by: 61)
        #expect(h.engine.evaluate(samples: [old], now: h.clock.now()).kinds == [.resolved])
    }

    @Test("an older duplicate of a series is ignored in favour of the latest")
    func latestWins() throws {
        var engine = RuleEngine(rules: try RulesFixture.rules("rule q\n  expr x > 10\n  severity info\n"),
                                startedAt: RulesFixture.t0)
        let now = RulesFixture.t0 + 30
        let samples = [RuleSample(name: "x", value: 50, timestamp: now - 20), RuleSample(name: "x", value: 5, timestamp: now)]
        #expect(engine.evaluate(samples: samples, now: now).isEmpty)
    }
}
