package import GRDB

/// A value decoded from one row. The store's own fetch helpers, instead of GRDB's
/// `FetchableRecord`: a public type's conformance to a GRDB protocol would put GRDB in
/// OpsStore's public API.
package protocol StoredRecord {
    init(row: Row) throws
}

extension StoredRecord {
    package static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try fetchAll(db.makeStatement(sql: sql), arguments: arguments)
    }

    package static func fetchAll(_ statement: Statement, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        // A cursor's row is only valid while the cursor lives (its deinit resets the statement).
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        return try withExtendedLifetime(rows) {
            var result: [Self] = []
            while let row = try rows.next() { result.append(try Self(row: row)) }
            return result
        }
    }

    package static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(db.makeStatement(sql: sql), arguments: arguments)
    }

    package static func fetchOne(_ statement: Statement, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        return try withExtendedLifetime(rows) { try rows.next().map { try Self(row: $0) } }
    }

    /// Calls `body` for each row in turn, without holding them all (exports of the audit trail).
    package static func forEach(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                                _ body: (Self) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        try withExtendedLifetime(rows) {
            while let row = try rows.next() { try body(try Self(row: row)) }
        }
    }

    static func fetchOneCached(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
