internal import GRDB

/// HR-import rows that waited for onboarding: the purged person's own rows (by login or
/// address) are deleted, whatever their status; their name and address are redacted from
/// every other row's reason.
public struct PendingOnboardingPersonalData: PersonalDataEraser {
    public init() {}
    public var kind: String { "pending_onboarding" }
    public func erase(_ person: PurgedPerson, in transaction: StoreTransaction) throws -> Int {
        let db = transaction.db
        try db.execute(sql: "DELETE FROM pending_onboarding WHERE login = ? OR (email <> '' AND email = ? COLLATE NOCASE)",
                       arguments: [person.login, person.email])
        let deleted = db.changesCount
        return deleted + (try redact(person, table: "pending_onboarding", columns: ["display_name", "email", "reason"], db: db))
    }
}
