internal import GRDB

/// Per-person keys for the audit trail's personal-data fingerprints (migration
/// "2026-12-07-personal-keys"). Frozen once shipped.
///
/// A fingerprint is HMAC-SHA256 under the person's key; purging the archived account
/// deletes the key (crypto-shredding), so the append-only audit rows keep verifying while
/// nobody can test a candidate name or address against them any more.
extension Schema {
    static let personalKeysSQL = """
    CREATE TABLE personal_key (
        staff_id INTEGER PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
        key BLOB NOT NULL CHECK (typeof(key) = 'blob' AND length(key) = 32),
        created_at TEXT NOT NULL
    );
    """
}
