import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Stale-flag owner reminders through the outbox: once per flag per period, only for stale
/// flags, only to an owner who is an active account with an email (the others reported),
/// each one audited.
@Suite("Stale-flag owner reminders")
struct FlagReminderTests {
    let f: StoreFixture

    init() throws {
        f = try StoreFixture()
        try f.add("ana", [.devops])
    }

    func reminders() throws -> [OutboxMessage] {
        try f.db.outbox(limit: 1_000, as: f.boss).filter { $0.kind == AppDatabase.flagReminderKind }
    }

    @Test("a stale flag's owner is mailed once per period; a fresh flag and an unknown owner are not")
    func oncePerPeriod() throws {
        _ = try f.db.createFlag(FeatureFlag(key: "old-checkout", kind: .boolean, variants: ["on": true, "off": false], defaultVariant: "off", owner: "ana"),
                                as: f.boss)
        _ = try f.db.createFlag(FeatureFlag(key: "orphan", kind: .boolean, variants: ["on": true, "off": false], defaultVariant: "off", owner: "nobody"),
                                as: f.boss)
        #expect(try f.db.remindStaleFlagOwners(days: 30, at: f.clock.now()).queued.isEmpty, "nothing is stale yet")
        f.clock.advance(by: 31 * 86_400)
        _ = try f.db.createFlag(FeatureFlag(key: "fresh", kind: .boolean, variants: ["on": true, "off": false], defaultVariant: "off", owner: "ana"),
                                as: f.boss)
        let first = try f.db.remindStaleFlagOwners(days: 30, at: f.clock.now())
        #expect(first == FlagReminderReport(queued: ["old-checkout"], unreachable: ["orphan (nobody)"]))
        let mail = try #require(try reminders().first)
        #expect(mail.to == "ana@example.com" && mail.subject == "Stale feature flag old-checkout: time to clean it up")
        #expect(mail.body.contains("never evaluated") && mail.body.contains("pmops flags show old-checkout"))
        f.clock.advance(by: 6 * 86_400)
        #expect(try f.db.remindStaleFlagOwners(days: 30, at: f.clock.now()).queued.isEmpty, "within the period: no second mail")
        f.clock.advance(by: 2 * 86_400)
        #expect(try f.db.remindStaleFlagOwners(days: 30, at: f.clock.now()).queued == ["old-checkout"], "a new period: one more")
        #expect(try reminders().count == 2)
        #expect(try f.db.auditEntries(AuditFilter(action: "flag.remind"), as: f.boss).count == 2)
        #expect(try f.db.verifyAudit(as: f.boss).ok)
    }
}
