import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Alert rows: one open row per fingerprint, occurrences count firings, and every change
/// into or out of firing writes an audit row by "collector" in the same transaction.
@Suite("Alert rows")
struct MetricsAlertTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func upsert(_ status: AlertStatus, at offset: TimeInterval, fingerprint: String = "fp-1",
                       severity: AlertSeverity = .critical, value: Double? = 97.5) -> AlertSignal {
        AlertSignal(fingerprint: fingerprint, rule: "HighCPU", labels: ["host": "web1"], annotations: ["description": "CPU hot"],
                    severity: severity, status: status, summary: "CPU above 90% on web1", runbookURL: "https://runbooks/cpu",
                    value: value, at: t0 + offset, team: "infra")
    }

    static func auditRows(_ db: AppDatabase) throws -> [Row] {
        try db.read { db in try Row.fetchAll(db, sql: "SELECT actor, action, target, before, after, at FROM audit ORDER BY id") }
    }

    @Test("pending → firing → refresh → resolved: occurrences, timestamps and audit rows")
    func lifecycle() throws {
        let db = try AppDatabase(inMemory: ManualClock(Self.t0))
        let pending = try db.upsertAlert(Self.upsert(.pending, at: 0))
        #expect(pending.previousStatus == nil)
        #expect(pending.alert.occurrences == 0)
        #expect(!pending.audited)
        #expect(pending.alert.labels == ["host": "web1", "alertname": "HighCPU"], "a rule alert carries alertname")
        #expect(pending.alert.team == "infra")

        let firing = try db.upsertAlert(Self.upsert(.firing, at: 60))
        #expect(firing.alert.id == pending.alert.id)
        #expect(firing.previousStatus == .pending)
        #expect(firing.alert.occurrences == 1)
        #expect(firing.alert.startsAt == Self.t0)
        #expect(firing.alert.lastSeenAt == Self.t0 + 60)
        #expect(firing.audited)

        let refresh = try db.upsertAlert(Self.upsert(.firing, at: 120, value: 99))
        #expect(refresh.alert.occurrences == 1)
        #expect(refresh.alert.value == 99)
        #expect(refresh.alert.lastSeenAt == Self.t0 + 120)
        #expect(!refresh.audited)

        let resolved = try #require(try db.resolveAlert(fingerprint: "fp-1", at: Self.t0 + 180))
        #expect(resolved.alert.status == .resolved)
        #expect(resolved.alert.endsAt == Self.t0 + 180)
        #expect(resolved.audited)
        #expect(try db.resolveAlert(fingerprint: "fp-1", at: Self.t0 + 240) == nil)
        #expect(try db.openAlerts().isEmpty)

        let audit = try Self.auditRows(db)
        #expect(audit.map { $0["action"] as String } == ["alert.firing", "alert.resolved"])
        #expect(audit.allSatisfy { ($0["actor"] as String) == "collector" && ($0["target"] as String) == "alert:\(pending.alert.id)" })
        #expect((audit[0]["before"] as String?) == #"{"status":"pending"}"#)
        #expect((audit[0]["after"] as String).contains(#""status":"firing""#))
        #expect((audit[1]["at"] as String) == Timestamp.format(Self.t0 + 180))
        #expect(try db.check().problems.isEmpty)
    }

    @Test("a new alert that fires at once counts one occurrence and is audited with no before")
    func firesAtOnce() throws {
        let db = try AppDatabase(inMemory: ManualClock(Self.t0))
        let write = try db.upsertAlert(Self.upsert(.firing, at: 0))
        #expect(write.alert.occurrences == 1)
        #expect(write.audited)
        let row = try #require(try Self.auditRows(db).first)
        #expect((row["before"] as String?) == nil)
    }

    @Test("firing again after resolving starts a new occurrence linked to the previous one")
    func newOccurrence() throws {
        let db = try AppDatabase(inMemory: ManualClock(Self.t0))
        let first = try db.upsertAlert(Self.upsert(.firing, at: 0))
        try db.write { db in try db.execute(sql: "UPDATE alert SET assignee = 'jdoe' WHERE id = ?", arguments: [first.alert.id]) }
        try db.resolveAlert(fingerprint: "fp-1", at: Self.t0 + 100)

        let again = try db.upsertAlert(Self.upsert(.firing, at: 100 + 1800))
        #expect(!again.reopened)
        #expect(again.previousStatus == nil)
        #expect(again.alert.id != first.alert.id)
        #expect(again.alert.previousID == first.alert.id)
        #expect(again.alert.occurrences == 1)
        #expect(again.alert.assignee == nil)
        #expect(again.alert.state == .open)
        #expect(again.alert.startsAt == Self.t0 + 1900)
        #expect(again.audited)
        #expect(try db.alerts(status: .resolved).map(\.id) == [first.alert.id])
        #expect(try db.alerts(status: .resolved).first?.state == .resolved)
    }

    @Test("a pending alert that clears, and pending refreshes, leave no audit rows")
    func pendingIsNotAudited() throws {
        let db = try AppDatabase(inMemory: ManualClock(Self.t0))
        try db.upsertAlert(Self.upsert(.pending, at: 0))
        try db.upsertAlert(Self.upsert(.pending, at: 30))
        let cleared = try #require(try db.resolveAlert(fingerprint: "fp-1", at: Self.t0 + 60))
        #expect(!cleared.audited)
        #expect(cleared.alert.occurrences == 0)
        #expect(try db.auditCount() == 0)
    }

    @Test("firing back to pending is stored and audited as leaving firing")
    func firingToPending() throws {
        let db = try AppDatabase(inMemory: ManualClock(Self.t0))
        try db.upsertAlert(Self.upsert(.firing, at: 0))
        let back = try db.upsertAlert(Self.upsert(.pending, at: 60))
        #expect(back.alert.status == .pending)
        #expect(back.audited)
        let row = try #require(try Self.auditRows(db).last)
        #expect((row["action"] as String) == "alert.pending")
    }

    @Test("the store holds at most one open row per fingerprint")
    func oneOpenRowPerFingerprint() throws {
        let db = try AppDatabase(inMemory: ManualClock(Self.t0))
        try db.upsertAlert(Self.upsert(.firing, at: 0))
        let error = opsError { () throws(OpsError) in
            try db.write { db in
                try db.execute(sql: """
                    INSERT INTO alert (fingerprint, rule, source, labels, severity, status, summary, starts_at, last_seen_at)
                    VALUES ('fp-1', 'r', 'rules', '{}', 'warning', 'pending', 's', 'x', 'x')
                    """)
            }
        }
        #expect(error?.exitCode == 5)
        #expect(opsError { () throws(OpsError) in try db.upsertAlert(Self.upsert(.resolved, at: 10)) }?.exitCode == 2)
    }

    @Test("open alerts come most severe first, then oldest; lists filter by status and limit")
    func listing() throws {
        let db = try AppDatabase(inMemory: ManualClock(Self.t0))
        try db.upsertAlert(Self.upsert(.firing, at: 0, fingerprint: "w-old", severity: .warning))
        try db.upsertAlert(Self.upsert(.pending, at: 10, fingerprint: "c-new", severity: .critical))
        try db.upsertAlert(Self.upsert(.firing, at: 5, fingerprint: "c-old", severity: .critical))
        try db.upsertAlert(Self.upsert(.firing, at: 1, fingerprint: "info", severity: .info))
        try db.resolveAlert(fingerprint: "info", at: Self.t0 + 20)
        #expect(try db.openAlerts().map(\.fingerprint) == ["c-old", "c-new", "w-old"])
        #expect(try db.alerts(status: .firing).map(\.fingerprint) == ["c-old", "w-old"])
        #expect(try db.alerts(limit: 2).count == 2)
        #expect(try db.alerts(status: .resolved).map(\.fingerprint) == ["info"])
        #expect(try db.openAlert(fingerprint: "c-new")?.status == .pending)
    }
}
