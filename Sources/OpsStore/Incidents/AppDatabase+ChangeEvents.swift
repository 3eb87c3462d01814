import Foundation
internal import GRDB
import OpsCore

/// `changes record` and `changes list`: the record later deployment, config and flag
/// workflows build on. A change is one row and one audit row, never edited.
extension AppDatabase {
    /// How far ahead `--at` may be (clock skew between a CI runner and this host).
    public static let changeFutureSlack: TimeInterval = 3_600

    public func recordChange(_ new: NewChange, as context: ActorContext) throws(OpsError) -> ChangeEvent {
        let service = try IncidentValidation.name(new.service, field: "service")
        let version = try new.version.map { (text) throws(OpsError) in try IncidentValidation.version(text) }
        let link = try new.link.map { (text) throws(OpsError) in try IncidentValidation.link(text) }
        let by = try new.by.map { (text) throws(OpsError) in try IncidentValidation.actor(text) }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.changesRecord, actor: actor)
            let now = clock.now()
            let at = new.at ?? now
            if at > now.addingTimeInterval(Self.changeFutureSlack) {
                throw OpsError.invalid(field: "at", message: "\(Timestamp.format(at)) is more than an hour ahead; a change is recorded when it happens.")
            }
            try db.execute(sql: """
                INSERT INTO change_event (kind, service, version, status, by, at, link, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [new.kind.rawValue, service, version, new.status.rawValue, by ?? actor.login, Timestamp.format(at), link, actor.login,
                                 Timestamp.format(now)])
            let id = db.lastInsertedRowID
            try audit(AuditChain.Record(action: "change.record", target: "change \(id)",
                                        after: .object(["kind": .string(new.kind.rawValue), "service": .string(service),
                                                        "status": .string(new.status.rawValue), "version": version.map(JSONValue.string) ?? .null])),
                      context, db: db)
            guard let change = try ChangeEvent.fetchOne(db, sql: "SELECT * FROM change_event WHERE id = ?", arguments: [id]) else {
                throw OpsError.store("Change \(id) vanished while it was recorded.")
            }
            try IncidentAutoEntries.change(change, actor: actor.login, impersonator: context.impersonator, at: now, db: db)
            return change
        }
    }

    /// Changes since `since`, newest first, for one service (through `change_event_service_at`) or all.
    public func changes(service: String? = nil, since: Date, limit: Int = 200, as context: ActorContext) throws(OpsError) -> [ChangeEvent] {
        let service = try service.map { (text) throws(OpsError) in try IncidentValidation.name(text, field: "service") }
        return try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            if let service {
                return try ChangeEvent.fetchAll(db, sql: """
                    SELECT * FROM change_event INDEXED BY change_event_service_at WHERE service = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?
                    """, arguments: [service, Timestamp.format(since), max(1, limit)])
            }
            return try ChangeEvent.fetchAll(db, sql: """
                SELECT * FROM change_event INDEXED BY change_event_at WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?
                """, arguments: [Timestamp.format(since), max(1, limit)])
        }
    }

    /// The "what changed?" query: changes to `services` in the day before `detected`.
    public func changesBefore(services: [String], detected: Date, limit: Int = 50, as context: ActorContext) throws(OpsError) -> [ChangeEvent] {
        try read { db in
            try AccessPolicy.require(.incidentsRead, actor: try resolveActor(context, db: db))
            return try Self.suspects(services: services, detected: detected, limit: limit, db: db)
        }
    }
}
