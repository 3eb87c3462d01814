import Foundation
import OpsCore
import OpsStore

/// What the collector knows about the alert rows its evaluator owns, so it writes only what
/// changed and can tidy up after a restart.
struct AlertBook {
    /// True once the store's open rows were read (on the first evaluation).
    var resumed = false
    var resumedAt: Date?
    /// Status of the open rows, by fingerprint.
    var open: [String: AlertStatus] = [:]
    /// Rows open at resume that the evaluator has not mentioned since: resolved after its
    /// `resumeGrace`, since the condition that opened them is gone.
    var orphans: Set<String> = []
    /// When each firing row's value was last written.
    var refreshed: [String: Date] = [:]
}

extension Collector {
    /// The alert evaluator in use (nil: the collector raises no alerts).
    public var alertEvaluator: (any CollectorAlerting)? { onQueue { alerting } }

    /// Swaps the alert evaluator between two ticks (a reloaded rules file). `make` is
    /// called with the current one on the collector queue, so it can carry state over. The
    /// store's open rows are then read again as after a restart: a row the new evaluator
    /// never mentions (its rule is gone or changed) resolves after its `resumeGrace`.
    public func replaceAlerting(_ make: ((any CollectorAlerting)?) -> (any CollectorAlerting)?) {
        onQueue {
            alerting = make(alerting)
            alertBook = AlertBook()
        }
    }

    /// Writes the evaluator's transitions as alert rows, each in its own short transaction
    /// (the store audits firing changes together with the row).
    ///
    /// - `pending` opens or refreshes a pending row, except over a row that is still firing
    ///   from before a restart: the rules engine starts empty and re-enters `pending`, and
    ///   writing it would record a firing → pending change nobody made.
    /// - `firing` writes at once; `still-firing` at most every `alertRefresh`.
    /// - `resolved` and `cancelled` close the row.
    func writeAlerts(_ changes: [AlertChange], evaluator: any CollectorAlerting, at: Date, report: inout CollectorTickReport) {
        if !alertBook.resumed { resumeAlerts(evaluator: evaluator, at: at) }
        for change in changes {
            let fingerprint = change.fingerprint
            alertBook.orphans.remove(fingerprint)
            do {
                switch change.kind {
                case .pending:
                    if alertBook.open[fingerprint] == .firing { continue }
                    try store.upsertAlert(Self.upsert(change, status: .pending, source: evaluator.alertSource))
                    alertBook.open[fingerprint] = .pending
                case .firing, .stillFiring:
                    if change.kind == .stillFiring, alertBook.open[fingerprint] == .firing,
                       let last = alertBook.refreshed[fingerprint], abs(at.timeIntervalSince(last)) < options.alertRefresh {
                        continue
                    }
                    try store.upsertAlert(Self.upsert(change, status: .firing, source: evaluator.alertSource))
                    alertBook.open[fingerprint] = .firing
                    alertBook.refreshed[fingerprint] = at
                case .resolved, .cancelled:
                    try store.resolveAlert(fingerprint: fingerprint, at: change.at)
                    alertBook.open[fingerprint] = nil
                    alertBook.refreshed[fingerprint] = nil
                }
                report.alerts.append(change)
                count { $0.alertsWritten += 1 }
                if change.kind == .firing || change.kind == .resolved { events(.alert(change)) }
            } catch {
                report.alertErrors.append(error.description)
                events(.alertWriteFailed(error.description))
            }
        }
        resolveOrphans(evaluator: evaluator, at: at, report: &report)
    }

    private func resumeAlerts(evaluator: any CollectorAlerting, at: Date) {
        do {
            let rows = try store.openAlerts(source: evaluator.alertSource)
            alertBook.open = Dictionary(rows.map { ($0.fingerprint, $0.status) }, uniquingKeysWith: { first, _ in first })
            alertBook.orphans = Set(rows.map(\.fingerprint))
            alertBook.resumed = true
            alertBook.resumedAt = at
        } catch {
            events(.alertWriteFailed("reading open alerts failed: \(error.description)"))
        }
    }

    private func resolveOrphans(evaluator: any CollectorAlerting, at: Date, report: inout CollectorTickReport) {
        guard let since = alertBook.resumedAt, !alertBook.orphans.isEmpty,
              at.timeIntervalSince(since) >= evaluator.resumeGrace else { return }
        for fingerprint in alertBook.orphans.sorted() {
            do {
                try store.resolveAlert(fingerprint: fingerprint, at: at)
                alertBook.open[fingerprint] = nil
            } catch {
                report.alertErrors.append(error.description)
                events(.alertWriteFailed(error.description))
            }
        }
        alertBook.orphans = []
    }

    static func upsert(_ change: AlertChange, status: AlertStatus, source: String) -> AlertSignal {
        AlertSignal(fingerprint: change.fingerprint, rule: change.rule, source: source, labels: change.labels,
                    annotations: change.firesAt.map { [AlertRecord.firesAtAnnotation: Timestamp.format($0)] } ?? [:],
                    severity: change.severity, status: status, summary: change.summary, runbookURL: change.runbook,
                    value: change.value.isFinite ? change.value : nil, at: change.at, team: change.labels["team"])
    }
}
