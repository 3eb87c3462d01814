import Foundation
import OpsCore
import OpsStore

/// One alert transition as the collector writes it. The rules engine's own transition type
/// is adapted to this, so the runtime and its tests do not depend on how rules are parsed
/// or evaluated, and another evaluator (an Alertmanager import) can plug in the same way.
public struct AlertChange: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// The condition holds; the alert waits out its `for`.
        case pending
        /// The alert fires now.
        case firing
        /// Still firing; refreshes the row's value (written at most every `alertRefresh`).
        case stillFiring = "still-firing"
        /// A firing alert ended.
        case resolved
        /// A pending alert ended before it fired.
        case cancelled
    }

    public var fingerprint: String
    public var rule: String
    public var labels: [String: String]
    public var severity: AlertSeverity
    public var kind: Kind
    public var value: Double
    public var summary: String
    public var runbook: String?
    public var at: Date
    /// For a pending change: when it fires if the condition holds (stored as the
    /// `fires_at` annotation, which the console counts down to).
    public var firesAt: Date?

    public init(fingerprint: String, rule: String, labels: [String: String], severity: AlertSeverity, kind: Kind,
                value: Double, summary: String, runbook: String? = nil, at: Date, firesAt: Date? = nil) {
        self.fingerprint = fingerprint
        self.rule = rule
        self.labels = labels
        self.severity = severity
        self.kind = kind
        self.value = value
        self.summary = summary
        self.runbook = runbook
        self.at = at
        self.firesAt = firesAt
    }

    public var description: String { "\(kind.rawValue) \(rule) \(SeriesKey(name: "", labels: labels).rawValue) \(value)" }
}

/// Something that turns samples into alert transitions, called on the collector queue after
/// each tick's samples are stored. A class, because an evaluator keeps state between ticks
/// (pending timers, the newest sample of every series).
public protocol CollectorAlerting: AnyObject, Sendable {
    /// The `source` of the alert rows it owns ("rules").
    var alertSource: String { get }
    /// How long after a restart an open row the evaluator has not mentioned is considered
    /// gone and resolved: long enough for every rule's `for` to elapse once.
    var resumeGrace: TimeInterval { get }
    /// The transitions at `now`, given this tick's samples (source health samples included).
    /// Series collected on earlier ticks are the evaluator's to remember.
    func evaluate(samples: [MetricSample], now: Date) -> [AlertChange]
}
