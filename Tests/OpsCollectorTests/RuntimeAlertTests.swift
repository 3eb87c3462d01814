import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// An evaluator that returns scripted transitions, one list per evaluation.
final class ScriptedAlerting: CollectorAlerting, @unchecked Sendable {
    let alertSource = "rules"
    let resumeGrace: TimeInterval
    private let lock = NSLock()
    private var script: [[AlertChange]]

    init(grace: TimeInterval = 60, _ script: [[AlertChange]]) {
        resumeGrace = grace
        self.script = script
    }

    func evaluate(samples: [MetricSample], now: Date) -> [AlertChange] {
        lock.withLock { script.isEmpty ? [] : script.removeFirst() }.map { change in
            var stamped = change
            stamped.at = now
            return stamped
        }
    }
}

@Suite("Collector alerts: transitions become alert rows")
struct RuntimeAlertTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    func change(_ kind: AlertChange.Kind, _ fingerprint: String = "fp1", value: Double = 7) -> AlertChange {
        AlertChange(fingerprint: fingerprint, rule: "bounce_rate_warning", labels: ["pool": "main", "team": "deliverability"],
                    severity: .warning, kind: kind, value: value, summary: "Bounce rate \(value) %", at: t0)
    }

    func collector(_ clock: ManualClock, _ db: AppDatabase, _ alerting: ScriptedAlerting, refresh: TimeInterval = 15) -> Collector {
        Collector(sources: [RuntimeScriptSource("s", interval: 1)], store: db, clock: clock, alerting: alerting,
                  options: Collector.Options(alertRefresh: refresh))
    }

    @Test("pending, firing, still firing (throttled) and resolved map onto one alert row")
    func lifecycle() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let alerting = ScriptedAlerting([[change(.pending)], [change(.firing)], [change(.stillFiring, value: 8)],
                                         [change(.stillFiring, value: 9)], [change(.resolved)]])
        let collector = collector(clock, db, alerting, refresh: 1.5)
        #expect(collector.tickOnce().alerts.map(\.kind) == [.pending])
        #expect(try db.openAlerts().map(\.status) == [.pending])
        clock.advance(by: 1)
        #expect(collector.tickOnce().alerts.map(\.kind) == [.firing])
        let firing = try #require(try db.openAlerts().first)
        #expect(firing.status == .firing && firing.occurrences == 1 && firing.team == "deliverability")
        clock.advance(by: 1)
        #expect(collector.tickOnce().alerts.isEmpty)  // 1 s after the last write: throttled
        clock.advance(by: 1)
        #expect(collector.tickOnce().alerts.map(\.kind) == [.stillFiring])
        #expect(try db.openAlerts().first?.value == 9)
        clock.advance(by: 1)
        #expect(collector.tickOnce().alerts.map(\.kind) == [.resolved])
        #expect(try db.openAlerts().isEmpty)
        #expect(try db.alerts(status: .resolved).count == 1)
        #expect(collector.statistics.alertsWritten == 4)
    }

    @Test("after a restart, pending over a firing row keeps it firing, and rows nobody mentions are resolved after the grace")
    func restart() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        for fingerprint in ["fp1", "gone"] {
            try db.upsertAlert(AlertSignal(fingerprint: fingerprint, rule: "bounce_rate_warning", severity: .warning,
                                           status: .firing, summary: "from the last run", at: t0 - 600))
        }
        let alerting = ScriptedAlerting(grace: 30, [[change(.pending)], [], [change(.firing)]])
        let collector = collector(clock, db, alerting)
        #expect(collector.tickOnce().alerts.isEmpty)
        #expect(try db.openAlerts().map(\.status) == [.firing, .firing])
        clock.advance(by: 10)
        collector.tickOnce()
        clock.advance(by: 25)
        collector.tickOnce()
        let open = try db.openAlerts()
        #expect(open.map(\.fingerprint) == ["fp1"])
        #expect(open.first?.occurrences == 1)
        #expect(try db.alerts(status: .resolved).map(\.fingerprint) == ["gone"])
    }

    @Test("the shipped rules raise and resolve the demo's blacklist episode")
    func shippedRulesOnDemo() throws {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let rules = try RuleSet.load(path: RuntimeConfigTests.repoFile("Rules/penguinmails.rules")).get()
        let alerting = RuleAlerting(rules: rules, startedAt: t0, history: StoreRuleHistory(store: db))
        let source = DemoWorkloadSource(workload: DemoWorkload(start: t0), interval: 1)
        let collector = Collector(sources: [source], store: db, clock: clock, alerting: alerting)
        collector.tickOnce()
        #expect(try db.openAlerts().filter { $0.status == .firing }.isEmpty)
        // 6:50 into the script: 203.0.113.12 is listed on spamhaus-sbl.
        clock.set(t0 + DemoWorkload.Episode.blacklist.window.lowerBound + 10)
        let during = collector.tickOnce()
        #expect(during.alerts.contains { $0.rule == "blacklist_listing" && $0.kind == .firing })
        let listed = try #require(try db.openAlerts().first { $0.rule == "blacklist_listing" })
        #expect(listed.status == .firing && listed.severity == .critical)
        #expect(listed.labels["ip"] == "203.0.113.12" && listed.labels["list"] == "spamhaus-sbl")
        #expect(listed.summary == "IP 203.0.113.12 is listed on spamhaus-sbl")
        clock.set(t0 + DemoWorkload.Episode.blacklist.window.upperBound + 10)
        let after = collector.tickOnce()
        #expect(after.alerts.contains { $0.rule == "blacklist_listing" && $0.kind == .resolved })
        #expect(try db.openAlerts().first { $0.rule == "blacklist_listing" } == nil)
    }
}
