import Crypto
import Foundation
package import GRDB
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

    // MARK: - Append

    package static let headSQL = "SELECT last_id, last_hash FROM audit_head WHERE id = 1"
    package static let insertSQL = """
        INSERT INTO audit (id, at, actor, impersonator, action, target, before, after, reason, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    package static let headUpsertSQL = """
        INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, ?, ?)
        ON CONFLICT(id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash
        """

    /// Writes one audit row inside the caller's transaction. Its three statements are
    /// prepared once per connection (every mutation runs them).
    @discardableResult
    package static func append(_ record: Record, actor: String, impersonator: String?, at date: Date, db: Database) throws -> AuditEntry {
        let head = try Row.fetchOne(db.cachedStatement(sql: headSQL))
        let prevHash: String = head?[1] ?? genesis
        let lastID: Int64 = head?[0] ?? 0
        let id = lastID + 1
        let at = Timestamp.format(date)
        let before = record.before?.canonical
        let after = record.after?.canonical
        let hash = rowHash(prevHash: prevHash, id: id, at: at, actor: actor, impersonator: impersonator, action: record.action,
                           target: record.target, before: before, after: after, reason: record.reason)
        try db.cachedStatement(sql: insertSQL).execute(
            arguments: [id, at, actor, impersonator, record.action, record.target, before, after, record.reason, prevHash, hash])
        try db.cachedStatement(sql: headUpsertSQL).execute(arguments: [id, hash])
        return try AuditEntry(row: Row(["id": id, "at": at, "actor": actor, "impersonator": impersonator,
                                        "action": record.action, "target": record.target, "before": before,
                                        "after": after, "reason": record.reason, "prev_hash": prevHash, "hash": hash]))
    }

    // MARK: - The hash

    /// The canonical text of a row: `{"id":…,"at":…,"actor":…,"impersonator":…,"action":…,
    /// "target":…,"before":…,"after":…,"reason":…}`, strings JSON-quoted, absent values null.
    /// Built by `CanonicalRow`, the one definition that append and verify share.
    static func canonicalRow(id: Int64, at: String, actor: String, impersonator: String?, action: String,
                             target: String?, before: String?, after: String?, reason: String?) -> String {
        var row = CanonicalRow()
        row.write(id: id, at: at, actor: actor, impersonator: impersonator, action: action, target: target,
                  before: before, after: after, reason: reason)
        return String(decoding: row.bytes, as: UTF8.self)
    }

    /// `SHA-256(prevHash ‖ canonicalRow(…))` as lower-case hex.
    package static func rowHash(prevHash: String, id: Int64, at: String, actor: String, impersonator: String?, action: String,
                        target: String?, before: String?, after: String?, reason: String?) -> String {
        var row = CanonicalRow()
        row.write(id: id, at: at, actor: actor, impersonator: impersonator, action: action, target: target,
                  before: before, after: after, reason: reason)
        var prev = prevHash
        var hex: [UInt8] = []
        prev.withUTF8 { row.hexDigest(prevHash: UnsafeRawBufferPointer($0), into: &hex) }
        return String(decoding: hex, as: UTF8.self)
    }
}
