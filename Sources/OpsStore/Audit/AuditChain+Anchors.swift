import Foundation
internal import GRDB
import OpsCore

extension AuditChain {
    /// What is wrong when the chain no longer holds the anchored head; nil when it does.
    static func anchorProblem(_ anchor: AuditAnchor, rows: Int64, matches: Bool?) -> String? {
        if rows < anchor.auditID {
            return "The audit trail ends at row \(rows) but row \(anchor.auditID) was anchored at \(Printable.quote(anchor.at)): rows were deleted from the end or the trail was rolled back."
        }
        if matches != true {
            return "Audit row \(anchor.auditID) no longer has the hash anchored at \(Printable.quote(anchor.at)): the trail was rewritten and rehashed."
        }
        return nil
    }

    /// Changes the store shows that no audit row accounts for: accounts with an empty
    /// trail, or account, role, archive, silence or routing times later than the last
    /// audit row (each is written in the transaction of its audit row, at or before it).
    /// Metrics and alert ingest are left out: parts of them are not audited.
    static func unrecordedActivity(db: Database, rows: Int64, lastAt: String?) throws -> String? {
        let accounts = try Int.fetchOne(db, sql: "SELECT count(*) FROM staff") ?? 0
        guard let lastAt, rows > 0 else {
            return accounts > 0
                ? "The audit trail is empty but the store holds \(accounts) account(s): the audit rows were deleted."
                : nil
        }
        let traces: [(sql: String, what: String)] = [
            ("SELECT max(updated_at) FROM staff", "an account change"),
            ("SELECT max(granted_at) FROM staff_role", "a role grant"),
            ("SELECT max(archived_at) FROM staff_archive", "a deactivation"),
            ("SELECT max(created_at) FROM silence", "a silence"),
            ("SELECT max(loaded_at) FROM alert_routing", "a routing load"),
        ]
        for trace in traces {
            if let at = try String.fetchOne(db, sql: trace.sql), at > lastAt {
                return "The store shows \(trace.what) at \(Printable.quote(at)), after the last audit row (\(rows), at \(lastAt)): audit rows were deleted from the end."
            }
        }
        return nil
    }
}
