internal import GRDB

/// Alerts naming a purged person: an assignee given as their name or address becomes
/// their login (what the rest of the queue uses), and the name and address are redacted
/// from notes, close reasons, history notes, silence comments and annotations. Logins
/// stay: they are how history and the audit trail name people.
public struct AlertPersonalData: PersonalDataEraser {
    public init() {}
    public var kind: String { "alerts" }
    public func erase(_ person: PurgedPerson, in transaction: StoreTransaction) throws -> Int {
        let db = transaction.db
        try db.execute(sql: "UPDATE alert SET assignee = ? WHERE assignee IN (?, ?)",
                       arguments: [person.login, person.email, person.displayName])
        var changed = db.changesCount
        changed += try redact(person, table: "alert", columns: ["ack_note", "close_reason"], db: db)
        changed += try redact(person, table: "alert_event", columns: ["note"], db: db)
        changed += try redact(person, table: "silence", columns: ["comment"], db: db)
        for value in [person.email, person.displayName] where !value.isEmpty {
            // Annotations are JSON: a replacement that would make it invalid is skipped.
            try db.execute(sql: """
                UPDATE alert SET annotations = replace(annotations, ?1, ?2)
                WHERE instr(annotations, ?1) > 0 AND json_valid(replace(annotations, ?1, ?2))
                """, arguments: [value, PurgedPerson.redacted])
            changed += db.changesCount
        }
        return changed
    }
}
