import Crypto
import Foundation
import GRDB
import OpsCore

/// Appends and verifies the hash-chained audit trail.
///
/// `hash = SHA-256(prev_hash ‖ canonical)` where `canonical` is a fixed-order JSON object
/// of every stored column but the hashes, including the row id, so an edited, deleted,
/// reordered or forged row breaks the chain. The head (last id and hash) is kept in
/// `audit_head` to catch a truncated tail; an attacker who can rewrite the file can still
/// rebuild the whole chain, which is why `audit verify` prints the head for anchoring
/// elsewhere and accepts `--expect-head`.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    /// A change to record. `before`/`after` are encoded to canonical JSON here.
    public struct Record: Sendable {
        public var action: String
        public var target: String?
        public var before: JSONValue?
        public var after: JSONValue?
        public var reason: String?
        public init(action: String, target: String?, before: JSONValue? = nil, after: JSONValue? = nil, reason: String? = nil) {
            self.action = action
            self.target = target
            self.before = before
            self.after = after
            self.reason = reason
        }
    }

    /// Writes one audit row inside the caller's transaction.
    @discardableResult
    public static func append(_ record: Record, actor: String, impersonator: String?, at date: Date, db: Database) throws -> AuditEntry {
        let head = try Row.fetchOne(db, sql: "SELECT last_id, last_hash FROM audit_head WHERE id = 1")
        let prevHash: String = head?["last_hash"] ?? genesis
        let lastID: Int64 = head?["last_id"] ?? 0
        let id = lastID + 1
        let at = Timestamp.format(date)
        let before = record.before?.canonical
        let after = record.after?.canonical
        let canonical = canonicalRow(id: id, at: at, actor: actor, impersonator: impersonator, action: record.action,
                                     target: record.target, before: before, after: after, reason: record.reason)
        let hash = digest(prevHash: prevHash, canonical: canonical)
        try db.execute(sql: """
            INSERT INTO audit (id, at, actor, impersonator, action, target, before, after, reason, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, at, actor, impersonator, record.action, record.target, before, after, record.reason, prevHash, hash])
        try db.execute(sql: """
            INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, ?, ?)
            ON CONFLICT(id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash
            """, arguments: [id, hash])
        return try AuditEntry(row: Row(["id": id, "at": at, "actor": actor, "impersonator": impersonator,
                                        "action": record.action, "target": record.target, "before": before,
                                        "after": after, "reason": record.reason, "prev_hash": prevHash, "hash": hash]))
    }

    static func canonicalRow(id: Int64, at: String, actor: String, impersonator: String?, action: String,
                             target: String?, before: String?, after: String?, reason: String?) -> String {
        var s = "{\"id\":\(id),\"at\":"
        JSONValue.appendQuoted(at, to: &s)
        s += ",\"actor\":"; JSONValue.appendQuoted(actor, to: &s)
        s += ",\"impersonator\":"; appendOptional(impersonator, to: &s)
        s += ",\"action\":"; JSONValue.appendQuoted(action, to: &s)
        s += ",\"target\":"; appendOptional(target, to: &s)
        s += ",\"before\":"; appendOptional(before, to: &s)
        s += ",\"after\":"; appendOptional(after, to: &s)
        s += ",\"reason\":"; appendOptional(reason, to: &s)
        s += "}"
        return s
    }

    private static func appendOptional(_ value: String?, to s: inout String) {
        if let value { JSONValue.appendQuoted(value, to: &s) } else { s += "null" }
    }

    static func digest(prevHash: String, canonical: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(prevHash.utf8))
        hasher.update(data: Data(canonical.utf8))
        return hex(hasher.finalize())
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    static func hex(_ digest: SHA256.Digest) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(64)
        for b in digest {
            bytes.append(hexDigits[Int(b >> 4)])
            bytes.append(hexDigits[Int(b & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Walks the whole chain in id order and reports the first problem.
    public static func verify(db: Database, expectHead: String? = nil) throws -> AuditVerification {
        var result = AuditVerification(rowsChecked: 0, headHash: nil, problem: nil, firstBadRow: nil)
        let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
        var expectedID: Int64 = 1
        var prev = genesis
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, at, actor, impersonator, action, target, before, after, reason, prev_hash, hash FROM audit ORDER BY id")
        while let row = try cursor.next() {
            let id: Int64 = row[0]
            let storedPrev: String = row[9]
            let storedHash: String = row[10]
            func fail(_ message: String) -> AuditVerification {
                result.problem = message
                result.firstBadRow = id
                return result
            }
            if id != expectedID {
                return fail(id > expectedID
                    ? "Audit row \(expectedID)\(id - expectedID > 1 ? "–\(id - 1)" : "") is missing (deleted); the chain breaks before row \(id)."
                    : "Audit row \(id) is out of sequence.")
            }
            if storedPrev != prev {
                return fail("Audit row \(id) does not link to row \(id - 1) (prev_hash mismatch): a row was deleted, inserted or rewritten.")
            }
            let canonical = canonicalRow(id: id, at: row[1], actor: row[2], impersonator: row[3], action: row[4],
                                         target: row[5], before: row[6], after: row[7], reason: row[8])
            if digest(prevHash: prev, canonical: canonical) != storedHash {
                return fail("Audit row \(id) was altered: its contents no longer match its hash.")
            }
            prev = storedHash
            expectedID += 1
            result.rowsChecked += 1
        }
        let head = try Row.fetchOne(db, sql: "SELECT last_id, last_hash FROM audit_head WHERE id = 1")
        let headID: Int64 = head?["last_id"] ?? 0
        let headHash: String = head?["last_hash"] ?? genesis
        result.headHash = result.rowsChecked == 0 ? nil : prev
        if headID != expectedID - 1 || headHash != prev {
            result.problem = headID > expectedID - 1
                ? "The audit trail ends at row \(expectedID - 1) but row \(headID) was written: rows were deleted from the end."
                : "The audit head does not match the last row (\(expectedID - 1)): the head or the tail was tampered with."
            result.firstBadRow = expectedID
            return result
        }
        if let expectHead, expectHead.lowercased() != prev {
            result.problem = "The audit head is \(prev), not the expected \(expectHead): the trail was rewritten or has grown since."
            return result
        }
        if triggers.count < 2 {
            result.problem = "The audit table's append-only triggers are missing: someone dropped them. Rows verify, but the store was opened by hand."
        }
        return result
    }
}
