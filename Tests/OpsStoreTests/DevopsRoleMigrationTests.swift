import Foundation
import GRDB
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Migration "2026-12-09-devops-role" rebuilds `staff_role` with `devops` in its CHECK list:
/// every grant survives with its who and when, the index is back, foreign keys still hold,
/// and unknown roles are still refused.
@Suite("devops role migration")
struct DevopsRoleMigrationTests {
    @Test("a store with grants migrates: rows kept, index and cascade back, devops accepted, nonsense refused")
    func migratesKeepingGrants() throws {
        let dir = try TemporaryDirectory("pmops-devops-role")
        let queue = try DatabaseQueue(path: dir.file("s.sqlite"))
        try Schema.migrator.migrate(queue, upTo: "2026-12-08-incidents")
        try queue.write { db in
            for (id, login) in [(1, "ana"), (2, "bo")] {
                try db.execute(sql: """
                    INSERT INTO staff (id, login, display_name, email, created_at, updated_at)
                    VALUES (?, ?, ?, ?, '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')
                    """, arguments: [id, login, login, "\(login)@example.com"])
            }
            for (id, role) in [(1, "super_admin"), (1, "auditor"), (2, "ops"), (2, "readonly")] {
                try db.execute(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) VALUES (?, ?, '2026-12-02T00:00:00.000Z', 'root')",
                               arguments: [id, role])
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) VALUES (2, 'devops', 'x', 'y')")
            }
        }
        let before = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM staff_role ORDER BY staff_id, role") }

        try Schema.migrator.migrate(queue)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try Row.fetchAll(db, sql: "SELECT * FROM staff_role ORDER BY staff_id, role") == before)
            #expect(try String.fetchOne(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'staff_role_by_role'") != nil)
            #expect(try String.fetchOne(db, sql: "SELECT name FROM sqlite_master WHERE name = 'staff_role_new'") == nil)
            try db.execute(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) VALUES (2, 'devops', 'x', 'y')")
            for bad in ["bogus", "DevOps", ""] {
                #expect(throws: DatabaseError.self, "\(bad)") {
                    try db.execute(sql: "INSERT INTO staff_role (staff_id, role, granted_at, granted_by) VALUES (1, ?, 'x', 'y')", arguments: [bad])
                }
            }
            try db.execute(sql: "DELETE FROM staff WHERE id = 2")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM staff_role WHERE staff_id = 2") == 0, "the cascade still holds")
        }
    }
}
