import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Open work kept in a table the test creates: what later features (tickets, alerts)
/// will plug in through `OpenWorkProvider`.
struct TableWorkProvider: OpenWorkProvider {
    var kind: String { "tickets" }
    var requiredPermissions: Set<Permission> { [.ticketsManage] }

    static func install(_ db: AppDatabase, items: [(id: String, assignee: String, title: String)]) throws {
        try db.writer.write { db in
            try db.execute(sql: "CREATE TABLE test_work (id TEXT PRIMARY KEY, assignee TEXT NOT NULL, title TEXT NOT NULL)")
            for item in items {
                try db.execute(sql: "INSERT INTO test_work VALUES (?, ?, ?)", arguments: [item.id, item.assignee, item.title])
            }
        }
    }

    func openWork(assignedTo login: String, in transaction: StoreTransaction) throws -> [OpenWorkItem] {
        let db = transaction.db
        return try Row.fetchAll(db, sql: "SELECT id, title FROM test_work WHERE assignee = ? ORDER BY id", arguments: [login])
            .map { OpenWorkItem(kind: kind, id: $0["id"], title: $0["title"]) }
    }

    func reassign(_ change: WorkReassignment, in transaction: StoreTransaction) throws -> Int {
        let db = transaction.db
        try db.execute(sql: "UPDATE test_work SET assignee = ? WHERE assignee = ?", arguments: [change.to, change.from])
        return db.changesCount
    }
}

@Suite("Account lifecycle")
struct LifecycleTests {
    static func count(_ f: StoreFixture, _ sql: String) throws -> Int {
        try f.db.writer.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test("creating an account queues its welcome email and its audit row together")
    func createQueuesWelcome() throws {
        let f = try StoreFixture()
        let account = try f.db.createStaff(NewStaff(login: "jdoe", displayName: "Jane Doe", email: "jdoe@example.com", team: "sre",
                                                    roles: ["ops", "security"]), confirmedPowerGrant: true, as: f.boss)
        #expect(account.version == 1)
        #expect(account.updatedBy == "boss")
        let mail = try #require(try f.db.outbox(as: f.boss).first)
        #expect(mail.kind == "welcome")
        #expect(mail.to == "jdoe@example.com")
        #expect(mail.status == "queued")
        #expect(mail.subject == "Welcome to PenguinOps, Jane Doe")
        #expect(mail.body.contains("login 'jdoe', team sre"))
        #expect(mail.body.contains("  - ops: ") && mail.body.contains("  - security: "))
        let audit = try #require(try f.db.auditEntries(AuditFilter(action: "user.create"), as: f.boss).last)
        #expect(audit.target == "jdoe")
        #expect(audit.actor == "boss")
    }

    @Test("if the audit row or the email cannot be written, the account is not created either",
          arguments: ["audit", "outbox"])
    func createIsOneTransaction(table: String) throws {
        let f = try StoreFixture()
        try f.db.writer.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER fail_insert BEFORE INSERT ON main.\(table) BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        }
        let before = (try Self.count(f, "SELECT count(*) FROM audit"), try Self.count(f, "SELECT count(*) FROM outbox"))
        #expect(throws: OpsError.self) { try f.add("jdoe", [.ops]) }
        #expect(try Self.count(f, "SELECT count(*) FROM staff WHERE login = 'jdoe'") == 0)
        #expect(try Self.count(f, "SELECT count(*) FROM staff_role r JOIN staff s ON s.id = r.staff_id WHERE s.login = 'jdoe'") == 0)
        #expect(try Self.count(f, "SELECT count(*) FROM audit") == before.0)
        #expect(try Self.count(f, "SELECT count(*) FROM outbox") == before.1)
    }

    @Test("deactivation needs a real reason", arguments: [
        ("", "a reason is required to deactivate an account."), ("   \n", "a reason is required to deactivate an account."),
        ("bye\u{1B}[2J", "the reason contains control or escape characters."),
        (String(repeating: "r", count: 501), "the reason is 501 characters; the limit is 500."),
    ])
    func deactivateNeedsReason(reason: String, message: String) throws {
        let f = try StoreFixture()
        try f.add("jdoe", [.ops])
        let before = try f.auditCount()
        let error = opsError { () throws(OpsError) in try f.db.deactivate(login: "jdoe", reason: reason, as: f.boss) }
        #expect(error == .invalid(field: "reason", message: message))
        #expect(try f.account("jdoe").isActive)
        #expect(try f.auditCount() == before)
    }

    @Test("deactivation archives name and email until now + retention, and revokes every role", arguments: [nil, 30] as [Int?])
    func deactivateArchives(retention: Int?) throws {
        let f = try StoreFixture()
        if let retention { try f.db.setSetting(.archiveRetentionDays, to: String(retention), as: f.boss) }
        try f.add("jdoe", [.ops, .security], team: "sre")
        let now = f.clock.now()
        let result = try f.db.deactivate(login: "jdoe", reason: "left the company", as: f.boss)
        let expectedPurge = Timestamp.format(now.addingTimeInterval(Double(retention ?? 90) * 86_400))
        #expect(result.purgeAfter == expectedPurge)
        let account = try f.account("jdoe")
        #expect(account.status == .deactivated)
        #expect(account.displayName == nil && account.email == nil)
        #expect(account.roles.isEmpty)
        #expect(account.team == "sre")
        #expect(account.version == 2)
        let row = try #require(try f.db.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT a.* FROM staff_archive a JOIN staff s ON s.id = a.staff_id WHERE s.login = 'jdoe'")
        })
        #expect(row["display_name"] as String? == "Person jdoe")
        #expect(row["email"] as String? == "jdoe@example.com")
        #expect(row["purge_after"] as String? == expectedPurge)
        #expect(row["reason"] as String? == "left the company")
        #expect(try f.db.archivedStaff(as: f.boss).map(\.login) == ["jdoe"])
    }

    @Test("open work blocks deactivation until it is reassigned")
    func openWorkBlocks() throws {
        let f = try StoreFixture(openWorkProviders: [TableWorkProvider()])
        try TableWorkProvider.install(f.db, items: [("T-1", "jdoe", "Bounce storm at ACME"), ("T-2", "jdoe", "DKIM rotation"), ("T-3", "heir", "Other")])
        try f.add("jdoe", [.support])
        try f.add("heir", [.support])
        #expect(try f.db.openWork(login: "jdoe", as: f.boss).map(\.id) == ["T-1", "T-2"])
        let before = try f.auditCount()
        let blocked = opsError { () throws(OpsError) in try f.db.deactivate(login: "jdoe", reason: "left", as: f.boss) }
        #expect(blocked == .conflict("'jdoe' still owns 2 open item(s): tickets T-1 \"Bounce storm at ACME\"; tickets T-2 \"DKIM rotation\". Reassign them to another active account (reassign-to) first."))
        #expect(blocked?.exitCode == 5)
        #expect(try f.account("jdoe").isActive)
        #expect(try f.auditCount() == before)

        let toSelf = opsError { () throws(OpsError) in try f.db.deactivate(login: "jdoe", reason: "left", reassignTo: "jdoe", as: f.boss) }
        #expect(toSelf == .conflict("Cannot reassign to 'jdoe': choose another active account."))
        let toGhost = opsError { () throws(OpsError) in try f.db.deactivate(login: "jdoe", reason: "left", reassignTo: "ghost", as: f.boss) }
        #expect(toGhost?.exitCode == 3)

        let result = try f.db.deactivate(login: "jdoe", reason: "left", reassignTo: "heir", as: f.boss)
        #expect(result.reassigned == 2)
        #expect(try f.db.openWork(login: "jdoe", as: f.boss).isEmpty)
        #expect(try f.db.openWork(login: "heir", as: f.boss).map(\.id) == ["T-1", "T-2", "T-3"])
        let audit = try #require(try f.db.auditEntries(AuditFilter(action: "user.deactivate"), as: f.boss).last)
        #expect(audit.after?.contains("\"reassigned_items\":2") == true)
        #expect(audit.after?.contains("\"reassigned_to\":\"heir\"") == true)
        #expect(audit.reason == "left")
    }

    @Test("reactivation restores name and email from the archive, without the old roles")
    func reactivate() throws {
        let f = try StoreFixture()
        try f.add("jdoe", [.ops])
        _ = try f.db.deactivate(login: "jdoe", reason: "sabbatical", as: f.boss)
        let back = try f.db.reactivate(login: "jdoe", as: f.boss)
        #expect(back.status == .active)
        #expect(back.displayName == "Person jdoe")
        #expect(back.email == "jdoe@example.com")
        #expect(back.roles.isEmpty)
        #expect(back.version == 3)
        #expect(try f.db.archivedStaff(as: f.boss).isEmpty)
        #expect(opsError { () throws(OpsError) in try f.db.reactivate(login: "jdoe", as: f.boss) } == .conflict("'jdoe' is already active."))
        #expect(opsError { () throws(OpsError) in try f.db.setRoles(login: "jdoe", roles: ["ops"], as: f.boss) } == nil)
    }

    @Test("purge-archived deletes personal data only once the retention date has passed")
    func purge() throws {
        let f = try StoreFixture()
        try f.add("jdoe", [.ops])
        try f.add("kim", [.ops])
        _ = try f.db.deactivate(login: "jdoe", reason: "left", as: f.boss)
        f.clock.advance(by: 10 * 86_400)
        _ = try f.db.deactivate(login: "kim", reason: "left", as: f.boss)
        let before = try f.auditCount()
        f.clock.advance(by: 80 * 86_400 - 1)  // one second before jdoe's purge date
        #expect(try f.db.purgeArchived(as: f.boss).isEmpty)
        #expect(try f.auditCount() == before)
        f.clock.advance(by: 1)
        #expect(try f.db.purgeArchived(as: f.boss) == ["jdoe"])
        #expect(try f.auditCount() == before + 1)
        #expect(try f.db.archivedStaff(as: f.boss).map(\.login) == ["kim"])
        let needsData = opsError { () throws(OpsError) in try f.db.reactivate(login: "jdoe", as: f.boss) }
        #expect(needsData == .invalid(field: "name", message: "the archived name and email of 'jdoe' were purged; give the name and email again."))
        let back = try f.db.reactivate(login: "jdoe", displayName: "Jane Again", email: "jane@example.com", as: f.boss)
        #expect(back.displayName == "Jane Again")
    }

    @Test("a stale expected version is refused naming who changed the account and when", arguments: ["update", "roles", "deactivate"])
    func optimisticConcurrency(operation: String) throws {
        let f = try StoreFixture()
        try f.add("alice", [.admin])
        try f.add("jdoe", [.ops])
        f.clock.advance(by: 60)
        let changedAt = Timestamp.format(f.clock.now())
        let v2 = try f.db.updateStaff(login: "jdoe", changes: StaffChanges(displayName: "First"), expectedVersion: 1, as: f.actor("alice"))
        #expect(v2.version == 2)
        let before = try f.auditCount()
        let error = opsError { () throws(OpsError) in
            switch operation {
            case "update": _ = try f.db.updateStaff(login: "jdoe", changes: StaffChanges(displayName: "Second"), expectedVersion: 1, as: f.boss)
            case "roles": _ = try f.db.setRoles(login: "jdoe", roles: ["readonly"], expectedVersion: 1, as: f.boss)
            default: _ = try f.db.deactivate(login: "jdoe", reason: "x", expectedVersion: 1, as: f.boss)
            }
        }
        #expect(error == .conflict("'jdoe' was changed by alice at \(changedAt) (now version 2, you had 1); reload and try again. Nothing was changed."))
        #expect(error?.exitCode == 5)
        #expect(try f.auditCount() == before)
        let now = try f.account("jdoe")
        #expect(now.displayName == "First" && now.version == 2 && now.roles == [.ops])
    }

    @Test("setting the roles an account already has changes nothing and audits nothing")
    func noOpRoleChange() throws {
        let f = try StoreFixture()
        try f.add("jdoe", [.ops])
        let before = try f.auditCount()
        #expect(try f.db.setRoles(login: "jdoe", roles: ["ops"], as: f.boss).version == 1)
        #expect(try f.auditCount() == before)
    }
}
