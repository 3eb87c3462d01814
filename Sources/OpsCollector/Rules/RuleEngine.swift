import Foundation

/// Evaluates a rule set against the latest samples and reports alert transitions. A value
/// type with no clock and no I/O: the caller passes `now`, the samples and (for anomaly
/// rules) a history, and owns the engine on one serial queue, so every behaviour is
/// reproducible in a test by stepping an injected date.
public struct RuleEngine: Sendable {
    public let ruleSet: RuleSet
    /// When the engine started; absence rules count silence from here for series never seen.
    public let startedAt: Date
    /// Samples older than this (relative to `now`) count as missing, so a store that keeps
    /// returning a dead series' last value does not keep its alert firing.
    public let staleAfter: TimeInterval

    /// Tracked alerts by rule name, then fingerprint. Inactive alerts are not stored.
    private var alerts: [String: [String: RuleAlertState]] = [:]
    /// For absence rules: the newest matching sample time seen, by rule name.
    private var lastSeen: [String: Date] = [:]
    /// For absence rules never seen yet: where silence counts from (`startedAt`, or later
    /// after the clock went back past it).
    private var neverSeenSince: [String: Date] = [:]
    private var lastEvaluation: Date?
    /// Recent readings of the series range functions (`rate`, `increase`) read.
    var windows = RuleRangeWindows()

    public init(rules: RuleSet, startedAt: Date, staleAfter: TimeInterval = 300) {
        self.ruleSet = rules
        self.startedAt = startedAt
        self.staleAfter = staleAfter
    }

    // MARK: - Evaluation

    /// Runs every rule once at `now`. `samples` should hold the latest sample per series
    /// (older duplicates are ignored); `history` answers anomaly rules' trailing windows.
    /// Transitions come in rule order, then by fingerprint, so output is deterministic.
    public mutating func evaluate(samples: [RuleSample], history: (any RuleHistoryProvider)? = nil,
                                  now: Date) -> [AlertTransition] {
        if let lastEvaluation, now < lastEvaluation { restartPending(now: now) }
        lastEvaluation = now
        let byName = Dictionary(grouping: samples, by: \.name)
        var transitions: [AlertTransition] = []
        for rule in ruleSet.rules {
            let candidates = (byName[rule.condition.selector.name] ?? []).filter(rule.condition.selector.matches)
            switch rule.condition {
            case .threshold, .anomaly:
                transitions += evaluateSeries(rule, candidates: candidates, history: history, now: now)
            case let .expression(expression, _):
                // A counter a scrape stored as a per-second rate: its rate is that rate.
                let selector = rule.condition.selector
                let rated = candidates.isEmpty && expression.longestRange > 0
                    ? (byName[selector.ratedName] ?? []).filter(selector.matchesRated) : []
                let input = rated.isEmpty ? candidates : rated
                windows.record(input, keep: expression.longestRange, now: now)
                transitions += evaluateSeries(rule, candidates: vector(expression, candidates: input, rated: !rated.isEmpty, now: now),
                                              history: history, now: now)
            case let .absent(selector, after):
                transitions += evaluateAbsence(rule, selector: selector, after: after, candidates: candidates, now: now)
            }
        }
        return transitions
    }

    /// Where the alert with this fingerprint stands; nil when inactive.
    public func phase(ofFingerprint fingerprint: String) -> AlertPhase? {
        for byFingerprint in alerts.values {
            if let state = byFingerprint[fingerprint] { return state.phase }
        }
        return nil
    }

    /// How many alerts are pending or firing.
    public var trackedAlertCount: Int { alerts.values.reduce(0) { $0 + $1.count } }

    // MARK: - Threshold and anomaly rules

    private mutating func evaluateSeries(_ rule: AlertRule, candidates: [RuleSample],
                                         history: (any RuleHistoryProvider)?, now: Date) -> [AlertTransition] {
        var states = alerts[rule.name] ?? [:]
        var seen: Set<String> = []
        var transitions: [AlertTransition] = []
        for sample in RuleEngine.latestPerSeries(candidates) where now.timeIntervalSince(sample.timestamp) <= staleAfter {
            let labels = rule.alertLabels(for: sample.labels)
            let fingerprint = RuleFingerprint.of(rule: rule.name, labels: labels)
            // Rule labels can make two series one alert; the first (by series text) wins.
            guard seen.insert(fingerprint).inserted else { continue }
            let state = states[fingerprint]
            let verdict: Bool?
            switch rule.condition {
            case let .threshold(_, threshold), let .expression(_, threshold):
                verdict = threshold.isActive(sample.value, firing: state?.phase == .firing)
            case let .anomaly(_, k, window, minPoints):
                verdict = RuleAnomalyCheck.verdict(sample, k: k, window: window, minPoints: minPoints, history: history)
            case .absent:
                verdict = nil
            }
            let step = RuleAlertState.step(state, verdict: verdict, reading: sample.value, labels: labels,
                                           holdFor: rule.holdFor, now: now)
            states[fingerprint] = step.next
            if let transition = RuleEngine.transition(rule, fingerprint: fingerprint, labels: labels, step: step, now: now) {
                transitions.append(transition)
            }
        }
        for (fingerprint, state) in states.sorted(by: { $0.key < $1.key }) where !seen.contains(fingerprint) {
            states[fingerprint] = nil
            if let transition = RuleEngine.transition(rule, fingerprint: fingerprint, labels: state.labels,
                                                      step: state.vanished(), now: now) {
                transitions.append(transition)
            }
        }
        alerts[rule.name] = states.isEmpty ? nil : states
        return transitions
    }

    // MARK: - Absence rules

    /// One alert per rule, labelled with what the selector pins. Silence is measured from
    /// the newest matching sample's own timestamp (not from when it was handed in), so a
    /// store re-serving an old sample does not look like fresh data. A firing absence alert
    /// resolves only when a newer sample arrives, so a clock jump alone never resolves it.
    private mutating func evaluateAbsence(_ rule: AlertRule, selector: MetricSelector, after: TimeInterval,
                                          candidates: [RuleSample], now: Date) -> [AlertTransition] {
        var fresh = false
        if let newest = candidates.map({ min($0.timestamp, now) }).max(), newest > (lastSeen[rule.name] ?? .distantPast) {
            lastSeen[rule.name] = newest
            fresh = true
        }
        var reference = lastSeen[rule.name] ?? neverSeenSince[rule.name] ?? startedAt
        if reference > now {
            // The clock went back past the last sighting: silence starts again now.
            reference = now
            if lastSeen[rule.name] != nil { lastSeen[rule.name] = now } else { neverSeenSince[rule.name] = now }
        }
        let silence = now.timeIntervalSince(reference)
        let labels = rule.alertLabels(for: selector.fixedLabels)
        let fingerprint = RuleFingerprint.of(rule: rule.name, labels: labels)
        let state = alerts[rule.name]?[fingerprint]
        let step: RuleAlertState.Step
        if state?.phase == .firing {
            step = RuleAlertState.step(state, verdict: fresh && silence < after ? false : true, reading: silence,
                                       labels: labels, holdFor: 0, now: now)
        } else {
            let since = min(reference + after, now)
            step = RuleAlertState.step(nil, verdict: silence >= after, reading: silence, labels: labels,
                                       holdFor: 0, now: since)
        }
        alerts[rule.name] = step.next.map { [fingerprint: $0] }
        return RuleEngine.transition(rule, fingerprint: fingerprint, labels: labels, step: step, now: now).map { [$0] } ?? []
    }

    // MARK: - Helpers

    /// A backwards clock jump restarts every pending alert's `for` at the new `now`, so no
    /// duration is ever negative and nothing fires early or late by the size of the jump.
    private mutating func restartPending(now: Date) {
        for (rule, states) in alerts {
            for (fingerprint, state) in states where state.phase == .pending {
                alerts[rule]?[fingerprint]?.since = now
            }
        }
    }

    static func latestPerSeries(_ samples: [RuleSample]) -> [RuleSample] {
        var latest: [String: RuleSample] = [:]
        for sample in samples {
            let key = sample.seriesID
            if let kept = latest[key], kept.timestamp >= sample.timestamp { continue }
            latest[key] = sample
        }
        return latest.sorted { $0.key < $1.key }.map(\.value)
    }

    private static func transition(_ rule: AlertRule, fingerprint: String, labels: [String: String],
                                   step: RuleAlertState.Step, now: Date) -> AlertTransition? {
        guard let kind = step.kind else { return nil }
        return AlertTransition(fingerprint: fingerprint, rule: rule.name, labels: labels, severity: rule.severity,
                               kind: kind, value: step.value,
                               summary: rule.renderSummary(value: step.value, labels: labels),
                               runbook: rule.runbook, at: now, activeSince: step.since,
                               firesAt: kind == .pending ? step.since.addingTimeInterval(rule.holdFor) : nil)
    }
}
