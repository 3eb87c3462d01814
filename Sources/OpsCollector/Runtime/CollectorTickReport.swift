import Foundation
import OpsStore

/// What one source did in one tick, for `pmops collect --once` and the logs.
public struct SourceTick: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case collected
        case failed
    }

    public let name: String
    public let outcome: Outcome
    /// Samples the source returned (source-health samples not counted).
    public let sampleCount: Int
    /// Why it failed, or the problems it had while succeeding; nil when clean.
    public let error: String?
    public let duration: TimeInterval
    public let consecutiveFailures: Int
    /// When it runs again (later than one interval after a failure: backoff).
    public let nextAttempt: Date?
}

/// Everything one tick did. A skipped tick (another still running) has `skipped == true`
/// and nothing else.
public struct CollectorTickReport: Sendable, Equatable {
    public let at: Date
    public var skipped = false
    /// Sources that ran, in configuration order; sources not due are left out.
    public var sources: [SourceTick] = []
    /// The store's account of the write; nil when nothing ran or the write failed.
    public var ingest: IngestReport?
    public var writeError: String?
    /// Alert transitions written this tick.
    public var alerts: [AlertChange] = []
    public var alertErrors: [String] = []
    public var maintenance: MetricsMaintenanceReport?
    /// The SLA sweep's account; nil when it did not run or failed.
    public var ticketSLA: TicketSLASweepReport?
    /// On-call handoff reports written this tick.
    public var handoffs = 0
    /// The incident sweep's account (missed updates, breach, postmortem and action reminders).
    public var incidents: IncidentSweepReport?
    /// What the deployment health gates did this tick, one line each ("DEP-3 healthy").
    public var deployGates: [String] = []
    /// Set when the lease was lost in this tick; the collector has stopped.
    public var leaseLost: String?
    /// Wall time of the tick.
    public var duration: TimeInterval = 0

    public init(at: Date) {
        self.at = at
    }

    static func skipped(at: Date) -> CollectorTickReport {
        var report = CollectorTickReport(at: at)
        report.skipped = true
        return report
    }
}

/// Running totals since the collector started.
public struct CollectorStatistics: Sendable, Equatable {
    /// Ticks that ran (whether or not any source was due).
    public var ticks = 0
    /// Ticks that did not run because another was still running.
    public var skippedTicks = 0
    /// Per source: turns that passed while the queue was busy elsewhere (a timer that fired
    /// more than one interval late missed the turns in between).
    public var missedTurns: [String: Int] = [:]
    public var writeFailures = 0
    public var samplesWritten = 0
    public var alertsWritten = 0

    public init() {}
}

/// Things worth a log line, sent to the collector's event handler on the collector queue.
public enum CollectorEvent: Sendable, Equatable, CustomStringConvertible {
    /// A source failed; it runs again after `retryIn` seconds (its backoff).
    case sourceFailed(source: String, message: String, retryIn: TimeInterval)
    case sourceRecovered(source: String, after: Int)
    /// The store refused a tick's write; that tick's samples are lost.
    case writeFailed(String)
    case alert(AlertChange)
    case alertWriteFailed(String)
    case maintenance(MetricsMaintenanceReport)
    case maintenanceFailed(String)
    /// Silences, snoozes, pages or escalations changed something.
    case alertQueue(AlertMaintenanceReport)
    case missedTurns(source: String, count: Int)
    /// The lease is gone (taken over or released by someone else); the collector stopped.
    case leaseLost(String)
    case heartbeatFailed(String)
    /// The tick's outbox delivery sent, deferred or gave up on mail.
    case outboxDelivered(DeliveryReport, via: String)
    /// The tick's outbox delivery could not run (e.g. the actor lacks outbox.deliver, a
    /// stored maildir was refused); logged once until it changes.
    case outboxFailed(String)
    /// The SLA sweep reminded, raised or resolved something.
    case ticketSLA(TicketSLASweepReport)
    /// The incident sweep reminded someone.
    case incidents(IncidentSweepReport)
    /// A deployment gate passed, failed, or ran a rollback; or the deploy config was refused.
    case deployGate(String)
    /// The customer health or integration deprecation sweep changed something.
    case success(String)

    public var description: String {
        switch self {
        case let .sourceFailed(source, message, retryIn):
            "source \(source) failed: \(message) (next try in \(ConfigValue.format(retryIn.rounded())))"
        case let .sourceRecovered(source, after):
            "source \(source) is back after \(after) failed \(after == 1 ? "try" : "tries")"
        case let .writeFailed(message): "writing the tick failed: \(message)"
        case let .alert(change): "alert \(change.kind.rawValue): \(change.rule) — \(change.summary)"
        case let .alertWriteFailed(message): "writing an alert failed: \(message)"
        case let .maintenance(report):
            "metrics maintenance: \(report.minuteRollupsWritten) minute and \(report.hourRollupsWritten) hour rollups, \(report.rawDeleted + report.minuteRollupsDeleted + report.hourRollupsDeleted) rows past retention deleted\(report.caughtUp ? "" : " (more to do)")"
        case let .maintenanceFailed(message): "metrics maintenance failed: \(message)"
        case let .alertQueue(r):
            "alert queue: \(r.paged) paged, \(r.escalated) escalated, \(r.woken) woke from snooze, silences \(r.silencesStarted) started (\(r.muted) muted) and \(r.silencesEnded) ended (\(r.unmuted) unmuted), \(r.flappingCleared) stopped flapping"
        case let .missedTurns(source, count):
            "source \(source) missed \(count) \(count == 1 ? "turn" : "turns"): its previous run overran its interval"
        case let .leaseLost(message): message
        case let .heartbeatFailed(message): "renewing the collector lease failed: \(message)"
        case let .outboxDelivered(report, via):
            "outbox: \(report.sent) delivered via \(via), \(report.retrying) to retry, \(report.failed) failed for good"
                + report.errors.map { "; \($0)" }.joined()
        case let .outboxFailed(message): "outbox delivery refused: \(message)"
        case let .ticketSLA(r):
            "ticket SLA sweep: \(r.reminded) reminded, \(r.breached) breached, \(r.resolved) breach alerts resolved\(r.more ? " (more due)" : "")"
        case let .deployGate(message): "deploy gate: \(message)"
        case let .success(message): message
        case let .incidents(r):
            "incident sweep: \(r.updatesMissed) missed updates, \(r.breachReminders) breach, \(r.postmortemReminders) postmortem and \(r.actionReminders) action-item reminders"
        }
    }
}
