import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// A feature's own table of notes, erased through the registration point.
struct NoteEraser: PersonalDataEraser {
    var fail = false
    var kind: String { "notes" }
    func erase(_ person: PurgedPerson, in transaction: StoreTransaction) throws -> Int {
        let db = transaction.db
        if fail { throw OpsError.failure("injected eraser failure") }
        try db.execute(sql: "DELETE FROM test_note WHERE text LIKE '%' || ? || '%'", arguments: [person.email])
        return db.changesCount
    }
}

@Suite("Purging personal data")
struct PersonalDataPurgeTests {
    static func purgeable(_ erasers: [any PersonalDataEraser]) throws -> StoreFixture {
        let f = try StoreFixture(personalDataErasers: AppDatabase.standardPersonalData + erasers)
        try f.db.writer.write { db in
            try db.execute(sql: "CREATE TABLE test_note (text TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO test_note VALUES ('call jdoe@example.com'), ('call kim@example.com')")
        }
        try f.add("jdoe", [.ops])
        try f.add("kim", [.ops])
        _ = try f.db.deactivate(login: "jdoe", reason: "left", as: f.boss)
        f.clock.advance(by: 91 * 86_400)
        return f
    }

    static func count(_ f: StoreFixture, _ sql: String) throws -> Int {
        try f.db.writer.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test("registered erasers run in the purge; counts and the destroyed key are audited")
    func registeredEraserRuns() throws {
        let f = try Self.purgeable([NoteEraser()])
        #expect(try Self.count(f, "SELECT count(*) FROM personal_key k JOIN staff s ON s.id = k.staff_id WHERE s.login = 'jdoe'") == 1)
        #expect(try f.db.purgeArchived(as: f.boss) == ["jdoe"])
        #expect(try Self.count(f, "SELECT count(*) FROM test_note") == 1)
        #expect(try Self.count(f, "SELECT count(*) FROM personal_key k JOIN staff s ON s.id = k.staff_id WHERE s.login = 'jdoe'") == 0)
        #expect(try Self.count(f, "SELECT count(*) FROM personal_key k JOIN staff s ON s.id = k.staff_id WHERE s.login = 'kim'") == 1)
        #expect(try Self.count(f, "SELECT count(*) FROM outbox WHERE to_addr = 'jdoe@example.com'") == 0)
        #expect(try Self.count(f, "SELECT count(*) FROM outbox WHERE to_addr = 'kim@example.com'") == 1)
        let row = try #require(try f.db.auditEntries(AuditFilter(action: "user.purge_archived"), as: f.boss).last)
        #expect(row.after == #"{"keys_destroyed":1,"purged":["jdoe"],"rows_erased":{"alerts":0,"mail_quarantine":0,"notes":1,"outbox":1,"pending_onboarding":0}}"#)
        #expect(try f.db.verifyAudit(as: nil).ok)
    }

    @Test("HR-import rows waiting for (or completed into) the purged person go; others lose the name and address")
    func pendingOnboardingErased() throws {
        let f = try Self.purgeable([])
        try f.db.writer.write { db in
            for (login, name, email, reason) in [("jdoe", "Jane Doe", "jdoe@example.com", "email taken"),
                                                 ("jdoe2", "J. Doe Two", "jdoe@example.com", "duplicate of jdoe@example.com"),
                                                 ("newbie", "New Bie", "newbie@example.com", "ask jdoe@example.com first")] {
                try db.execute(sql: """
                    INSERT INTO pending_onboarding (login, display_name, email, line, field, reason, source_sha256, created_at, created_by)
                    VALUES (?, ?, ?, 2, 'email', ?, 'sha', '2026-01-01T00:00:00.000Z', 'boss')
                    """, arguments: [login, name, email, reason])
            }
        }
        #expect(try f.db.purgeArchived(as: f.boss) == ["jdoe"])
        #expect(try Self.count(f, "SELECT count(*) FROM pending_onboarding") == 1, "jdoe's row and the one with jdoe's address are gone")
        let reason = try f.db.writer.read { db in try String.fetchOne(db, sql: "SELECT reason FROM pending_onboarding") }
        #expect(reason == "ask [purged] first")
    }

    @Test("quarantined mail the purged person sent goes, bytes and all; other rows lose their address")
    func mailQuarantineErased() throws {
        let f = try Self.purgeable([])
        try f.db.writer.write { db in
            for (id, sender, subject) in [("<a@x>", "Jane <JDOE@example.com>", "hello"), ("<b@x>", "kim@example.com", "about jdoe@example.com")] {
                try db.execute(sql: """
                    INSERT INTO mail_quarantine (received_at, mailbox, file, message_id, sender, subject, reason, size, raw)
                    VALUES ('2026-01-01T00:00:00.000Z', 'inbox', 'f', ?, ?, ?, 'not a known contact', 3, x'414243')
                    """, arguments: [id, sender, subject])
            }
        }
        #expect(try f.db.purgeArchived(as: f.boss) == ["jdoe"])
        #expect(try Self.count(f, "SELECT count(*) FROM mail_quarantine") == 1, "the message from jdoe is gone (address matched without case)")
        let subject = try f.db.writer.read { db in try String.fetchOne(db, sql: "SELECT subject FROM mail_quarantine") }
        #expect(subject == "about [purged]")
    }

    @Test("a failing eraser rolls the whole purge back")
    func failingEraserRollsBack() throws {
        let f = try Self.purgeable([NoteEraser(fail: true)])
        let before = try f.auditCount()
        #expect(opsError { () throws(OpsError) in try f.db.purgeArchived(as: f.boss) } == .failure("injected eraser failure"))
        #expect(try f.db.archivedStaff(as: f.boss).map(\.login) == ["jdoe"])
        #expect(try Self.count(f, "SELECT count(*) FROM outbox WHERE to_addr = 'jdoe@example.com'") == 1)
        #expect(try Self.count(f, "SELECT count(*) FROM personal_key") == 3)
        #expect(try f.auditCount() == before)
    }

    @Test("alert notes, assignee text, history notes and annotations lose the name and address")
    func alertCopiesRedacted() throws {
        let f = try Self.purgeable([])
        try f.db.writer.write { db in
            try db.execute(sql: """
                INSERT INTO alert (fingerprint, rule, source, labels, annotations, severity, status, summary, starts_at, last_seen_at,
                                   assignee, ack_note, close_reason)
                VALUES ('fp', 'r', 'test', '{}', '{"owner":"Person jdoe <jdoe@example.com>"}', 'warning', 'firing', 's',
                        '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'jdoe@example.com', 'paged Person jdoe', 'kim@example.com knows')
                """)
            try db.execute(sql: "INSERT INTO alert_event (alert_id, at, actor, kind, note) VALUES (1, '2026-01-01T00:00:00.000Z', 'kim', 'note', 'told jdoe@example.com')")
        }
        #expect(try f.db.purgeArchived(as: f.boss) == ["jdoe"])
        let row = try #require(try f.db.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT a.assignee, a.ack_note, a.close_reason, a.annotations, e.note FROM alert a JOIN alert_event e ON e.alert_id = a.id")
        })
        #expect(row["assignee"] as String? == "jdoe")
        #expect(row["ack_note"] as String? == "paged [purged]")
        #expect(row["close_reason"] as String? == "kim@example.com knows")
        #expect(row["annotations"] as String? == #"{"owner":"[purged] <[purged]>"}"#)
        #expect(row["note"] as String? == "told [purged]")
    }

    @Test("fingerprints are keyed per person: one address gives different fingerprints for two people")
    func keyedFingerprints() throws {
        let f = try StoreFixture()
        try f.add("jdoe", [.ops])
        _ = try f.db.updateStaff(login: "jdoe", changes: StaffChanges(email: "shared@example.com"), as: f.boss)
        _ = try f.db.updateStaff(login: "jdoe", changes: StaffChanges(email: "jdoe@example.com"), as: f.boss)
        try f.add("kim", [.ops])
        _ = try f.db.updateStaff(login: "kim", changes: StaffChanges(email: "shared@example.com"), as: f.boss)
        let rows = try f.db.auditEntries(AuditFilter(action: "user.update"), as: f.boss)
        func email(_ json: String?) throws -> String {
            let object = try #require(try JSONSerialization.jsonObject(with: Data((json ?? "").utf8)) as? [String: Any])
            return try #require(object["email"] as? String)
        }
        let jdoeShared = try email(rows[0].after)
        let kimShared = try email(rows[2].after)
        #expect(jdoeShared.hasPrefix("hmac:") && jdoeShared.count == 17)
        #expect(jdoeShared == (try email(rows[1].before)), "one person's fingerprint of a value is stable")
        #expect(jdoeShared != kimShared, "the same address must not link two people")
    }
}
