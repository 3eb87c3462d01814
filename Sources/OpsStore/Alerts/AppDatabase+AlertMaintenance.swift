import Foundation
internal import GRDB
import OpsCore

/// What one alert-maintenance pass did.
public struct AlertMaintenanceReport: Sendable, Equatable, Codable {
    public var silencesStarted = 0
    public var silencesEnded = 0
    public var muted = 0
    public var unmuted = 0
    public var woken = 0
    public var paged = 0
    public var escalated = 0
    public var flappingCleared = 0
    public init() {}
    public var changed: Bool { silencesStarted + silencesEnded + woken + paged + escalated + flappingCleared > 0 }
}

/// Time-driven alert changes, run on the collector tick (actor "collector"): silences
/// starting and ending, snoozes running out, pages and escalations of unacknowledged
/// alerts, flapping ending. One short transaction; `budget` bounds the escalations per pass.
extension AppDatabase {
    @discardableResult
    public func maintainAlerts(at date: Date, budget: Int = 500) throws(OpsError) -> AlertMaintenanceReport {
        try write { db in
            var report = AlertMaintenanceReport()
            let actor = Self.alertActor
            let at = Timestamp.format(date)
            // Silences.
            for silence in try Silence.fetchAll(db, sql: "SELECT * FROM silence WHERE applied = 0 AND starts_at <= ? AND ends_at > ?", arguments: [at, at]) {
                report.muted += try SilenceStore.apply(silence, actor: actor, at: date, db: db)
                report.silencesStarted += 1
            }
            for silence in try Silence.fetchAll(db, sql: "SELECT * FROM silence WHERE applied < 2 AND ends_at <= ?", arguments: [at]) {
                report.unmuted += try SilenceStore.lift(silence, actor: actor, at: date, db: db)
                report.silencesEnded += 1
            }
            // Snoozes.
            for alert in try AlertRecord.fetchAll(db, sql: "SELECT * FROM alert WHERE state = 'snoozed' AND snoozed_until <= ? LIMIT ?", arguments: [at, budget]) {
                let next: AlertState = alert.ackedBy != nil ? .acknowledged : .open
                try db.execute(sql: "UPDATE alert SET state = ?, snoozed_until = NULL, escalated_at = ? WHERE id = ?",
                               arguments: [next.rawValue, at, alert.id])
                try AlertSignals.event(alert.id, kind: "unsnoozed", actor: actor, from: .snoozed, to: next, note: nil, detail: nil, at: date, db: db)
                report.woken += 1
            }
            // Pages and escalations.
            let routing = try AlertRoutingStore.current(db: db)
            let env = try AlertSignals.Environment.load(db: db, actor: actor, at: date)
            var left = budget
            for team in Set(routing.levels.map(\.team)).sorted() where left > 0 {
                let policy = routing.policy(team: team)
                guard let top = policy.last?.level else { continue }
                // Level 0: fired before the team had a policy (or before routing was loaded).
                for level in 0..<top where left > 0 {
                    let wait = level == 0 ? 0 : routing.level(team: team, level)?.after ?? .infinity
                    guard wait.isFinite, let next = routing.level(team: team, level + 1) else { continue }
                    let cutoff = Timestamp.format(date.addingTimeInterval(-wait))
                    let due = try AlertRecord.fetchAll(db, sql: """
                        SELECT * FROM alert WHERE state = 'open' AND status = 'firing' AND team = ? AND escalation_level = ?
                          AND (escalated_at IS NULL OR escalated_at <= ?) AND silence_id IS NULL
                        ORDER BY escalated_at LIMIT ?
                        """, arguments: [team, level, cutoff, left])
                    for alert in due {
                        try db.execute(sql: "UPDATE alert SET escalation_level = ?, escalated_at = ? WHERE id = ?",
                                       arguments: [next.level, at, alert.id])
                        let stored = try Self.alert(id: alert.id, db: db)
                        if level > 0 {
                            try AlertSignals.event(alert.id, kind: "escalated", actor: actor, from: nil, to: nil,
                                                   note: "unacknowledged for \(AlertRouting.format(wait)) at level \(level)",
                                                   detail: ["level": .int(Int64(next.level))], at: date, db: db)
                            try AuditChain.append(AuditChain.Record(action: "alert.escalate", target: "alert:\(alert.id)",
                                                                    before: ["level": .int(Int64(level))], after: ["level": .int(Int64(next.level)), "auto": .bool(true)]),
                                                  actor: actor, impersonator: nil, at: date, db: db)
                            report.escalated += 1
                        } else {
                            report.paged += 1
                        }
                        try AlertSignals.page(stored, level: next, reason: level == 0 ? "fired" : "escalated after \(AlertRouting.format(wait)) unacknowledged", env: env, db: db)
                        left -= 1
                    }
                }
            }
            // Flapping ends when the window holds fewer changes.
            let flapping = try AlertRecord.fetchAll(db, sql: "SELECT * FROM alert WHERE flapping = 1 AND status <> 'resolved' LIMIT ?", arguments: [budget])
            let since = Timestamp.format(date.addingTimeInterval(-env.flap.window))
            for alert in flapping {
                let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM alert_flip WHERE fingerprint = ? AND at > ?", arguments: [alert.fingerprint, since]) ?? 0
                if !env.flap.isFlapping(changesInWindow: n) {
                    try db.execute(sql: "UPDATE alert SET flapping = 0 WHERE id = ?", arguments: [alert.id])
                    try AlertSignals.event(alert.id, kind: "stable", actor: actor, from: nil, to: nil, note: "no longer flapping", detail: nil, at: date, db: db)
                    report.flappingCleared += 1
                }
            }
            try db.execute(sql: "DELETE FROM alert_flip WHERE at < ?", arguments: [Timestamp.format(date.addingTimeInterval(-86_400 - env.flap.window))])
            return report
        }
    }
}
