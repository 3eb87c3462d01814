import Foundation
internal import GRDB
import OpsCore

/// Overrides: someone covers someone else for a time range. Made or removed by the person
/// covering, the person covered, or a team admin (`OnCallPolicy.checkOverride`); the
/// covering person must be able to take pages. An override outside every shift of the
/// covered person is kept but flagged.
extension AppDatabase {
    @discardableResult
    public func addOnCallOverride(schedule: String, covering: String, covered: String, start: Date, end: Date,
                                  as context: ActorContext) throws(OpsError) -> StoredOverride {
        try OnCallPolicy.validateOverride(covering: covering, covered: covered, start: start, end: end)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            return try Self.insertOverride(schedule: schedule, covering: covering, covered: covered, start: start, end: end,
                                           actor: actor, context: context, database: self, db: db)
        }
    }

    static func insertOverride(schedule name: String, covering: String, covered: String, start: Date, end: Date,
                               actor: StaffAccount, context: ActorContext, database: AppDatabase, db: Database) throws -> StoredOverride {
        let stored = try OnCallStore.schedule(name, db: db)
        try OnCallPolicy.checkOverride(actor: actor, covering: covering, covered: covered, team: stored.schedule.team)
        guard let account = try StaffQueries.find(login: covering, db: db) else {
            throw OpsError.notFound("No staff account \(Printable.excerpt(covering)) to cover.")
        }
        guard account.isActive, account.permissions.contains(OnCallPolicy.pagingPermission) else {
            throw OpsError.conflict("'\(account.login)' cannot take pages (deactivated or lacking \(OnCallPolicy.pagingPermission.rawValue)); choose someone who can.")
        }
        guard try StaffQueries.find(login: covered, db: db) != nil else {
            throw OpsError.notFound("No staff account \(Printable.excerpt(covered)) to be covered.")
        }
        let flagged = !(try OnCallResolver(stored.schedule).hasShift(covered, from: start, to: end))
        let now = database.clock.now()
        try db.execute(sql: """
            INSERT INTO oncall_override (schedule, covering, covered, starts_at, ends_at, created_by, created_at, flagged)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [name, account.login, covered, Timestamp.format(start), Timestamp.format(end), actor.login, Timestamp.format(now), flagged ? 1 : 0])
        let id = db.lastInsertedRowID
        let after: JSONValue = ["schedule": .string(name), "covering": .string(account.login), "covered": .string(covered),
                                "start": .string(Timestamp.format(start)), "end": .string(Timestamp.format(end)), "flagged": .bool(flagged)]
        try database.audit(AuditChain.Record(action: "oncall.override.add", target: "override:\(id)", after: after), context, db: db)
        return StoredOverride(override: OnCallOverride(id: id, schedule: name, covering: account.login, covered: covered, start: start, end: end,
                                                       createdBy: actor.login, createdAt: now), flagged: flagged)
    }

    /// Overrides still running or to come (with `past`, also those that ended).
    public func onCallOverrides(schedule: String? = nil, past: Bool = false, as context: ActorContext) throws(OpsError) -> [StoredOverride] {
        let now = clock.now()
        return try read { db in
            try AccessPolicy.require(OnCallPolicy.readPermission, actor: try resolveActor(context, db: db))
            if let schedule { _ = try OnCallStore.schedule(schedule, db: db) }
            return try OnCallStore.overrides(schedule: schedule, from: past ? .distantPast : now, to: .distantFuture, db: db)
        }
    }

    public func removeOnCallOverride(id: Int64, as context: ActorContext) throws(OpsError) {
        try write { db in
            let actor = try resolveActor(context, db: db)
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM oncall_override WHERE id = ?", arguments: [id]) else {
                throw OpsError.notFound("No override \(id); see pmops oncall override list.")
            }
            let stored = OnCallStore.override(row)
            let schedule = try OnCallStore.schedule(stored.override.schedule, db: db)
            try OnCallPolicy.checkOverride(actor: actor, covering: stored.override.covering, covered: stored.override.covered, team: schedule.schedule.team)
            try db.execute(sql: "DELETE FROM oncall_override WHERE id = ?", arguments: [id])
            let before: JSONValue = ["schedule": .string(stored.override.schedule), "covering": .string(stored.override.covering),
                                     "covered": .string(stored.override.covered), "start": .string(Timestamp.format(stored.override.start)),
                                     "end": .string(Timestamp.format(stored.override.end))]
            try audit(AuditChain.Record(action: "oncall.override.remove", target: "override:\(id)", before: before), context, db: db)
        }
    }

    /// Overrides from an iCalendar export ("COVERING covers COVERED" events), all or none.
    public func importOnCallOverrides(_ ics: String, file: String, schedule: String, as context: ActorContext) throws(OpsError) -> [StoredOverride] {
        let imported = try ICalendar.importOverrides(ics, file: file)
        var errors: [FieldError] = []
        for item in imported {
            do { try OnCallPolicy.validateOverride(covering: item.covering, covered: item.covered, start: item.start, end: item.end) } catch {
                errors += error.fieldErrors.map { FieldError(field: "\(file):\(item.line)", message: $0.message) }
            }
        }
        if !errors.isEmpty { throw .invalidFields(errors) }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            var out: [StoredOverride] = []
            for item in imported {
                do {
                    out.append(try Self.insertOverride(schedule: schedule, covering: item.covering, covered: item.covered, start: item.start,
                                                       end: item.end, actor: actor, context: context, database: self, db: db))
                } catch let error as OpsError {
                    // One event refused: nothing is imported, and the sentence says which.
                    switch error {
                    case let .permissionDenied(text): throw OpsError.permissionDenied("\(text) (\(file):\(item.line); nothing was imported)")
                    case let .notFound(text): throw OpsError.notFound("\(text) (\(file):\(item.line); nothing was imported)")
                    case let .conflict(text): throw OpsError.conflict("\(text) (\(file):\(item.line); nothing was imported)")
                    default: throw error
                    }
                }
            }
            return out
        }
    }
}
