import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Exactly one audit row per mutation, in the same transaction; none for a refusal;
/// rows are append-only and the hash chain notices edits.
@Suite("Audit trail in the store")
struct AuditTrailTests {
    enum Mutation: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case create, setRoles, update, deactivate, reactivate, purge, setting, deliver
        var testDescription: String { rawValue }

        var action: String {
            switch self {
            case .create: "user.create"
            case .setRoles: "user.set_roles"
            case .update: "user.update"
            case .deactivate: "user.deactivate"
            case .reactivate: "user.reactivate"
            case .purge: "user.purge_archived"
            case .setting: "setting.set"
            case .deliver: "outbox.sent"
            }
        }
    }

    /// boss, jdoe (ops), gone (deactivated, past retention), exactly one queued email.
    static func fixture() throws -> StoreFixture {
        let f = try StoreFixture()
        try f.add("jdoe", [.ops])
        try f.add("gone", [.ops])
        _ = try f.db.deactivate(login: "gone", reason: "left", as: f.boss)
        let spool = try TemporaryDirectory("pmops-spool")
        _ = try f.db.deliverOutbox(via: .maildir(spool.path), as: f.boss)
        try f.add("late", [.readonly])  // its welcome email stays queued
        f.clock.advance(by: 91 * 86_400)
        return f
    }

    @Test("each mutation writes exactly one audit row, and the chain still verifies", arguments: Mutation.allCases)
    func oneRowPerMutation(mutation: Mutation) throws {
        let f = try Self.fixture()
        let spool = try TemporaryDirectory("pmops-spool")
        let before = try f.auditCount()
        switch mutation {
        case .create: try f.add("new", [.readonly])
        case .setRoles: _ = try f.db.setRoles(login: "jdoe", roles: ["ops", "readonly"], as: f.boss)
        case .update: _ = try f.db.updateStaff(login: "jdoe", changes: StaffChanges(displayName: "Renamed"), as: f.boss)
        case .deactivate: _ = try f.db.deactivate(login: "jdoe", reason: "left", as: f.boss)
        case .reactivate: _ = try f.db.reactivate(login: "gone", displayName: "Gone Back", email: "gone@example.com", as: f.boss)
        case .purge: #expect(try f.db.purgeArchived(as: f.boss) == ["gone"])
        case .setting: try f.db.setSetting(.mailFrom, to: "ops@example.com", as: f.boss)
        case .deliver: #expect(try f.db.deliverOutbox(via: .maildir(spool.path), as: f.boss).sent == 1)
        }
        #expect(try f.auditCount() == before + 1)
        let last = try #require(try f.db.auditEntries(AuditFilter(limit: 1, newestFirst: true), as: f.boss).first)
        #expect(last.action == mutation.action)
        #expect(last.actor == "boss")
        #expect(last.at == Timestamp.format(f.clock.now()))
        let verification = try f.db.verifyAudit(as: f.boss)
        #expect(verification.ok, "\(String(describing: verification.problem))")
        #expect(verification.headHash == last.hash)
    }

    @Test("refused actions write no audit row")
    func refusalsWriteNothing() throws {
        let f = try Self.fixture()
        try f.add("olga", [.ops])
        let before = try f.auditCount()
        let refusals: [OpsError?] = [
            opsError { () throws(OpsError) in try f.db.createStaff(NewStaff(login: "x", displayName: "X", email: "x@example.com", roles: ["ops"]), as: f.actor("olga")) },
            opsError { () throws(OpsError) in try f.db.createStaff(NewStaff(login: "X", displayName: "", email: "x", roles: []), as: f.boss) },
            opsError { () throws(OpsError) in try f.db.setRoles(login: "jdoe", roles: ["admin", "auditor"], as: f.boss) },
            opsError { () throws(OpsError) in try f.db.deactivate(login: "boss", reason: "me", as: f.boss) },
            opsError { () throws(OpsError) in try f.db.updateStaff(login: "jdoe", changes: StaffChanges(team: "x"), expectedVersion: 9, as: f.boss) },
            opsError { () throws(OpsError) in try f.db.setSetting(.archiveRetentionDays, to: "0", as: f.boss) },
            opsError { () throws(OpsError) in try f.db.deliverOutbox(via: .maildir("/nonexistent"), as: f.actor("olga")) },
        ]
        #expect(refusals.allSatisfy { $0 != nil })
        #expect(try f.auditCount() == before)
    }

    @Test("personal data never enters the append-only trail, only fingerprints")
    func noPersonalDataInAudit() throws {
        let f = try StoreFixture()
        _ = try f.db.createStaff(NewStaff(login: "jdoe", displayName: "Jane Secret-Name", email: "jane.secret@example.com", roles: ["ops"]), as: f.boss)
        _ = try f.db.updateStaff(login: "jdoe", changes: StaffChanges(displayName: "Jane Other", email: "jane.other@example.com"), as: f.boss)
        _ = try f.db.deactivate(login: "jdoe", reason: "left", as: f.boss)
        let text = try f.db.auditEntries(AuditFilter(), as: f.boss).map { "\($0.before ?? "") \($0.after ?? "")" }.joined()
        for secret in ["Secret-Name", "jane.secret", "Jane Other", "jane.other"] { #expect(!text.contains(secret), "\(secret) leaked") }
        #expect(text.contains("hmac:"))
        #expect(!text.contains("sha256:"))
    }

    @Test("UPDATE and DELETE on audit rows are refused by triggers", arguments: ["UPDATE audit SET actor = 'mallory' WHERE id = 1", "DELETE FROM audit WHERE id = 1"])
    func appendOnly(sql: String) throws {
        let f = try StoreFixture()
        #expect(throws: DatabaseError.self) { try f.db.writer.write { db in try db.execute(sql: sql) } }
        #expect(try f.db.auditEntries(AuditFilter(), as: f.boss).first?.actor == "boss")
    }

    @Test("an edited row is named by verify and by check")
    func tamperDetected() throws {
        let f = try Self.fixture()
        try f.db.writer.write { db in
            try db.execute(sql: "DROP TRIGGER audit_no_update")
            try db.execute(sql: "UPDATE audit SET reason = 'nothing to see' WHERE id = 3")
        }
        let v = try f.db.verifyAudit(as: nil)
        #expect(v.problem == "Audit row 3 was altered: its contents no longer match its hash.")
        #expect(v.firstBadRow == 3)
        let (problems, _) = try f.db.check()
        #expect(problems == ["audit: Audit row 3 was altered: its contents no longer match its hash."])
    }

    @Test("a dropped trigger alone is reported; a wrong expected head is reported")
    func triggersAndHead() throws {
        let f = try Self.fixture()
        let head = try #require(try f.db.verifyAudit(as: f.boss).headHash)
        #expect(try f.db.verifyAudit(expectHead: head.uppercased(), as: f.boss).ok)
        let wrong = try f.db.verifyAudit(expectHead: String(repeating: "a", count: 64), as: f.boss)
        #expect(wrong.problem?.hasPrefix("The audit head is \(head), not the expected") == true)
        try f.db.writer.write { db in try db.execute(sql: "DROP TRIGGER audit_no_delete") }
        #expect(try f.db.verifyAudit(as: f.boss).problem?.contains("append-only triggers are missing") == true)
    }

    @Test("filters: actor, impersonator, action (exact and prefix), target, time, limit")
    func filters() throws {
        let f = try Self.fixture()
        try f.add("alice", [.admin])
        _ = try f.db.updateStaff(login: "jdoe", changes: StaffChanges(team: "sre"), as: ActorContext(osLogin: "boss", onBehalfOf: "alice"))
        let all = try f.db.auditEntries(AuditFilter(), as: f.boss)
        #expect(all.map(\.id) == Array(1...Int64(all.count)))
        #expect(try f.db.auditEntries(AuditFilter(actor: "alice"), as: f.boss).map(\.action) == ["user.update"])
        #expect(try f.db.auditEntries(AuditFilter(actor: "boss"), as: f.boss).count == all.count)  // boss impersonated
        #expect(try f.db.auditEntries(AuditFilter(action: "user.create"), as: f.boss).map(\.target) == ["jdoe", "gone", "late", "alice"])
        #expect(try f.db.auditEntries(AuditFilter(action: "user.*"), as: f.boss).count == all.filter { $0.action.hasPrefix("user.") }.count)
        #expect(try f.db.auditEntries(AuditFilter(target: "gone"), as: f.boss).map(\.action) == ["user.create", "user.deactivate"])
        let cut = f.clock.now()
        #expect(try f.db.auditEntries(AuditFilter(since: cut), as: f.boss).map(\.target) == ["alice", "jdoe"])
        #expect(try f.db.auditEntries(AuditFilter(until: cut), as: f.boss).count == all.count - 2)
        #expect(try f.db.auditEntries(AuditFilter(limit: 2, newestFirst: true), as: f.boss).map(\.id) == [all[all.count - 1].id, all[all.count - 2].id])
        #expect(try f.db.recentAudit(about: "alice", limit: 5, as: f.boss).map(\.action) == ["user.update", "user.create"])
    }

    @Test("export streams the same rows list finds, prefix filters included")
    func exportMatchesList() throws {
        let f = try Self.fixture()
        for filter in [AuditFilter(), AuditFilter(action: "user.*"), AuditFilter(action: "outbox.sent"), AuditFilter(actor: "boss", target: "jdoe")] {
            var exported: [AuditEntry] = []
            try f.db.forEachAuditEntry(filter, as: f.boss) { exported.append($0) }
            let listed = try f.db.auditEntries(filter, as: f.boss)
            #expect(!listed.isEmpty)
            #expect(exported == listed, "filter \(filter)")
        }
    }
}
