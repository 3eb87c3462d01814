internal import GRDB

extension AppDatabase {
    /// Copies the WAL into the database and truncates it, so page images holding erased
    /// data do not linger in the `-wal` file. Best effort: a reader in another process can
    /// keep the WAL alive, and the data then goes at the next checkpoint.
    func truncateWAL() {
        guard path != nil, let pool = writer as? DatabasePool else { return }
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}
