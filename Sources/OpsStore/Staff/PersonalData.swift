import Crypto
import Foundation
internal import GRDB

/// How personal data appears in the append-only audit trail: a short keyed fingerprint
/// (`hmac:` + 12 hex digits of HMAC-SHA256 under a random key per person, kept in
/// `personal_key`). While the key exists the fingerprint shows a value changed and lets
/// the store confirm a value; purge deletes the key, after which the fingerprints cannot
/// be linked to anyone, even by someone holding a list of candidate addresses.
///
/// Rows written before keys existed carry unkeyed `sha256:` fingerprints; they cannot be
/// changed (the chain covers them) and stay linkable by whoever can guess the value.
enum PersonalData {
    static func fingerprint(_ value: String, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key)
        return "hmac:" + mac.prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    /// The person's key, made on first use, inside the caller's transaction.
    static func key(staffID: Int64, at: String, db: Database) throws -> SymmetricKey {
        if let stored = try Data.fetchOne(db, sql: "SELECT key FROM personal_key WHERE staff_id = ?", arguments: [staffID]) {
            return SymmetricKey(data: stored)
        }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        try db.execute(sql: "INSERT INTO personal_key (staff_id, key, created_at) VALUES (?, ?, ?)", arguments: [staffID, bytes, at])
        return key
    }

    /// Deletes the person's key: every fingerprint made with it becomes unlinkable.
    static func shredKey(staffID: Int64, db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM personal_key WHERE staff_id = ?", arguments: [staffID])
        return db.changesCount
    }
}
