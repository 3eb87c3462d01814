import Foundation
internal import GRDB
import OpsCore

/// The automatic rollback of a change set whose health gate failed: a rollback change set
/// drafted, approved and applied by the collector in the gate's transaction, with its
/// history, change events and audit rows, and an alert naming both sets. Only the store is
/// written: no program runs, whatever the deploy config says.
extension AppDatabase {
    func autoRollback(_ set: Int64, env: ConfigEnvironment, gate: ChangeGate, reason: String, registry: PlatformRegistry, at now: Date,
                      db: Database) throws -> String {
        var made: Int64?
        var problem: String?
        do {
            // A savepoint: a rollback refused half-way (a later set changed a key since, a
            // policy now refuses the old value) leaves nothing applied, and the failure is
            // still recorded below.
            try db.inSavepoint {
                made = try self.rollbackLocked(set, env: env, reason: reason, registry: registry, at: now, db: db)
                return .commit
            }
        } catch let error as OpsError {
            problem = error.description
        } catch {
            problem = "\(error)"
        }
        let head = "Change set \(set) failed its health gate in \(env) (\(reason))"
        if let made {
            try Self.changeGateAlert(gate, rule: Self.configGateRule, service: "platform-config",
                                     summary: "\(head); rolled back automatically by change set \(made)", at: now, db: db)
            return "change set \(set) failed its gate in \(env); rolled back by change set \(made)"
        }
        let why = problem ?? "unknown"
        try Self.changeEvent(kind: "rollback", service: "platform-config", version: "cs-\(set) automatic rollback refused", status: "failed", at: now, db: db)
        try AuditChain.append(AuditChain.Record(action: "config.rollback.auto-failed", target: "config change set \(set)",
                                                after: .object(["problem": .string(why)])),
                              actor: Self.alertActor, impersonator: nil, at: now, db: db)
        try Self.changeGateAlert(gate, rule: Self.configGateRule, service: "platform-config",
                                 summary: "\(head); the automatic rollback was refused: \(why) Roll back by hand: pmops config rollback \(set)", at: now, db: db)
        return "change set \(set) failed its gate in \(env); automatic rollback refused: \(why)"
    }

    /// Drafts the rollback set as the collector, approves it (no four-eyes: the gate is the
    /// second pair of eyes, and the set only restores values that were approved before), and
    /// applies it to every environment it touches. Returns its id.
    private func rollbackLocked(_ set: Int64, env: ConfigEnvironment, reason: String, registry: PlatformRegistry, at now: Date,
                                db: Database) throws -> Int64 {
        let system = ActorContext(osLogin: Self.alertActor)
        let items = try Self.rollbackItems(of: set, db: db)
        let rationale = String("Automatic rollback: change set \(set) failed its health gate in \(env): \(reason)".prefix(2_000))
        let id = try Self.insertRollbackDraft(items, rationale: rationale, rollbackOf: set, author: Self.alertActor, registry: registry, at: now, db: db)
        try Self.history(db, action: "submit", set: id, env: nil, by: Self.alertActor, at: now)
        try db.execute(sql: "UPDATE config_change_set SET status = 'approved', updated_at = ? WHERE id = ?", arguments: [Timestamp.format(now), id])
        try Self.history(db, action: "approve", set: id, env: nil, by: Self.alertActor, at: now,
                         note: "automatic: the health gate of change set \(set) failed")
        try audit(AuditChain.Record(action: "config.rollback", target: "config change set \(id)",
                                    after: .object(["rollback_of": .int(set), "reason": .string(rationale)])), system, db: db)
        _ = try applyLocked(id, to: .staging, registry: registry, by: Self.alertActor, context: system, now: now, db: db)
        if items.contains(where: { $0.environment == .production }) {
            try db.execute(sql: "UPDATE config_change_set SET status = 'staging_verified', updated_at = ? WHERE id = ?", arguments: [Timestamp.format(now), id])
            try Self.history(db, action: "verify", set: id, env: .staging, by: Self.alertActor, at: now, note: "automatic rollback")
            _ = try applyLocked(id, to: .production, registry: registry, by: Self.alertActor, context: system, now: now, db: db)
        }
        return id
    }
}
