import Foundation

/// The state machine of one alert (one rule × one label set), apart from how its readings
/// are obtained, so threshold and anomaly rules share exactly the same lifecycle:
/// inactive → pending → firing → resolved, with `for`, "no reading" and clock jumps handled
/// in one place.
struct RuleAlertState: Sendable {
    var labels: [String: String]
    var phase: AlertPhase
    /// When the condition started holding in this episode (pending start).
    var since: Date
    /// The last finite reading, reported when the alert ends without one.
    var value: Double

    /// The outcome of one step: the next state (nil = inactive) and what to report.
    struct Step {
        let next: RuleAlertState?
        let kind: AlertTransition.Kind?
        let value: Double
        let since: Date
    }

    /// Advances an alert by one evaluation. `verdict` is nil when there is no usable reading
    /// (NaN, ±Inf, too little history): that never starts or advances a pending alert (it is
    /// cancelled, so `for` always means a continuous run of real readings) and never
    /// resolves a firing one (an unreadable gauge is not evidence the problem is gone).
    static func step(_ state: RuleAlertState?, verdict: Bool?, reading: Double, labels: [String: String],
                     holdFor: TimeInterval, now: Date) -> Step {
        guard let state else {
            guard verdict == true else { return Step(next: nil, kind: nil, value: reading, since: now) }
            let phase: AlertPhase = holdFor > 0 ? .pending : .firing
            let next = RuleAlertState(labels: labels, phase: phase, since: now, value: reading)
            return Step(next: next, kind: phase == .pending ? .pending : .firing, value: reading, since: now)
        }
        var next = state
        switch (state.phase, verdict) {
        case (.pending, true?):
            next.value = reading
            guard now.timeIntervalSince(state.since) >= holdFor else {
                return Step(next: next, kind: nil, value: reading, since: state.since)
            }
            next.phase = .firing
            return Step(next: next, kind: .firing, value: reading, since: state.since)
        case (.pending, _):
            return Step(next: nil, kind: .cancelled, value: verdict == nil ? state.value : reading, since: state.since)
        case (.firing, true?):
            next.value = reading
            return Step(next: next, kind: .stillFiring, value: reading, since: state.since)
        case (.firing, nil):
            return Step(next: state, kind: nil, value: state.value, since: state.since)
        case (.firing, false?):
            return Step(next: nil, kind: .resolved, value: reading, since: state.since)
        }
    }

    /// The step for an alert whose series vanished (no fresh sample): pending alerts are
    /// cancelled and firing ones resolved, as Prometheus does. Absence rules are how a
    /// missing source is noticed; an alert must not fire forever for a deleted pool.
    func vanished() -> Step {
        Step(next: nil, kind: phase == .firing ? .resolved : .cancelled, value: value, since: since)
    }
}
