import Foundation
internal import GRDB
import OpsCore

/// Applying, verifying and rolling back configuration change sets.
extension AppDatabase {
    /// Applies an approved change set to staging, or a staging-verified one to production:
    /// the rules are checked again on the resulting configuration (another set may have
    /// landed since the review), a new revision and one version per key are written, with
    /// the `changes` event and the audit rows.
    public func applyConfigChange(_ id: Int64, to env: ConfigEnvironment, registry: PlatformRegistry = .penguinMails,
                                  as context: ActorContext) throws(OpsError) -> ConfigChangeSet {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.configPropose, actor: actor)
            return try applyLocked(id, to: env, registry: registry, by: actor.login, context: context, now: clock.now(), db: db)
        }
    }

    /// The apply itself, in the caller's transaction, by `login` (a person, or the collector
    /// applying an automatic rollback). A set that is not itself a rollback opens its health
    /// gate in `env`.
    func applyLocked(_ id: Int64, to env: ConfigEnvironment, registry: PlatformRegistry, by login: String, context: ActorContext,
                     now: Date, db: Database) throws -> ConfigChangeSet {
        let before = try Self.loadChangeSet(id, db: db)
        let next = try ConfigLifecycle.next(before.status, env == .staging ? .applyStaging : .applyProduction, id: id)
        let items = before.items(in: env)
        let current = try Self.snapshot(env, revision: nil, registry: registry, db: db)
        var values = current.values
        for item in items { values[item.key] = item.value }
        try ConfigRules.refuse(ConfigRules.evaluate(ConfigView(environment: env, values: values, registry: registry)))
        var revision = current.revision
        if !items.isEmpty {
            revision += 1
            try db.execute(sql: "INSERT INTO config_revision (environment, revision, change_set, at, by) VALUES (?, ?, ?, ?, ?)",
                           arguments: [env.rawValue, revision, id, Timestamp.format(now), login])
            let versions = Dictionary(uniqueKeysWithValues: current.entries.map { ($0.key, $0) })
            for item in items {
                let old = versions[item.key]
                try db.execute(sql: """
                    INSERT INTO config_value (environment, key, version, revision, value, previous, change_set) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [env.rawValue, item.key, (old?.version ?? 0) + 1, revision, item.value,
                                     old?.value ?? registry[item.key]?.defaultValue ?? "", id])
            }
        }
        try db.execute(sql: "UPDATE config_change_set SET status = ?, updated_at = ? WHERE id = ?", arguments: [next.rawValue, Timestamp.format(now), id])
        try Self.history(db, action: "apply", set: id, env: env, by: login, at: now, note: "revision \(revision)")
        // The set rolled back is marked so once the rollback reaches its last environment.
        let lastEnv: ConfigEnvironment = before.items.contains { $0.environment == .production } ? .production : .staging
        if let original = before.rollbackOf, env == lastEnv {
            let target = try Self.loadChangeSet(original, db: db)
            if target.status != .rolledBack {
                _ = try ConfigLifecycle.next(target.status, .rollBack, id: original)
                try db.execute(sql: "UPDATE config_change_set SET status = 'rolled_back', updated_at = ? WHERE id = ?", arguments: [Timestamp.format(now), original])
                try Self.history(db, action: "rolled_back", set: original, env: env, by: login, at: now, note: "by change set \(id)")
                try db.execute(sql: "UPDATE change_gate SET status = 'superseded', closed_at = ? WHERE change_set = ? AND status IN ('pending','watching')",
                               arguments: [Timestamp.format(now), original])
            }
        }
        let kind = before.rollbackOf.map { "rollback of cs-\($0)" } ?? "apply"
        let change = try recordConfigChange(version: "cs-\(id) \(kind) \(env) r\(revision)", context: context, actor: login, at: now, db: db)
        if before.rollbackOf == nil { try Self.openConfigGate(set: id, env: env, at: now, db: db) }
        let after = try Self.loadChangeSet(id, db: db)
        try audit(AuditChain.Record(action: "config.apply", target: "config change set \(id)",
                                    before: .object(["status": .string(before.status.rawValue)]),
                                    after: .object(["status": .string(after.status.rawValue), "environment": .string(env.rawValue),
                                                    "revision": .int(Int64(revision)), "change": .int(change)])),
                  context, db: db)
        return after
    }

    /// A person marks the environment a change set was applied to as verified.
    public func verifyConfigChange(_ id: Int64, env: ConfigEnvironment, note: String?, as context: ActorContext) throws(OpsError) -> ConfigChangeSet {
        if let note, note.count > 2_000 { throw .invalid(field: "note", message: "keep the note under 2,000 characters.") }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.configPropose, actor: actor)
            let before = try Self.loadChangeSet(id, db: db)
            let next = try ConfigLifecycle.next(before.status, env == .staging ? .verifyStaging : .verifyProduction, id: id)
            let now = clock.now()
            try db.execute(sql: "UPDATE config_change_set SET status = ?, updated_at = ? WHERE id = ?", arguments: [next.rawValue, Timestamp.format(now), id])
            try Self.history(db, action: "verify", set: id, env: env, by: actor.login, at: now, note: note)
            try audit(AuditChain.Record(action: "config.verify", target: "config change set \(id)",
                                        before: .object(["status": .string(before.status.rawValue)]),
                                        after: .object(["status": .string(next.rawValue), "environment": .string(env.rawValue)]), reason: note),
                      context, db: db)
            return try Self.loadChangeSet(id, db: db)
        }
    }

    /// Drafts (and submits) the change set that restores every key a set changed to the
    /// value it replaced, in each environment it reached. Refused when a later set changed
    /// one of those keys since: rolling back over it would silently undo that one too.
    public func rollbackConfigChange(_ id: Int64, rationale: String, registry: PlatformRegistry = .penguinMails,
                                     as context: ActorContext) throws(OpsError) -> ConfigChangeSet {
        try write { db in
            let assignments = try Self.rollbackItems(of: id, db: db)
            return try createLocked(assignments, rationale: rationale, rollbackOf: id, registry: registry, context: context, db: db)
        }
    }

    /// What rolling back `id` writes: each key it changed, in each environment it reached,
    /// back to the value it replaced; refused when a later set changed one of those keys.
    static func rollbackItems(of id: Int64, db: Database) throws -> [ConfigChangeSet.Item] {
        let target = try Self.loadChangeSet(id, db: db)
        _ = try ConfigLifecycle.next(target.status, .rollBack, id: id)
        var assignments: [ConfigChangeSet.Item] = []
        for row in try Row.fetchAll(db, sql: "SELECT environment, key, version, previous FROM config_value WHERE change_set = ? ORDER BY environment DESC, key",
                                    arguments: [id]) {
            let env = ConfigEnvironment(rawValue: row["environment"] as String) ?? .staging
            let key: String = row["key"]
            let latest = try Row.fetchOne(db, sql: "SELECT version, change_set FROM config_value WHERE environment = ? AND key = ? ORDER BY version DESC LIMIT 1",
                                          arguments: [env.rawValue, key])
            if let latest, (latest["change_set"] as Int64) != id {
                throw OpsError.conflict("Cannot roll back change set \(id): change set \(latest["change_set"] as Int64) changed \(key) in \(env) since; roll that one back first.")
            }
            assignments.append(.init(key: key, environment: env, value: row["previous"]))
        }
        return assignments
    }

    /// Drafts (and submits) the change set that sets `key` in `env` back to `version`
    /// (0: its compiled-in default).
    public func rollbackConfigKey(_ key: String, env: ConfigEnvironment, toVersion version: Int, rationale: String,
                                  registry: PlatformRegistry = .penguinMails, as context: ActorContext) throws(OpsError) -> ConfigChangeSet {
        let schema = try registry.schema(key)
        return try write { db in
            let value: String
            if version == 0 {
                value = schema.defaultValue
            } else if let stored = try String.fetchOne(db, sql: "SELECT value FROM config_value WHERE environment = ? AND key = ? AND version = ?",
                                                       arguments: [env.rawValue, key, version]) {
                value = stored
            } else {
                throw OpsError.notFound("\(key) has no version \(version) in \(env); `pmops config show --key \(key)` lists them.")
            }
            return try createLocked([.init(key: key, environment: env, value: value)], rationale: rationale, rollbackOf: nil, registry: registry,
                                    context: context, db: db)
        }
    }

    func createLocked(_ items: [ConfigChangeSet.Item], rationale: String, rollbackOf: Int64?, registry: PlatformRegistry,
                      context: ActorContext, db: Database) throws -> ConfigChangeSet {
        let actor = try resolveActor(context, db: db)
        try AccessPolicy.require(.configPropose, actor: actor)
        let text = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 2_000 else {
            throw OpsError.invalid(field: "rationale", message: "a rollback needs a rationale (under 2,000 characters): what went wrong.")
        }
        let now = clock.now()
        let id = try Self.insertRollbackDraft(items, rationale: text, rollbackOf: rollbackOf, author: actor.login, registry: registry, at: now, db: db)
        let set = try submitLocked(try Self.loadChangeSet(id, db: db), actor: actor.login, registry: registry, now: now, db: db)
        try audit(AuditChain.Record(action: "config.rollback", target: "config change set \(id)", after: Self.json(set)), context, db: db)
        return set
    }

    /// The draft of a rollback set (conflicts and rules checked), by `author`; its id.
    static func insertRollbackDraft(_ items: [ConfigChangeSet.Item], rationale: String, rollbackOf: Int64?, author: String,
                                    registry: PlatformRegistry, at now: Date, db: Database) throws -> Int64 {
        guard !items.isEmpty else { throw OpsError.conflict("Nothing to roll back: the change set wrote no values.") }
        try checkProposal(items, except: rollbackOf.map { [$0] } ?? [], registry: registry, db: db)
        try db.execute(sql: """
            INSERT INTO config_change_set (status, rationale, impact, author, rollback_of, created_at, updated_at) VALUES ('draft', ?, ?, ?, ?, ?, ?)
            """, arguments: [rationale, rollbackOf.map { "Rolls back change set \($0)." }, author, rollbackOf, Timestamp.format(now), Timestamp.format(now)])
        let id = db.lastInsertedRowID
        try insertItems(items, set: id, db: db)
        try history(db, action: "draft", set: id, env: nil, by: author, at: now, note: rollbackOf.map { "rollback of change set \($0)" })
        return id
    }
}
