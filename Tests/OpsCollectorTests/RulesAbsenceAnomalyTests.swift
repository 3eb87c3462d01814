import Foundation
import OpsCollector
import Testing

/// Absence and anomaly rules: the two conditions that look at time rather than one value.
@Suite("Rule engine: absence and anomaly")
struct RulesAbsenceAnomalyTests {
    static let absent = """
    rule mta_metrics_absent
      absent   pm_queue_depth{queue="in"} 120s
      severity warning
      summary  "No queue metrics for {{ $value }} s on {{ $labels.queue }}"
      labels   team=platform
    """
    static let anomaly = """
    rule sends_anomaly
      anomaly  pm_sends_per_minute{pool="warmup"} k=3 window=1h
      severity warning
    """
    let warmup = ["pool": "warmup"]

    // MARK: - Absence

    @Test("a series never seen fires N seconds after the engine started, then reports the silence")
    func neverSeen() throws {
        var h = try RulesHarness(Self.absent)
        #expect(h.silence(after: 60).isEmpty)
        #expect(h.tick(after: 59, "pm_queue_depth", ["queue": "out"], 5).isEmpty)
        let firing = h.silence(after: 1)
        #expect(firing.kinds == [.firing])
        let alert = try #require(firing.first)
        #expect(alert.labels == ["queue": "in", "team": "platform"])
        #expect(alert.value == 120)
        #expect(alert.summary == "No queue metrics for 120 s on in")
        #expect(alert.activeSince == RulesFixture.t0 + 120)
        let still = h.silence(after: 10)
        #expect(still.kinds == [.stillFiring])
        #expect(still.first?.value == 130)
    }

    @Test("fires after N seconds of silence since the last sample and resolves when data returns")
    func silenceThenReturn() throws {
        var h = try RulesHarness(Self.absent)
        #expect(h.tick(after: 5, "pm_queue_depth", ["queue": "in"], 3).isEmpty)
        #expect(h.silence(after: 119).isEmpty)
        #expect(h.silence(after: 1).kinds == [.firing])
        let resolved = h.tick(after: 30, "pm_queue_depth", ["queue": "in"], 3)
        #expect(resolved.kinds == [.resolved])
        #expect(resolved.first?.value == 0)
        #expect(h.silence(after: 119).isEmpty)
        #expect(h.silence(after: 1).kinds == [.firing])
    }

    @Test("silence counts from the sample's own time, so a store re-serving it does not hide the gap")
    func reservedOldSample() throws {
        var h = try RulesHarness(Self.absent)
        let seen = RuleSample(name: "pm_queue_depth", labels: ["queue": "in"], value: 1, timestamp: h.clock.now())
        var kinds: [AlertTransition.Kind] = []
        for _ in 0..<12 {
            h.clock.advance(by: 10)
            kinds += h.engine.evaluate(samples: [seen], now: h.clock.now()).kinds
        }
        #expect(kinds == [.firing])
    }

    @Test("a clock jumping backwards neither resolves a firing absence alert nor fires early")
    func absenceClockBackwards() throws {
        var h = try RulesHarness(Self.absent)
        #expect(h.silence(after: 120).kinds == [.firing])
        #expect(h.silence(after: -3600).kinds == [.stillFiring])
        #expect(h.silence(after: 10).first?.value == 10)

        var quiet = try RulesHarness(Self.absent)
        #expect(quiet.tick(after: 100, "pm_queue_depth", ["queue": "in"], 1).isEmpty)
        #expect(quiet.silence(after: -50).isEmpty)
        #expect(quiet.silence(after: 119).isEmpty)
        #expect(quiet.silence(after: 1).kinds == [.firing])
    }

    // MARK: - Anomaly

    /// A noisy but steady series around 100 (±2), one point a minute.
    private func steady(_ h: inout RulesHarness, minutes: Int) -> [AlertTransition] {
        var out: [AlertTransition] = []
        for i in 0..<minutes {
            out += h.tick(after: 60, "pm_sends_per_minute", warmup, 100 + Double([0, 2, -1, 1, -2][i % 5]))
        }
        return out
    }

    @Test("a steady noisy series never fires")
    func steadySeries() throws {
        var h = try RulesHarness(Self.anomaly)
        #expect(steady(&h, minutes: 120).isEmpty)
    }

    @Test("a spike fires; the return to normal resolves; a drop fires too")
    func spike() throws {
        var h = try RulesHarness(Self.anomaly)
        _ = steady(&h, minutes: 30)
        let firing = h.tick(after: 60, "pm_sends_per_minute", warmup, 300)
        #expect(firing.kinds == [.firing])
        #expect(firing.first?.value == 300)
        #expect(firing.first?.labels == warmup)
        #expect(firing.first?.summary == "pm_sends_per_minute{pool=\"warmup\"} is 300, more than 3 standard deviations from its 1h mean")
        #expect(h.tick(after: 60, "pm_sends_per_minute", warmup, 100).kinds == [.resolved])
        _ = steady(&h, minutes: 60)
        #expect(h.tick(after: 60, "pm_sends_per_minute", warmup, 0).kinds == [.firing])
    }

    @Test("no verdict before the window holds enough points (default 10)")
    func notEnoughPoints() throws {
        var h = try RulesHarness(Self.anomaly)
        _ = steady(&h, minutes: 9)
        #expect(h.tick(after: 60, "pm_sends_per_minute", warmup, 1000).isEmpty)

        var ten = try RulesHarness(Self.anomaly)
        _ = steady(&ten, minutes: 10)
        #expect(ten.tick(after: 60, "pm_sends_per_minute", warmup, 1000).kinds == [.firing])
    }

    @Test("points older than the window do not count")
    func windowBounds() throws {
        var h = try RulesHarness("rule s\n  anomaly x k=3 window=10m\n  severity info\n")
        for _ in 0..<20 { _ = h.tick(after: 60, "x", [:], 5) }
        #expect(h.tick(after: 3600, "x", [:], 500).isEmpty)
    }

    @Test("a perfectly flat window: the same value is normal, any change is anomalous")
    func flatWindow() throws {
        var h = try RulesHarness(Self.anomaly)
        for _ in 0..<15 { #expect(h.tick(after: 60, "pm_sends_per_minute", warmup, 0.1).isEmpty) }
        #expect(h.tick(after: 60, "pm_sends_per_minute", warmup, 0.2).kinds == [.firing])
    }

    @Test("without a history provider an anomaly rule never fires")
    func noHistory() throws {
        var engine = RuleEngine(rules: try RulesFixture.rules(Self.anomaly), startedAt: RulesFixture.t0)
        let spike = RuleSample(name: "pm_sends_per_minute", labels: warmup, value: 1e9, timestamp: RulesFixture.t0)
        #expect(engine.evaluate(samples: [spike], now: RulesFixture.t0).isEmpty)
    }

    @Test("the history buffer keeps order and trims to its retention")
    func historyBuffer() {
        var buffer = RuleHistoryBuffer(retention: 100)
        let t0 = RulesFixture.t0
        buffer.record([RuleSample(name: "x", value: 1, timestamp: t0), RuleSample(name: "x", value: 3, timestamp: t0 + 20),
                       RuleSample(name: "x", value: 2, timestamp: t0 + 10)])
        #expect(buffer.points(name: "x", labels: [:], from: t0, to: t0 + 30).map(\.value) == [1, 2, 3])
        buffer.record([RuleSample(name: "x", value: 4, timestamp: t0 + 115)])
        #expect(buffer.points(name: "x", labels: [:], from: t0 - 100, to: t0 + 200).map(\.value) == [3, 4])
        #expect(buffer.pointCount == 2)
    }
}
