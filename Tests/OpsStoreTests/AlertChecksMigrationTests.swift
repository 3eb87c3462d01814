import Foundation
import GRDB
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Migration "2026-11-30-alert-checks" rewrites the alert table's CHECK constraints in
/// place: a store holding alerts of every severity, status and state migrates, stays
/// consistent, keeps every row, refuses the same bad values, and writes alerts without a
/// temporary b-tree.
@Suite("Alert CHECK rewrite migration")
struct AlertChecksMigrationTests {
    static let insertSQL = """
        INSERT INTO alert (fingerprint, rule, source, labels, severity, status, summary, starts_at, last_seen_at, ends_at, state)
        VALUES (?, 'r', 's', '{}', ?, ?, 'x', '2026-11-30T00:00:00.000Z', '2026-11-30T00:00:00.000Z', ?, ?)
        """

    static func ephemeralTables(_ db: Database, _ sql: String, arguments: Int) throws -> Int {
        let opcodes = try Row.fetchAll(db, sql: "EXPLAIN " + sql, arguments: StatementArguments(Array(repeating: DatabaseValue.null, count: arguments)))
        return opcodes.filter { ($0["opcode"] as String?) == "OpenEphemeral" }.count
    }

    @Test("a store with alerts migrates: rows kept, integrity ok, bad values still refused, no temporary b-trees")
    func migratesInPlace() throws {
        let dir = try TemporaryDirectory("pmops-checks")
        let queue = try DatabaseQueue(path: dir.file("s.sqlite"))
        try Schema.migrator.migrate(queue, upTo: "2026-11-29-alert-pane-indexes")
        var n = 0
        try queue.write { db in
            #expect(try Self.ephemeralTables(db, Self.insertSQL, arguments: 5) == 3, "the old constraints use IN lists")
            for severity in ["critical", "warning", "info"] {
                for (status, state) in [("pending", "open"), ("firing", "open"), ("firing", "acknowledged"), ("firing", "snoozed"),
                                        ("resolved", "resolved"), ("resolved", "closed"), ("firing", "closed")] {
                    n += 1
                    try db.execute(sql: Self.insertSQL, arguments: ["f\(n)", severity, status, status == "resolved" ? "2026-11-30T01:00:00.000Z" : nil, state])
                }
            }
        }
        let before = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM alert ORDER BY id") }

        try Schema.migrator.migrate(queue)
        try queue.read { db in
            #expect(try Schema.migrator.appliedIdentifiers(db).contains("2026-11-30-alert-checks"))
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            #expect(try Row.fetchAll(db, sql: "SELECT * FROM alert ORDER BY id") == before)
            let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'alert'") ?? ""
            for rewrite in Schema.alertCheckRewrites {
                #expect(!sql.contains(rewrite.old))
                #expect(sql.contains(rewrite.new))
            }
            #expect(try Self.ephemeralTables(db, Self.insertSQL, arguments: 5) == 0)
            #expect(try Self.ephemeralTables(db, "UPDATE alert SET status = ?, state = ?, ends_at = ? WHERE id = ?", arguments: 4) == 0)
        }
        try queue.write { db in
            for (severity, status, state) in [("bogus", "firing", "open"), ("critical", "done", "open"), ("critical", "firing", "gone"),
                                              ("Critical", "firing", "open"), ("critical", "firing", "")] {
                #expect(throws: DatabaseError.self, "\(severity) \(status) \(state)") {
                    try db.execute(sql: Self.insertSQL, arguments: ["bad", severity, status, nil, state])
                }
            }
            try db.execute(sql: Self.insertSQL, arguments: ["good", "info", "firing", nil, "snoozed"])
        }
    }

    @Test("a definition that is not the expected one stops the migration with nothing changed")
    func unexpectedDefinition() throws {
        let dir = try TemporaryDirectory("pmops-checks")
        let queue = try DatabaseQueue(path: dir.file("s.sqlite"))
        try Schema.migrator.migrate(queue, upTo: "2026-11-29-alert-pane-indexes")
        let original = try queue.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'alert'") }
        _ = try queue.write { db in
            #expect(throws: Schema.UnexpectedSchema.self) {
                try db.inSavepoint {
                    try db.execute(sql: "ALTER TABLE alert RENAME COLUMN severity TO sev")
                    try Schema.rewriteAlertChecks(db)
                    return .commit
                }
            }
        }
        #expect(try queue.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'alert'") } == original)
    }
}
