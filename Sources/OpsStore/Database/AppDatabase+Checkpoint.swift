internal import GRDB
internal import GRDBSQLite

extension AppDatabase {
    /// Copies the WAL into the database and truncates it, so page images holding erased
    /// data do not linger in the `-wal` file. Best effort: a reader in another process can
    /// keep the WAL alive, and the data then goes at the next checkpoint.
    func truncateWAL() {
        guard path != nil, let pool = writer as? DatabasePool else { return }
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    /// Ends this process's use of the store so the main file holds every committed change:
    /// the WAL is checkpointed and truncated, then every connection is closed (the last
    /// connection of all processes also deletes the `-wal`/`-shm` files). Called on every
    /// clean exit of long-running processes (console, collector), whose pools are never
    /// released otherwise.
    ///
    /// Another process may hold the store open: the checkpoint then waits at most
    /// `closeCheckpointWait` for its locks and copies what it can (SQLite's passive
    /// fallback), and the rest stays safely in the WAL for that process to checkpoint.
    /// Never throws: a store that cannot be closed is closed by the process exit anyway.
    public func close() {
        guard let pool = writer as? DatabasePool else {
            try? writer.close()
            return
        }
        try? pool.writeWithoutTransaction { db in
            sqlite3_busy_timeout(db.sqliteConnection, Self.closeCheckpointWait)
            defer { sqlite3_busy_timeout(db.sqliteConnection, Self.busyTimeoutMilliseconds) }
            _ = try db.checkpoint(.truncate)
        }
        try? pool.close()
    }

    /// How long (ms) a closing process waits for another one's locks before leaving the
    /// rest of the WAL to it: short enough that quitting never feels stuck.
    static let closeCheckpointWait: Int32 = 250
    static let busyTimeoutMilliseconds: Int32 = 10_000
}
