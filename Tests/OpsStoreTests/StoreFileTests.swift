import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// File stores: created private, wrong files refused untouched, newer schemas refused,
/// a full disk rolls the change back and leaves the chain intact.
@Suite("Store files")
struct StoreFileTests {
    static let boss = ActorContext(osLogin: "boss")

    @Test("a new store is mode 0600, in WAL mode, fully migrated")
    func newStore() throws {
        let dir = try TemporaryDirectory("pmops-store")
        let path = dir.file("new.sqlite")
        let db = try AppDatabase(path: path)
        #expect(try FileFacts.mode(path) == 0o600)
        let info = try db.info()
        #expect(info.journalMode == "wal")
        #expect(info.migrations == AppDatabase.knownMigrations)
        #expect(info.migrations.first == "2026-11-27-foundation")
        #expect(info.path == path)
    }

    @Test("an empty (0-byte) file is migrated in place")
    func emptyFile() throws {
        let dir = try TemporaryDirectory("pmops-store")
        let path = try dir.write("empty.sqlite", "", mode: 0o600)
        let db = try AppDatabase(path: path)
        #expect(try db.appliedMigrations() == AppDatabase.knownMigrations)
        #expect(try db.info().staff == 0)
    }

    @Test("a missing directory is one sentence and creates nothing")
    func missingDirectory() throws {
        let dir = try TemporaryDirectory("pmops-store")
        let error = opsError { () throws(OpsError) in try AppDatabase(path: dir.file("nope/store.sqlite")) }
        #expect(error == .store("The directory \(dir.path)/nope does not exist; create it or choose another --db."))
        #expect(error?.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.file("nope")))
    }

    @Test("opening without create refuses a missing file (not found)")
    func noCreate() throws {
        let dir = try TemporaryDirectory("pmops-store")
        let error = opsError { () throws(OpsError) in try AppDatabase(path: dir.file("x.sqlite"), create: false) }
        #expect(error?.exitCode == 3)
        #expect(!FileManager.default.fileExists(atPath: dir.file("x.sqlite")))
    }

    @Test("a file that is not SQLite is refused and left byte for byte", arguments: ["name,email\njane,jane@example.com\n", "SQLite format 2\0 but not really"])
    func notSQLite(content: String) throws {
        let dir = try TemporaryDirectory("pmops-store")
        let path = try dir.write("notes.sqlite", content, mode: 0o600)
        let error = opsError { () throws(OpsError) in try AppDatabase(path: path) }
        #expect(error == .store("\(path) is not a SQLite database; it was left untouched."))
        #expect(try FileFacts.text(path) == content)
        #expect(FileFacts.files(in: dir.path) == ["notes.sqlite"])
    }

    @Test("a store from a newer schema is refused and not changed")
    func newerSchema() throws {
        let dir = try TemporaryDirectory("pmops-store")
        let path = dir.file("s.sqlite")
        do {
            let db = try AppDatabase(path: path)
            _ = try db.initialize(login: "boss", displayName: "Boss", email: "boss@example.com")
            try db.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01-from-the-future')") }
        }
        let bytes = try FileFacts.bytes(path)
        let error = opsError { () throws(OpsError) in try AppDatabase(path: path) }
        #expect(error == .store("\(path) was written by a newer pmops (unknown schema migrations); upgrade pmops; nothing was changed."))
        #expect(try FileFacts.bytes(path) == bytes)
    }

    @Test("a full disk mid-write rolls the whole change back; the chain still verifies")
    func diskFull() throws {
        let dir = try TemporaryDirectory("pmops-store")
        let db = try AppDatabase(path: dir.file("s.sqlite"))
        _ = try db.initialize(login: "boss", displayName: "Boss", email: "boss@example.com")
        // Cap the writer connection at its current size: the next page it needs fails with SQLITE_FULL.
        try db.writer.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 2)")
        }
        var created = 0
        var failure: OpsError?
        for i in 0..<500 {
            let long = String(repeating: "x", count: 70)
            if let error = opsError({ () throws(OpsError) in
                try db.createStaff(NewStaff(login: "user\(i)", displayName: "\(long) \(i)", email: "user\(i)@example.com",
                                            team: "sre", roles: ["ops", "security"]), confirmedPowerGrant: true, as: Self.boss)
            }) {
                failure = error
                break
            }
            created += 1
        }
        let error = try #require(failure, "the page cap never filled up")
        #expect(error == .store("The disk holding \(dir.file("s.sqlite")) is full; the change was rolled back and nothing was changed."))
        #expect(error.exitCode == 1)
        try db.writer.write { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
        let info = try db.info()
        #expect(info.staff == created + 1)
        #expect(info.outboxQueued == created)
        #expect(info.auditRows == created + 1)
        #expect(try db.verifyAudit(as: Self.boss).ok)
        #expect(opsError { () throws(OpsError) in try db.staff(login: "user\(created)", as: Self.boss) }?.exitCode == 3)
        // And the store keeps working once there is room again.
        _ = try db.createStaff(NewStaff(login: "user\(created)", displayName: "After", email: "after@example.com", roles: ["ops"]), as: Self.boss)
        #expect(try db.verifyAudit(as: Self.boss).ok)
    }

    @Test("a read-only file: reads work, a write fails with one clear sentence",
          .enabled(if: geteuid() != 0, "root ignores file modes; EndToEndTests covers this as another user"))
    func readOnlyFile() throws {
        let dir = try TemporaryDirectory("pmops-store")
        let path = dir.file("s.sqlite")
        do {
            let db = try AppDatabase(path: path)
            _ = try db.initialize(login: "boss", displayName: "Boss", email: "boss@example.com")
        }
        chmod(path, 0o444)
        let db = try AppDatabase(path: path)
        #expect(try db.listStaff(as: Self.boss).map(\.login) == ["boss"])
        let error = opsError { () throws(OpsError) in try db.setSetting(.archiveRetentionDays, to: "30", as: Self.boss) }
        #expect(error == .store("\(path) is read-only (file or directory permissions); nothing was changed."))
    }

    @Test("db check reports a healthy store")
    func check() throws {
        let dir = try TemporaryDirectory("pmops-store")
        let db = try AppDatabase(path: dir.file("s.sqlite"))
        _ = try db.initialize(login: "boss", displayName: "Boss", email: "boss@example.com")
        let (problems, audit) = try db.check()
        #expect(problems.isEmpty)
        #expect(audit.rowsChecked == 1)
    }
}
