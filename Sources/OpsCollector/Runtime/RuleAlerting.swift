import Foundation
import OpsStore

/// The rules engine as the collector's alert evaluator.
///
/// The engine wants the latest sample of every series at each evaluation (a series it does
/// not see counts as gone and its alert resolves), but a tick carries only the sources that
/// were due: the 1 s demo tick has no host samples. So this keeps the newest sample of each
/// series a rule can match, and hands the engine all of them every tick.
public final class RuleAlerting: CollectorAlerting, @unchecked Sendable {
    public let alertSource = "rules"
    public let rules: RuleSet
    private var engine: RuleEngine
    private let history: (any RuleHistoryProvider)?
    /// Metric names some rule selects; other series are never kept.
    private let watched: Set<String>
    private var latest: [SeriesKey: RuleSample] = [:]

    /// - Parameters:
    ///   - history: where anomaly rules read their trailing windows (the store, normally).
    ///   - staleAfter: a series silent for longer counts as gone.
    ///   - previous: the evaluator these rules replace (a reload); the newest samples it
    ///     kept are carried over, so a series collected every few minutes is not judged
    ///     absent until its next turn. Pending `for` timers start again.
    public init(rules: RuleSet, startedAt: Date, history: (any RuleHistoryProvider)?, staleAfter: TimeInterval = 300,
                carrying previous: RuleAlerting? = nil) {
        self.rules = rules
        engine = RuleEngine(rules: rules, startedAt: startedAt, staleAfter: staleAfter)
        self.history = history
        // A range over a counter also watches the per-second series a scrape stores for it.
        let watched = Set(rules.rules.flatMap { rule -> [String] in
            let selector = rule.condition.selector
            if case let .expression(expression, _) = rule.condition, expression.longestRange > 0 { return [selector.name, selector.ratedName] }
            return [selector.name]
        })
        self.watched = watched
        if let previous { latest = previous.latest.filter { watched.contains($0.value.name) } }
    }

    /// Long enough for any rule to have re-entered its alert after a restart: its `for` (or
    /// an absence rule's silence) plus a minute of ticks.
    public var resumeGrace: TimeInterval {
        let longest = rules.rules.map { rule -> TimeInterval in
            if case let .absent(_, after) = rule.condition { return max(rule.holdFor, after) }
            return rule.holdFor
        }.max() ?? 0
        return longest + 60
    }

    public func evaluate(samples: [MetricSample], now: Date) -> [AlertChange] {
        for sample in samples where watched.contains(sample.name) {
            if let kept = latest[sample.seriesKey], kept.timestamp > sample.timestamp { continue }
            latest[sample.seriesKey] = RuleSample(name: sample.name, labels: sample.labels, value: sample.value,
                                                  timestamp: sample.timestamp)
        }
        let cutoff = now - engine.staleAfter
        latest = latest.filter { $0.value.timestamp >= cutoff }
        return engine.evaluate(samples: Array(latest.values), history: history, now: now).map(Self.change)
    }

    /// How many series the evaluator holds, for status output.
    public var trackedSeries: Int { latest.count }

    static func change(_ transition: AlertTransition) -> AlertChange {
        let kind: AlertChange.Kind = switch transition.kind {
        case .pending: .pending
        case .firing: .firing
        case .stillFiring: .stillFiring
        case .resolved: .resolved
        case .cancelled: .cancelled
        }
        return AlertChange(fingerprint: transition.fingerprint, rule: transition.rule, labels: transition.labels,
                           severity: transition.severity, kind: kind, value: transition.value, summary: transition.summary,
                           runbook: transition.runbook, at: transition.at, firesAt: transition.firesAt)
    }
}

/// Anomaly rules' trailing windows, read from the store the collector has just written, so
/// a restarted collector judges against the last hour at once instead of relearning it.
public final class StoreRuleHistory: RuleHistoryProvider, @unchecked Sendable {
    public let store: AppDatabase
    private let lock = NSLock()
    /// Series ids by series text (ids never change once assigned).
    private var ids: [SeriesKey: Int64] = [:]

    public init(store: AppDatabase) {
        self.store = store
    }

    public func points(name: String, labels: [String: String], from: Date, to: Date) -> [RuleHistoryPoint] {
        let key = SeriesKey(name: name, labels: labels)
        guard let id = seriesID(key, name: name, labels: labels), from < to else { return [] }
        // The upper bound is exclusive for the engine; stop 1 ms short so the reading being
        // judged never lands in its own baseline through a bucket's rounded-down time.
        guard let window = try? store.samples(seriesID: id, from: from, to: to - 0.001, maxPoints: 5_000) else { return [] }
        return window.points.compactMap { point in point.avg.map { RuleHistoryPoint(timestamp: point.time, value: $0) } }
    }

    private func seriesID(_ key: SeriesKey, name: String, labels: [String: String]) -> Int64? {
        if let known = lock.withLock({ ids[key] }) { return known }
        let wanted = MetricSeriesKey(name: name, labels: labels)
        guard let found = try? store.series(matching: name, labels: labels).first(where: { $0.key == wanted }) else { return nil }
        lock.withLock { ids[key] = found.id }
        return found.id
    }
}
