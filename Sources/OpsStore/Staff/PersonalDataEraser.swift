internal import GRDB
import OpsCore

/// The archived personal data of one account whose retention date has passed.
public struct PurgedPerson: Equatable, Sendable {
    public var staffID: Int64
    /// Stays in the store: audit rows and history name people by login.
    public var login: String
    public var displayName: String
    public var email: String
    public init(staffID: Int64, login: String, displayName: String, email: String) {
        self.staffID = staffID
        self.login = login
        self.displayName = displayName
        self.email = email
    }

    /// What replaces a name or address inside text that is kept.
    public static let redacted = "[purged]"
}

/// The extension point for features that keep copies of a person's name or email
/// (mail, alert notes, tickets): purge calls every registered eraser inside its
/// transaction, so either every copy goes or none does.
public protocol PersonalDataEraser: Sendable {
    /// A short plural noun for the purge's audit row ("outbox", "alerts").
    var kind: String { get }
    /// Deletes or redacts every copy of `person`'s name and email this feature stored;
    /// returns how many rows changed.
    func erase(_ person: PurgedPerson, in transaction: StoreTransaction) throws -> Int
}

extension PersonalDataEraser {
    /// Replaces the person's name and email inside `columns` of `table`, in the rows that
    /// hold either (exact text; `table` and `columns` are the caller's constants).
    func redact(_ person: PurgedPerson, table: String, columns: [String], db: Database) throws -> Int {
        var changed = 0
        for value in [person.email, person.displayName] where !value.isEmpty {
            for column in columns {
                try db.execute(sql: """
                    UPDATE \(table) SET \(column) = replace(\(column), ?1, ?2) WHERE instr(\(column), ?1) > 0
                    """, arguments: [value, PurgedPerson.redacted])
                changed += db.changesCount
            }
        }
        return changed
    }
}
