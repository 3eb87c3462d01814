import Crypto
import Foundation
internal import GRDB
import OpsCore

/// One environment's effective configuration at a revision: what `config show` lists and
/// `config export` writes.
public struct ConfigSnapshot: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let value: String
        /// 0 while the key is at its compiled-in default.
        public let version: Int
    }

    public let environment: ConfigEnvironment
    public let revision: Int
    public let entries: [Entry]

    public var values: [String: String] { Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) }) }

    /// SHA-256 (lowercase hex) of the canonical form: one `key=value` line per key in key
    /// order, so the hash does not depend on the file format it was written in.
    public var sha256: String { Self.digest(values) }

    public static func digest(_ values: [String: String]) -> String {
        let canonical = values.keys.sorted().map { "\($0)=\(values[$0] ?? "")\n" }.joined()
        return SHA256.hash(data: Data(canonical.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// One version of a key in one environment.
public struct ConfigKeyVersion: Sendable, Equatable {
    public let key: String
    public let environment: ConfigEnvironment
    public let version: Int
    public let revision: Int
    public let value: String
    public let previous: String
    public let changeSet: Int64
}

/// One step of a change set's life.
public struct ConfigHistoryEntry: Sendable, Equatable {
    public let changeSet: Int64
    public let action: String
    public let environment: ConfigEnvironment?
    public let by: String
    public let at: Date
    public let note: String?
}

extension AppDatabase {
    static func loadChangeSet(_ id: Int64, db: Database) throws -> ConfigChangeSet {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM config_change_set WHERE id = ?", arguments: [id]) else {
            throw OpsError.notFound("No configuration change set \(id).")
        }
        let items = try Row.fetchAll(db, sql: "SELECT key, environment, value FROM config_change_item WHERE change_set = ? ORDER BY key, environment DESC",
                                     arguments: [id]).map { item in
            ConfigChangeSet.Item(key: item["key"], environment: ConfigEnvironment(rawValue: item["environment"] as String) ?? .staging, value: item["value"])
        }
        func date(_ column: String) -> Date { (row[column] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0) }
        return ConfigChangeSet(id: row["id"], status: ConfigChangeSet.Status(rawValue: row["status"] as String) ?? .draft, rationale: row["rationale"],
                               impact: row["impact"], author: row["author"], approver: row["approver"], rejectReason: row["reject_reason"],
                               rollbackOf: row["rollback_of"], createdAt: date("created_at"), updatedAt: date("updated_at"), items: items)
    }

    static func currentRevision(_ env: ConfigEnvironment, db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT max(revision) FROM config_revision WHERE environment = ?", arguments: [env.rawValue]) ?? 0
    }

    /// The configuration of `env` as of `revision` (default: now).
    static func snapshot(_ env: ConfigEnvironment, revision: Int?, registry: PlatformRegistry, db: Database) throws -> ConfigSnapshot {
        let current = try currentRevision(env, db: db)
        let at = revision ?? current
        guard at >= 0, at <= current else {
            throw OpsError.notFound("\(env) has no revision \(at); its latest is \(current).")
        }
        var latest: [String: (String, Int)] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT key, value, max(version) AS version FROM config_value WHERE environment = ? AND revision <= ? GROUP BY key
            """, arguments: [env.rawValue, at])
        for row in rows { latest[row["key"]] = (row["value"], row["version"]) }
        let entries = registry.schemas.map { schema in
            let found = latest[schema.key]
            return ConfigSnapshot.Entry(key: schema.key, value: found?.0 ?? schema.defaultValue, version: found?.1 ?? 0)
        }
        return ConfigSnapshot(environment: env, revision: at, entries: entries)
    }

    static func history(_ db: Database, action: String, set: Int64, env: ConfigEnvironment?, by: String, at: Date, note: String? = nil) throws {
        try db.execute(sql: "INSERT INTO config_history (change_set, action, environment, by, at, note) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [set, action, env?.rawValue, by, Timestamp.format(at), note])
    }

    /// The `changes` record of a config apply, with its audit row, in the caller's transaction.
    func recordConfigChange(version: String, context: ActorContext, actor: String, at: Date, db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO change_event (kind, service, version, status, by, at, link, recorded_by, recorded_at) VALUES ('config', 'platform-config', ?, 'succeeded', ?, ?, NULL, ?, ?)
            """, arguments: [version, actor, Timestamp.format(at), actor, Timestamp.format(at)])
        let id = db.lastInsertedRowID
        try audit(AuditChain.Record(action: "change.record", target: "change \(id)",
                                    after: .object(["kind": .string("config"), "service": .string("platform-config"),
                                                    "status": .string("succeeded"), "version": .string(version)])), context, db: db)
        return id
    }
}
