import Foundation
internal import GRDB
import OpsCore

/// What a store file holds and whether it can be trusted, found without writing to it:
/// the backup checks its copy with it before the rename, the restore checks its source
/// before anything of the live store changes.
public struct StoreCopyFacts: Sendable {
    public var path: String
    public var sizeBytes: Int64
    public var pageSize: Int
    public var migrations: [String]
    public var auditRows: Int
    /// The chain's last row; nil in a store with no audit rows.
    public var auditHead: AuditAnchor?
    /// One sentence per problem (integrity, foreign keys, audit chain); empty when sound.
    public var problems: [String]
}

enum StoreCopyCheck {
    /// Refuses files that are not pmops stores or come from a newer pmops (exit 1), and
    /// lists every problem of one that is. Opens the file `immutable` when no WAL holds
    /// changes, so checking leaves no sidecar files and never takes a lock.
    static func inspect(path: String) throws(OpsError) -> StoreCopyFacts {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw .notFound("No store file at \(path).")
        }
        try StoreFile.prepare(path: path, create: false)
        switch try StoreProbe.inspect(path: path) {
        case .newer: throw AppDatabase.supersededError(path: path)
        case let .foreign(tables): throw StoreProbe.foreignError(path: path, tables: tables)
        case .empty: throw .store("\(path) is an empty database, not a pmops store.")
        case .current, .older: break
        }
        var config = AppDatabase.configuration()
        config.readonly = true
        let anchor = AuditAnchors.latest(store: path)
        do {
            let queue = try DatabaseQueue(path: Sidecars.walHasContent(path) ? path : Sidecars.immutableURI(path), configuration: config)
            defer { try? queue.close() }
            return try queue.read { db in
                var problems: [String] = []
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                if integrity != ["ok"] { problems += integrity.prefix(20).map { "integrity: \($0)" } }
                if try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") != nil { problems.append("foreign keys: rows point to missing rows") }
                let audit = try AuditChain.verify(db: db, anchor: anchor)
                if let problem = audit.problem { problems.append("audit: \(problem)") }
                let pageCount = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
                return StoreCopyFacts(
                    path: path, sizeBytes: pageCount * Int64(pageSize), pageSize: pageSize,
                    migrations: try Schema.migrator.appliedMigrations(db), auditRows: audit.rowsChecked,
                    auditHead: try AuditChain.head(db: db), problems: problems)
            }
        } catch {
            throw StoreErrors.map(error, path: path)
        }
    }
}
