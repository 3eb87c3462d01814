import Foundation
import GRDB
@testable import OpsStore
import Testing

/// `RawStatement` binds through the C API what GRDB's `execute` would bind: text (empty
/// text is not NULL), integers, reals and NULL; a failed step throws GRDB's error and
/// leaves the statement ready for the next row.
@Suite("Raw statements")
struct RawStatementTests {
    @Test("values bind as GRDB binds them; an empty string stays an empty string")
    func binds() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b INTEGER, c REAL, d TEXT CHECK (d <> 'bad'))")
            let insert = try RawStatement(db, sql: "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)")
            let rows: [(String?, Int64?, Double?, String?)] = [("", 1, 0.5, "x"), (nil, nil, nil, nil), ("é\u{0}🔥", Int64.max, -1e300, "")]
            for (a, b, c, d) in rows {
                insert.bind(1, a)
                insert.bind(2, b)
                insert.bind(3, c)
                insert.bind(4, d)
                try insert.run()
            }
            try db.execute(sql: "INSERT INTO t (a) VALUES (?)", arguments: ["é\u{0}🔥"])
            // The bytes as stored. GRDB's own binding of the same text (the last row) stops at the
            // NUL (it binds a C string); the raw binding keeps every byte. Reading through GRDB
            // stops at the NUL either way, so what the console shows is the same.
            let hex = try String.fetchAll(db, sql: "SELECT hex(a) FROM t WHERE a IS NOT NULL ORDER BY rowid")
            #expect(hex == ["", "C3A900F09F94A5", "C3A9"])
            try db.execute(sql: "DELETE FROM t WHERE rowid = 4")
            let stored = try Row.fetchAll(db, sql: "SELECT a, typeof(a) AS ta, b, c, d FROM t ORDER BY rowid")
            #expect(stored.map { $0["a"] as String? }.prefix(2) == ["", nil])
            #expect(stored.map { $0["ta"] as String } == ["text", "null", "text"])
            #expect(stored.map { $0["b"] as Int64? } == [1, nil, Int64.max])
            #expect(stored.map { $0["c"] as Double? } == [0.5, nil, -1e300])
            #expect(stored.map { $0["d"] as String? } == ["x", nil, ""])

            insert.bind(1, "a")
            insert.bind(2, 2 as Int64)
            insert.bind(3, 2.5)
            insert.bind(4, "bad")
            let error = try #require(throws: DatabaseError.self) { try insert.run() }
            #expect(error.resultCode == .SQLITE_CONSTRAINT)
            #expect(error.message?.contains("CHECK constraint failed") == true)
            insert.bind(4, "good")
            try insert.run()
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 4)
        }
    }
}
