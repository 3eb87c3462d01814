import Foundation
internal import GRDB
import OpsCore

/// A flag with its bookkeeping: version, when the rollout reached its step, last evaluation.
public struct StoredFlag: Sendable, Equatable {
    public let flag: FeatureFlag
    public let version: Int
    public let rolloutAt: Date?
    public let createdAt: Date
    public let updatedAt: Date
    public let lastEvaluatedAt: Date?
}

/// One entry of a flag's history.
public struct FlagVersion: Sendable, Equatable {
    public let version: Int
    public let action: String
    public let flag: FeatureFlag
    public let by: String
    public let at: Date
}

/// Flags: create, change, roll out, kill. Each action is one transaction with the flag row,
/// its version row, the audit row and a `flag` change event.
extension AppDatabase {
    public func createFlag(_ flag: FeatureFlag, as context: ActorContext) throws(OpsError) -> StoredFlag {
        try FlagValidation.check(flag)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.flagsManage, actor: actor)
            if try Self.loadFlag(flag.key, db: db) != nil { throw OpsError.conflict("Flag \(flag.key) already exists; change it with 'pmops flags set'.") }
            let now = Timestamp.format(clock.now())
            try db.execute(sql: """
                INSERT INTO feature_flag (key, kind, state, definition, killed, rollout_percent, rollout_at, owner, version, created_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                """, arguments: [flag.key, flag.kind.rawValue, flag.state.rawValue, flag.definitionJSON.canonical, flag.killed,
                                 flag.rollout?.percent, flag.rollout == nil ? nil : now, flag.owner, actor.login, now, now])
            try recordFlagVersion(flag, version: 1, action: "create", before: nil, actor: actor.login, context, db: db)
            return try Self.loadFlag(flag.key, db: db).orThrow(flag.key)
        }
    }

    /// Applies `change` to the current definition and stores the result as the next version.
    /// `change` sees the stored flag, so step-order and kill checks run inside the transaction.
    public func updateFlag(_ key: String, action: String, as context: ActorContext,
                           _ change: @escaping (StoredFlag) throws(OpsError) -> FeatureFlag) throws(OpsError) -> StoredFlag {
        let key = try FlagValidation.key(key)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.flagsManage, actor: actor)
            guard let stored = try Self.loadFlag(key, db: db) else { throw OpsError.notFound("No flag \(key); 'pmops flags list' shows the flags.") }
            let flag = try change(stored)
            try FlagValidation.check(flag)
            guard flag != stored.flag else { throw OpsError.invalid(field: "flag", message: "That changes nothing in \(key).") }
            let now = clock.now()
            try Self.flagGateStep(key, action: action, step: flag.rollout?.percent, at: now, db: db)
            let rolloutAt: Date? = flag.rollout == nil ? nil : (flag.rollout == stored.flag.rollout ? stored.rolloutAt : now)
            let version = stored.version + 1
            try db.execute(sql: """
                UPDATE feature_flag SET state = ?, definition = ?, killed = ?, rollout_percent = ?, rollout_at = ?, owner = ?, version = ?, updated_at = ?
                WHERE key = ?
                """, arguments: [flag.state.rawValue, flag.definitionJSON.canonical, flag.killed, flag.rollout?.percent,
                                 rolloutAt.map(Timestamp.format), flag.owner, version, Timestamp.format(now), key])
            try recordFlagVersion(flag, version: version, action: action, before: stored.flag, actor: actor.login, context, db: db)
            return try Self.loadFlag(key, db: db).orThrow(key)
        }
    }

    private func recordFlagVersion(_ flag: FeatureFlag, version: Int, action: String, before: FeatureFlag?, actor: String,
                                   _ context: ActorContext, db: Database) throws {
        let now = Timestamp.format(clock.now())
        try db.execute(sql: "INSERT INTO feature_flag_version (flag, version, action, definition, by, at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [flag.key, version, action, flag.definitionJSON.canonical, actor, now])
        try db.execute(sql: """
            INSERT INTO change_event (kind, service, version, status, by, at, link, recorded_by, recorded_at) VALUES ('flag', ?, ?, 'succeeded', ?, ?, NULL, ?, ?)
            """, arguments: [flag.key, "v\(version)", actor, now, actor, now])
        try audit(AuditChain.Record(action: "flag.\(action)", target: "flag \(flag.key)", before: before?.definitionJSON,
                                    after: flag.definitionJSON), context, db: db)
    }

    public func flags(as context: ActorContext) throws(OpsError) -> [StoredFlag] {
        try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: "SELECT * FROM feature_flag ORDER BY key").map { row throws(OpsError) in try Self.storedFlag(row) }
        }
    }

    public func flag(_ key: String, as context: ActorContext) throws(OpsError) -> StoredFlag {
        let key = try FlagValidation.key(key)
        return try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            guard let stored = try Self.loadFlag(key, db: db) else { throw OpsError.notFound("No flag \(key); 'pmops flags list' shows the flags.") }
            return stored
        }
    }

    public func flagHistory(_ key: String, as context: ActorContext) throws(OpsError) -> [FlagVersion] {
        let key = try FlagValidation.key(key)
        return try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: "SELECT * FROM feature_flag_version WHERE flag = ? ORDER BY version", arguments: [key]).map { row throws(OpsError) in
                guard let flag = FeatureFlag(definitionText: row["definition"]), let at = Timestamp.parseStored(row["at"]) else {
                    throw OpsError.store("Flag \(key) has an unreadable version; the store may have been edited by hand.")
                }
                return FlagVersion(version: row["version"], action: row["action"], flag: flag, by: row["by"], at: at)
            }
        }
    }

    /// Notes that `key` was evaluated, at most one write per flag per hour (the stale report
    /// needs days, not seconds). Usage telemetry, not a change: no audit row.
    public func markFlagEvaluated(_ key: String) throws(OpsError) {
        let now = clock.now()
        try write { db in
            try db.execute(sql: "UPDATE feature_flag SET last_evaluated_at = ? WHERE key = ? AND (last_evaluated_at IS NULL OR last_evaluated_at < ?)",
                           arguments: [Timestamp.format(now), key, Timestamp.format(now.addingTimeInterval(-3_600))])
        }
    }

    /// Flags fully rolled out for `days`, or not evaluated (nor created) for `days`.
    public func staleFlags(days: Int, as context: ActorContext) throws(OpsError) -> [(flag: StoredFlag, reason: String)] {
        let cutoff = clock.now().addingTimeInterval(-Double(days) * 86_400)
        return try flags(as: context).compactMap { stored in Self.staleReason(stored, cutoff: cutoff).map { (stored, $0) } }
    }

    static func loadFlag(_ key: String, db: Database) throws -> StoredFlag? {
        try Row.fetchOne(db, sql: "SELECT * FROM feature_flag WHERE key = ?", arguments: [key]).map { row throws(OpsError) in try storedFlag(row) }
    }

    static func storedFlag(_ row: Row) throws(OpsError) -> StoredFlag {
        let key: String = row["key"]
        guard let flag = FeatureFlag(definitionText: row["definition"]), let created = Timestamp.parseStored(row["created_at"]),
              let updated = Timestamp.parseStored(row["updated_at"]) else {
            throw OpsError.store("Flag \(Printable.excerpt(key)) is unreadable; the store may have been edited by hand.")
        }
        let rolloutAt = (row["rollout_at"] as String?).flatMap(Timestamp.parseStored)
        let evaluated = (row["last_evaluated_at"] as String?).flatMap(Timestamp.parseStored)
        return StoredFlag(flag: flag, version: row["version"], rolloutAt: rolloutAt, createdAt: created, updatedAt: updated, lastEvaluatedAt: evaluated)
    }
}

extension Optional where Wrapped == StoredFlag {
    func orThrow(_ key: String) throws(OpsError) -> StoredFlag {
        guard let self else { throw OpsError.store("Flag \(key) vanished while it was written.") }
        return self
    }
}
