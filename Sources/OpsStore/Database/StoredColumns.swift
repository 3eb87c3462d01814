import Foundation
internal import GRDB
internal import GRDBSQLite

/// The current row of a statement being stepped by a GRDB cursor, read straight from
/// SQLite's column memory: no `Row`, no `Data`, no C-string scan. Valid until the next
/// step. Stepping stays with GRDB (its checks and observation hooks still run); only the
/// reading of columns is done here, in the loops that read thousands of rows or run on
/// every permission check.
struct StoredColumns {
    let handle: SQLiteStatement

    init(_ statement: Statement) { handle = statement.sqliteStatement }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func optionalInt64(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    func optionalDouble(_ column: Int32) -> Double? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
    }

    /// The column's bytes as stored (text as UTF-8), nil for NULL.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        let start = sqlite3_column_blob(handle, column)
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The column as text, nil for NULL.
    func string(_ column: Int32) -> String? {
        bytes(column).map { String(decoding: $0, as: UTF8.self) }
    }

    func bytes(_ column: Int32, equal expected: [UInt8]) -> Bool {
        guard let stored = bytes(column), stored.count == expected.count, let storedStart = stored.baseAddress else { return false }
        return expected.withUnsafeBytes { e in e.baseAddress.map { memcmp(storedStart, $0, expected.count) == 0 } ?? false }
    }

    func bytes(_ column: Int32, equal expected: StaticString) -> Bool {
        guard let stored = bytes(column), stored.count == expected.utf8CodeUnitCount else { return false }
        return expected.withUTF8Buffer { stored.elementsEqual($0) }
    }
}
