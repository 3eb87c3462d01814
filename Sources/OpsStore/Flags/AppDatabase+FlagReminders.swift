import Foundation
internal import GRDB
import OpsCore

/// What one reminder pass did.
public struct FlagReminderReport: Sendable, Equatable {
    /// Flags whose owner was mailed.
    public var queued: [String] = []
    /// Flags whose owner is not an active account with an email, as "key (owner)".
    public var unreachable: [String] = []

    public init(queued: [String] = [], unreachable: [String] = []) {
        self.queued = queued
        self.unreachable = unreachable
    }
}

/// Stale-flag owner reminders: a flag fully rolled out, or not evaluated, for `days` gets
/// one mail to its owner through the outbox per `period`, never more, written by the
/// collector with an audit row. The outbox row itself is the record of the reminder, so a
/// restarted collector does not mail twice.
extension AppDatabase {
    public static let flagReminderKind = "flag-stale"

    @discardableResult
    public func remindStaleFlagOwners(days: Int = 30, period: TimeInterval = 7 * 86_400, at now: Date) throws(OpsError) -> FlagReminderReport {
        let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
        return try write { db in
            var report = FlagReminderReport()
            let flags = try Row.fetchAll(db, sql: "SELECT * FROM feature_flag ORDER BY key").map { row throws(OpsError) in try Self.storedFlag(row) }
            for stored in flags {
                guard let reason = Self.staleReason(stored, cutoff: cutoff) else { continue }
                let key = stored.flag.key
                guard let email = try String.fetchOne(db, sql: "SELECT email FROM staff WHERE login = ? AND status = 'active' AND email IS NOT NULL",
                                                      arguments: [stored.flag.owner]) else {
                    report.unreachable.append("\(key) (\(stored.flag.owner))")
                    continue
                }
                let subject = "Stale feature flag \(key): time to clean it up"
                let recent = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = ? AND subject = ? AND created_at >= ?)
                    """, arguments: [Self.flagReminderKind, subject, Timestamp.format(now.addingTimeInterval(-period))]) ?? false
                if recent { continue }
                let body = """
                Hello \(stored.flag.owner),

                The feature flag '\(key)' you own is stale: \(reason).
                A flag nobody changes any more is a code path waiting to be removed: take it out
                of the code, or note in its description why it stays.

                  pmops flags show \(key)
                  pmops flags stale --days \(days)

                You get this reminder at most once every \(InputLimits.describe(period)).

                — PenguinOps
                """
                try OutboxStore.enqueue(kind: Self.flagReminderKind, to: email, subject: subject, body: body, at: now, db: db)
                try AuditChain.append(AuditChain.Record(action: "flag.remind", target: "flag \(key)",
                                                        after: .object(["owner": .string(stored.flag.owner), "reason": .string(reason)])),
                                      actor: Self.alertActor, impersonator: nil, at: now, db: db)
                report.queued.append(key)
            }
            return report
        }
    }

    /// Why `stored` is stale at `cutoff`, or nil (the rule `flags stale` lists by).
    static func staleReason(_ stored: StoredFlag, cutoff: Date) -> String? {
        if stored.flag.rollout?.percent == 100, !stored.flag.killed, let at = stored.rolloutAt, at <= cutoff {
            return "at 100 % since \(Timestamp.format(at))"
        }
        let seen = stored.lastEvaluatedAt ?? stored.createdAt
        if seen <= cutoff { return stored.lastEvaluatedAt == nil ? "never evaluated" : "last evaluated \(Timestamp.format(seen))" }
        return nil
    }
}
