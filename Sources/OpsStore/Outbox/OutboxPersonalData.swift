internal import GRDB

/// Mail to or about a purged person: messages addressed to them are deleted (welcome
/// mail, pages, notices: sent or not, they are copies of mail to someone who left);
/// their name and address are redacted from every other message.
public struct OutboxPersonalData: PersonalDataEraser {
    public init() {}
    public var kind: String { "outbox" }
    public func erase(_ person: PurgedPerson, in transaction: StoreTransaction) throws -> Int {
        let db = transaction.db
        try db.execute(sql: "DELETE FROM outbox WHERE to_addr = ? COLLATE NOCASE", arguments: [person.email])
        let deleted = db.changesCount
        return deleted + (try redact(person, table: "outbox", columns: ["to_addr", "subject", "body", "last_error"], db: db))
    }
}
