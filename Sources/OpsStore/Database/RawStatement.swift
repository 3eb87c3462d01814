internal import GRDB
internal import GRDBSQLite

/// A cached statement bound and stepped through SQLite's C API, for the per-row statements
/// of bulk writes (metric samples, webhook ingest). There GRDB's argument arrays (an
/// existential per value, dynamic casts to bind it) cost as much as SQLite's own work.
///
/// The statement is GRDB's cached one, prepared once per connection. Values are bound by
/// position (1-based) and copied by SQLite; every parameter must be bound before each
/// `run`. `run` steps to the end, resets, and throws GRDB's `DatabaseError`, so callers and
/// the store's error mapping see the same errors as from `execute`. No GRDB hooks run for
/// these statements: the store has no transaction observers.
struct RawStatement {
    let handle: SQLiteStatement
    let connection: SQLiteConnection?
    let sql: String

    init(_ db: Database, sql: String) throws {
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        connection = db.sqliteConnection
        self.sql = sql
    }

    /// SQLite copies the value before `sqlite3_bind_*` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64) {
        startIfFirst(index)
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binding parameter 1 starts an execution: the statement is reset first. GRDB runs the
    /// same cached statement through `cachedExecute` (the single-alert path) and leaves it
    /// stepped; SQLite then refuses every bind (SQLITE_MISUSE, ignored) and the row was
    /// written with the parameters left from before, or NULL.
    private func startIfFirst(_ index: Int32) {
        if index == 1 { sqlite3_reset(handle) }
    }

    func bind(_ index: Int32, _ value: Int) { bind(index, Int64(value)) }

    func bind(_ index: Int32, _ value: Double) {
        startIfFirst(index)
        sqlite3_bind_double(handle, index, value)
    }

    func bind(_ index: Int32, _ value: String) {
        startIfFirst(index)
        var text = value
        text.withUTF8 { utf8 in
            // An empty buffer may have no address, and a NULL pointer would bind NULL.
            guard let start = utf8.baseAddress, !utf8.isEmpty else {
                sqlite3_bind_text(handle, index, "", 0, Self.transient)
                return
            }
            start.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                _ = sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else {
            startIfFirst(index)
            sqlite3_bind_null(handle, index)
        }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { bind(index, value) } else {
            startIfFirst(index)
            sqlite3_bind_null(handle, index)
        }
    }

    func bind(_ index: Int32, _ value: Double?) {
        if let value { bind(index, value) } else {
            startIfFirst(index)
            sqlite3_bind_null(handle, index)
        }
    }

    func run() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
        sqlite3_reset(handle)
    }
}
