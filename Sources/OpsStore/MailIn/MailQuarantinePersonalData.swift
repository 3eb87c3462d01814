internal import GRDB

/// Mail that mail-in could not place: messages the purged person sent are deleted, bytes
/// and all (a quarantined message is a copy of their mail); their name and address are
/// redacted from the sender, subject and reason of the rest. Another message's raw bytes
/// are kept as received: redacting inside them would change what was quarantined.
public struct MailQuarantinePersonalData: PersonalDataEraser {
    public init() {}
    public var kind: String { "mail_quarantine" }
    public func erase(_ person: PurgedPerson, in transaction: StoreTransaction) throws -> Int {
        let db = transaction.db
        guard !person.email.isEmpty else { return try redact(person, table: "mail_quarantine", columns: ["sender", "subject", "reason"], db: db) }
        try db.execute(sql: "DELETE FROM mail_quarantine WHERE instr(lower(COALESCE(sender, '')), lower(?)) > 0", arguments: [person.email])
        let deleted = db.changesCount
        return deleted + (try redact(person, table: "mail_quarantine", columns: ["sender", "subject", "reason"], db: db))
    }
}
