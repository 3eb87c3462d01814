import Foundation
internal import GRDB
import OpsCore

/// What `config show`, `diff`, `export` and the console read (changes.read).
extension AppDatabase {
    public func configChangeSet(_ id: Int64, as context: ActorContext) throws(OpsError) -> ConfigChangeSet {
        try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Self.loadChangeSet(id, db: db)
        }
    }

    /// Change sets newest first; `openOnly` leaves out rejected, verified and rolled-back ones.
    public func configChangeSets(openOnly: Bool = false, limit: Int = 100, as context: ActorContext) throws(OpsError) -> [ConfigChangeSet] {
        try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM config_change_set \(openOnly ? "WHERE status NOT IN ('rejected','production_verified','rolled_back')" : "") ORDER BY id DESC LIMIT ?
                """, arguments: [max(1, limit)])
            return try ids.map { id in try Self.loadChangeSet(id, db: db) }
        }
    }

    public func configHistory(_ id: Int64, as context: ActorContext) throws(OpsError) -> [ConfigHistoryEntry] {
        try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            _ = try Self.loadChangeSet(id, db: db)
            return try Row.fetchAll(db, sql: "SELECT * FROM config_history WHERE change_set = ? ORDER BY id", arguments: [id]).map { row in
                ConfigHistoryEntry(changeSet: row["change_set"], action: row["action"],
                                   environment: (row["environment"] as String?).flatMap(ConfigEnvironment.init(rawValue:)), by: row["by"],
                                   at: (row["at"] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0), note: row["note"])
            }
        }
    }

    /// The effective configuration of `env` at `revision` (default: the latest).
    public func configSnapshot(_ env: ConfigEnvironment, revision: Int? = nil, registry: PlatformRegistry = .penguinMails,
                               as context: ActorContext) throws(OpsError) -> ConfigSnapshot {
        try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Self.snapshot(env, revision: revision, registry: registry, db: db)
        }
    }

    /// Every version of `key` in `env`, oldest first (version 0, the default, is implied).
    public func configKeyVersions(_ key: String, env: ConfigEnvironment, registry: PlatformRegistry = .penguinMails,
                                  as context: ActorContext) throws(OpsError) -> [ConfigKeyVersion] {
        let schema = try registry.schema(key)
        return try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: "SELECT * FROM config_value WHERE environment = ? AND key = ? ORDER BY version",
                                    arguments: [env.rawValue, schema.key]).map { row in
                ConfigKeyVersion(key: row["key"], environment: env, version: row["version"], revision: row["revision"], value: row["value"],
                                 previous: row["previous"], changeSet: row["change_set"])
            }
        }
    }
}
