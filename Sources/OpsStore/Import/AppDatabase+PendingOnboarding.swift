import Foundation
internal import GRDB
import OpsCore

/// The fallback path of use case 1: people an import could not create wait here with
/// the reason, until an admin fixes and creates them by hand (or drops them). Each step
/// writes its audit row in the same transaction.
extension AppDatabase {
    /// Records (or refreshes) a pending person. Idempotent: the same refusal from the same
    /// file writes nothing the second time.
    func keepPending(_ r: ImportPlan.Refusal, sha256: String, _ context: ActorContext) throws(OpsError) {
        try write { db in
            let roles = r.roles.map(\.rawValue).joined(separator: ",")
            if let row = try Row.fetchOne(db, sql: "SELECT id, reason, source_sha256 FROM pending_onboarding WHERE login = ? AND status = 'pending'",
                                          arguments: [r.login]) {
                if row["reason"] == r.reason && row["source_sha256"] == sha256 { return }
                try db.execute(sql: """
                    UPDATE pending_onboarding SET display_name = ?, email = ?, team = ?, roles = ?, line = ?, field = ?, reason = ?,
                        source_sha256 = ? WHERE id = ?
                    """, arguments: [r.name, r.email, r.team, roles, r.line, r.field, r.reason, sha256, row["id"] as Int64])
            } else {
                try db.execute(sql: """
                    INSERT INTO pending_onboarding (login, display_name, email, team, roles, line, field, reason, source_sha256, created_at, created_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [r.login, r.name, r.email, r.team, roles, r.line, r.field, r.reason, sha256,
                                     Timestamp.format(clock.now()), context.effectiveLogin])
            }
            try audit(AuditChain.Record(action: "user.onboarding_pending", target: r.login,
                                        after: ["line": .int(Int64(r.line)), "field": .string(r.field), "source_sha256": .string(sha256)],
                                        reason: String(r.reason.prefix(500))), context, db: db)
        }
    }

    /// People waiting to be created by hand, oldest first.
    public func pendingOnboarding(as context: ActorContext) throws(OpsError) -> [PendingOnboarding] {
        try read { db in
            try AccessPolicy.require(.usersRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: """
                SELECT id, login, display_name, email, team, roles, line, field, reason, source_sha256, created_at
                FROM pending_onboarding WHERE status = 'pending' ORDER BY id
                """).map { row in
                let roles: String = row["roles"]
                return PendingOnboarding(id: row["id"], login: row["login"], displayName: row["display_name"], email: row["email"],
                                         team: row["team"], roles: roles.split(separator: ",").map(String.init), line: row["line"],
                                         field: row["field"], reason: row["reason"], sourceSHA256: row["source_sha256"],
                                         createdAt: row["created_at"])
            }
        }
    }

    /// Creates the account for a pending person as fixed by an admin, closes the entry and
    /// records both, in one transaction: the same rules as `createStaff`.
    public func completePendingOnboarding(id: Int64, _ new: NewStaff, confirmedPowerGrant: Bool = false,
                                          as context: ActorContext) throws(OpsError) -> StaffAccount {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM pending_onboarding WHERE id = ? AND status = 'pending'", arguments: [id]) != nil else {
                throw OpsError.notFound("No pending onboarding entry \(id); it may have been completed or dismissed.")
            }
            let account = try createStaff(new, confirmedPowerGrant: confirmedPowerGrant, context, db: db)
            try close(id, status: "completed", context, db: db)
            try audit(AuditChain.Record(action: "user.onboarding_completed", target: account.login, after: ["pending_id": .int(id)]), context, db: db)
            return account
        }
    }

    /// Drops a pending person (not joining after all); the reason is recorded.
    public func dismissPendingOnboarding(id: Int64, reason: String, as context: ActorContext) throws(OpsError) {
        try write { db in
            try AccessPolicy.require(.usersManage, actor: try resolveActor(context, db: db))
            guard let login = try String.fetchOne(db, sql: "SELECT login FROM pending_onboarding WHERE id = ? AND status = 'pending'", arguments: [id]) else {
                throw OpsError.notFound("No pending onboarding entry \(id); it may have been completed or dismissed.")
            }
            let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !why.isEmpty, why.count <= 500, !why.unicodeScalars.contains(where: Printable.isForbidden) else {
                throw OpsError.invalid(field: "reason", message: "say why in 1–500 printable characters.")
            }
            try close(id, status: "dismissed", context, db: db)
            try audit(AuditChain.Record(action: "user.onboarding_dismissed", target: login, after: ["pending_id": .int(id)], reason: why), context, db: db)
        }
    }

    private func close(_ id: Int64, status: String, _ context: ActorContext, db: Database) throws {
        try db.execute(sql: """
            UPDATE pending_onboarding SET status = ?, display_name = NULL, email = NULL, closed_at = ?, closed_by = ? WHERE id = ?
            """, arguments: [status, Timestamp.format(clock.now()), context.effectiveLogin, id])
    }
}
