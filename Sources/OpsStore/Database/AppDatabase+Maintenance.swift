import Foundation
internal import GRDB
import OpsCore

/// Facts about the store for `pmops db info`.
public struct StoreInfo: Codable, Sendable, Equatable {
    public var path: String?
    public var sizeBytes: Int64
    public var sqliteVersion: String
    public var journalMode: String
    public var migrations: [String]
    public var staff: Int
    public var activeStaff: Int
    public var auditRows: Int
    public var outboxQueued: Int

    enum CodingKeys: String, CodingKey {
        case path, migrations, staff
        case sizeBytes = "size_bytes", sqliteVersion = "sqlite_version", journalMode = "journal_mode"
        case activeStaff = "active_staff", auditRows = "audit_rows", outboxQueued = "outbox_queued"
    }
}

extension AppDatabase {
    public func info() throws(OpsError) -> StoreInfo {
        let migrations = try appliedMigrations()
        return try read { db in
            let pageCount = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return StoreInfo(
                path: path,
                sizeBytes: pageCount * pageSize,
                sqliteVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?",
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?",
                migrations: migrations,
                staff: try Int.fetchOne(db, sql: "SELECT count(*) FROM staff") ?? 0,
                activeStaff: try Int.fetchOne(db, sql: "SELECT count(*) FROM staff WHERE status = 'active'") ?? 0,
                auditRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") ?? 0,
                outboxQueued: try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE status = 'queued'") ?? 0)
        }
    }

    /// Integrity check, foreign-key check, audit-chain verification and the rules stored
    /// data can break later (`ruleProblems`). Returns the
    /// problems found (empty when healthy).
    public func check() throws(OpsError) -> (problems: [String], audit: AuditVerification) {
        let report = try runChecks(verifyingAudit: true)
        guard let audit = report.audit else { throw .failure("The audit chain was not verified.") }
        return (report.problems, audit)
    }

    /// Integrity, foreign keys, the rule checks and, when asked, the audit chain (which
    /// rehashes every row, so it is skipped for an actor who may not see its findings).
    private func runChecks(verifyingAudit: Bool) throws(OpsError) -> StoreCheck {
        let anchor = verifyingAudit ? latestAnchor() : nil
        return try read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems += integrity.prefix(20).map { "integrity: \($0)" } }
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            for row in fk.prefix(20) {
                let table: String = row[0]
                let rowid: Int64? = row[1]
                let parent: String = row[2]
                problems.append("foreign key: \(table) row \(rowid.map(String.init) ?? "?") points to a missing \(parent) row")
            }
            var audit: AuditVerification?
            if verifyingAudit {
                let verification = try AuditChain.verify(db: db, anchor: anchor)
                if let problem = verification.problem { problems.append("audit: \(problem)") }
                audit = verification
            }
            problems += try Self.ruleProblems(db: db)
            return StoreCheck(problems: problems, audit: audit)
        }
    }
}

/// What `pmops db check` reports to one actor.
public struct StoreCheck: Sendable {
    /// One sentence per problem; empty when healthy.
    public var problems: [String]
    /// The audit chain's verification, nil when the actor may not read the audit trail.
    public var audit: AuditVerification?
}

extension AppDatabase {
    /// Whether any staff account exists (a store nobody has initialised yet has none).
    public func hasAccounts() throws(OpsError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM staff)") ?? false }
    }

    /// `check()` for an actor holding db.admin. The audit chain's findings (row ids,
    /// hashes, what was changed) are shown only to someone who also holds audit.read:
    /// an admin checking the file must not learn more of the trail than `audit verify`
    /// would tell them.
    public func check(as context: ActorContext) throws(OpsError) -> StoreCheck {
        let actor = try whoAmI(context)
        try AccessPolicy.require(.dbAdmin, actor: actor)
        return try runChecks(verifyingAudit: actor.permissions.contains(.auditRead))
    }
}
