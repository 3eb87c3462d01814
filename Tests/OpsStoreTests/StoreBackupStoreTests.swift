import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// `close()`, `backup(to:)` and the anchor companion at the store level.
@Suite("Store close and backup")
struct StoreBackupStoreTests {
    static let boss = ActorContext(osLogin: "boss")

    static func walSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? 0
    }

    @Test("close() leaves the data in the main file and an empty WAL")
    func closeCheckpoints() throws {
        let dir = try TemporaryDirectory("pmops-close")
        let path = dir.file("s.sqlite")
        let db = try AppDatabase(path: path)
        _ = try db.initialize(login: "boss", displayName: "Boss", email: "boss@example.com")
        #expect(Self.walSize(path) > 0)
        db.close()
        #expect(Self.walSize(path) == 0)
        let copy = dir.file("main-only.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        #expect(try AppDatabase(path: copy, create: false).hasAccounts())
    }

    @Test("close() with another connection in a read transaction neither blocks nor throws; that reader still sees the data")
    func closeWithAnotherReader() throws {
        let dir = try TemporaryDirectory("pmops-close")
        let path = dir.file("s.sqlite")
        let db = try AppDatabase(path: path)
        _ = try db.initialize(login: "boss", displayName: "Boss", email: "boss@example.com")
        let other = try DatabaseQueue(path: path)
        try other.inDatabase { conn in
            try conn.execute(sql: "BEGIN")
            _ = try Int.fetchOne(conn, sql: "SELECT count(*) FROM staff")
            _ = try db.updateStaff(login: "boss", changes: StaffChanges(team: "sre"), as: Self.boss)
            let started = Date()
            db.close()
            #expect(Date().timeIntervalSince(started) < 2)
            try conn.execute(sql: "COMMIT")
        }
        #expect(try other.read { try String.fetchOne($0, sql: "SELECT team FROM staff WHERE login = 'boss'") } == "sre")
    }

    @Test("a backup's anchor file stops at the snapshot's head, and the copy verifies")
    func anchorsCut() throws {
        let dir = try TemporaryDirectory("pmops-backup")
        let path = dir.file("s.sqlite")
        let db = try AppDatabase(path: path)
        _ = try db.initialize(login: "boss", displayName: "Boss", email: "boss@example.com")
        // An anchor past the head, as a concurrent writer's line appended after the snapshot.
        let anchors = try String(contentsOfFile: path + ".anchors", encoding: .utf8)
        let future = #"{"at":"2026-12-07T00:00:00Z","audit_id":999,"hash":"\#(String(repeating: "a", count: 64))"}"# + "\n"
        try (anchors + future).write(toFile: path + ".anchors", atomically: false, encoding: .utf8)
        let report = try db.backup(to: dir.file("b.sqlite"), overwrite: false, as: Self.boss)
        #expect(report.companions == [dir.file("b.sqlite.anchors")])
        #expect(!(try String(contentsOfFile: dir.file("b.sqlite.anchors"), encoding: .utf8)).contains("\"audit_id\":999"))
        #expect(report.auditHead?.auditID == 1)
        let copy = try AppDatabase(path: dir.file("b.sqlite"), create: false)
        #expect(try copy.verifyAudit(as: Self.boss).ok)
    }
}
