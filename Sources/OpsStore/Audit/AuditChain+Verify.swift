import Foundation
package import GRDB
import OpsCore

extension AuditChain {
    /// Walks the whole chain in id order and reports the first problem.
    ///
    /// Works on the stored bytes: each row's canonical text is rebuilt in one reused buffer
    /// straight from SQLite's column memory (the bytes `canonicalRow` builds from the stored
    /// values) and its hash compared as hex bytes, so a row costs one SHA-256 (half the
    /// time) and no `String`s. Hashing on a second thread was tried: on a shared two-core
    /// machine it was slower (BENCHMARKS.md).
    ///
    /// `anchor` is the latest head recorded outside the store (`AuditAnchors`): the chain
    /// must still hold that row with that hash. Without one, the store's own activity
    /// (`unrecordedActivity`) is the only check on a rolled-back or emptied trail.
    package static func verify(db: Database, expectHead: String? = nil, anchor: AuditAnchor? = nil) throws -> AuditVerification {
        var result = AuditVerification(rowsChecked: 0, headHash: nil, problem: nil, firstBadRow: nil)
        result.anchor = anchor
        let anchorHash = anchor.map { Array($0.hash.lowercased().utf8) }
        var anchorMatches: Bool?
        let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
        var expectedID: Int64 = 1
        // The previous row's hash (verified), as 64 hex bytes.
        var prev = Array(genesis.utf8)
        var computed = [UInt8](repeating: 0, count: 64)
        var row = CanonicalRow()
        let statement = try db.makeStatement(sql: "SELECT id, at, actor, impersonator, action, target, before, after, reason, prev_hash, hash FROM audit ORDER BY id")
        let columns = StoredColumns(statement)
        let cursor = try Row.fetchCursor(statement)
        while try cursor.next() != nil {
            let id = columns.int64(0)
            func fail(_ message: String) -> AuditVerification {
                result.rowsChecked = Int(expectedID - 1)
                result.problem = message
                result.firstBadRow = id
                return result
            }
            if id != expectedID {
                return fail(id > expectedID
                    ? "Audit row \(expectedID)\(id - expectedID > 1 ? "–\(id - 1)" : "") is missing (deleted); the chain breaks before row \(id)."
                    : "Audit row \(id) is out of sequence.")
            }
            if !columns.bytes(9, equal: prev) {
                return fail("Audit row \(id) does not link to row \(id - 1) (prev_hash mismatch): a row was deleted, inserted or rewritten.")
            }
            row.reset(id: id)
            for field in 0..<8 { row.append(field: field, bytes: columns.bytes(Int32(field) + 1)) }
            row.finish()
            prev.withUnsafeBytes { row.hexDigest(prevHash: $0, into: &computed) }
            if !columns.bytes(10, equal: computed) {
                return fail("Audit row \(id) was altered: its contents no longer match its hash.")
            }
            if id == anchor?.auditID, let anchorHash { anchorMatches = columns.bytes(10, equal: anchorHash) }
            swap(&prev, &computed)
            expectedID += 1
        }
        result.rowsChecked = Int(expectedID - 1)
        let last = String(decoding: prev, as: UTF8.self)
        let head = try Row.fetchOne(db, sql: "SELECT last_id, last_hash FROM audit_head WHERE id = 1")
        let headID: Int64 = head?["last_id"] ?? 0
        let headHash: String = head?["last_hash"] ?? genesis
        result.headHash = result.rowsChecked == 0 ? nil : last
        if headID != expectedID - 1 || headHash != last {
            result.problem = headID > expectedID - 1
                ? "The audit trail ends at row \(expectedID - 1) but row \(headID) was written: rows were deleted from the end."
                : "The audit head does not match the last row (\(expectedID - 1)): the head or the tail was tampered with."
            result.firstBadRow = expectedID
            return result
        }
        if let anchor, let problem = anchorProblem(anchor, rows: expectedID - 1, matches: anchorMatches) {
            result.problem = problem
            result.firstBadRow = min(anchor.auditID, expectedID)
            return result
        }
        let lastAt = try String.fetchOne(db, sql: "SELECT at FROM audit WHERE id = ?", arguments: [expectedID - 1])
        if let problem = try unrecordedActivity(db: db, rows: expectedID - 1, lastAt: lastAt) {
            result.problem = problem
            return result
        }
        if let expectHead, expectHead.lowercased() != last {
            result.problem = "The audit head is \(last), not the expected \(expectHead): the trail was rewritten or has grown since."
            return result
        }
        if triggers.count < 2 {
            result.problem = "The audit table's append-only triggers are missing: someone dropped them. Rows verify, but the store was opened by hand."
        }
        return result
    }

}
