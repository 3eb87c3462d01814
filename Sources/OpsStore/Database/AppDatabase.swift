import Foundation
package import GRDB
import OpsCore
import Synchronization

/// The one door to the store. Owns the GRDB writer (a `DatabasePool` in WAL mode for
/// files, a `DatabaseQueue` in memory for tests), applies migrations on open and runs
/// transactions. Named operations live in per-feature files (`Staff/AppDatabase+Staff.swift`,
/// `Alerts/AppDatabase+AlertActions.swift`…), each in ONE write transaction together with its
/// audit row; `write`/`read` and the writer are package-only, so no GRDB type is public.
public final class AppDatabase: Sendable {
    /// The GRDB writer: the store's own code, the fixtures and tests only (package access),
    /// so no GRDB type is part of the public API.
    package let writer: any DatabaseWriter
    public let clock: any OpsCore.Clock
    /// Where the database lives (nil in memory); the default maildir sits beside it.
    public let path: String?
    /// Features that own work assigned to people (alerts, tickets, incidents) register here
    /// so deactivation can list and reassign it.
    public let openWorkProviders: [any OpenWorkProvider]
    /// Features that store copies of people's names or emails register here so purging an
    /// archived account erases every copy, not only the archive row.
    public let personalDataErasers: [any PersonalDataEraser]
    /// Files the store owns beside it, which backups carry and restores put back.
    public let companions: [any StoreCompanion]
    /// The highest audit id this process has written to the anchor file.
    let anchoredID = Mutex<Int64>(0)

    /// Opens the database at `path`, refusing files that are not SQLite, belong to another
    /// application or come from a newer pmops, and migrating older schemas. Only `create`
    /// (init, demo, db migrate) may make a store of a missing or empty file. Every refusal
    /// happens before a connection that could write, so the file is left byte for byte.
    public init(path: String, clock: any OpsCore.Clock = SystemClock(), create: Bool = true,
                openWorkProviders: [any OpenWorkProvider] = AppDatabase.standardOpenWork,
                personalDataErasers: [any PersonalDataEraser] = AppDatabase.standardPersonalData,
                companions: [any StoreCompanion] = AppDatabase.standardCompanions) throws(OpsError) {
        try StoreFile.prepare(path: path, create: create)
        switch try StoreProbe.inspect(path: path) {
        case .newer: throw Self.supersededError(path: path)
        case let .foreign(tables): throw StoreProbe.foreignError(path: path, tables: tables)
        case .empty where !create:
            throw .notFound("\(path) is an empty file, not an initialised store; run 'pmops init' or 'pmops demo seed' to make one; it was left untouched.")
        case .empty, .current, .older: break
        }
        self.path = path
        self.clock = clock
        self.openWorkProviders = openWorkProviders
        self.personalDataErasers = personalDataErasers
        self.companions = companions
        let readOnly = Sidecars.readOnly(path)
        do {
            writer = readOnly ? try Self.openReadOnly(path: path) : try DatabasePool(path: path, configuration: AppDatabase.configuration())
        } catch {
            throw StoreErrors.map(error, path: path)
        }
        try migrate(readOnly: readOnly)
    }

    /// The same open store seen through another clock (demo seeding moves a clock through the
    /// past): it shares this store's connections. Never open a second `AppDatabase(path:)` on
    /// a file this process holds open: its checks read the file through a descriptor of its
    /// own, and closing that drops every POSIX lock the process holds on the file, so another
    /// process's exit then deletes the WAL this one still writes to.
    package func withClock(_ clock: any OpsCore.Clock) -> AppDatabase { AppDatabase(sharing: self, clock: clock) }

    private init(sharing other: AppDatabase, clock: any OpsCore.Clock) {
        writer = other.writer
        self.clock = clock
        path = other.path
        openWorkProviders = other.openWorkProviders
        personalDataErasers = other.personalDataErasers
        companions = other.companions
        anchoredID.withLock { $0 = other.anchoredID.withLock { $0 } }
    }

    /// A read-only store (file or directory not writable): immutable when no WAL holds
    /// changes, so no `-wal`/`-shm` files are needed or left behind, which also lets a
    /// read-only directory be read. A WAL with content needs SQLite's ordinary read.
    private static func openReadOnly(path: String) throws -> DatabaseQueue {
        var config = AppDatabase.configuration()
        config.readonly = true
        if !Sidecars.walHasContent(path), let queue = try? DatabaseQueue(path: Sidecars.immutableURI(path), configuration: config) {
            return queue
        }
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// An in-memory store with the same schema, for tests and benchmarks.
    public init(inMemory clock: any OpsCore.Clock = SystemClock(), openWorkProviders: [any OpenWorkProvider] = AppDatabase.standardOpenWork,
                personalDataErasers: [any PersonalDataEraser] = AppDatabase.standardPersonalData) throws(OpsError) {
        self.path = nil
        self.clock = clock
        self.openWorkProviders = openWorkProviders
        self.personalDataErasers = personalDataErasers
        self.companions = []
        do {
            writer = try DatabaseQueue(configuration: AppDatabase.configuration())
        } catch {
            throw StoreErrors.map(error, path: nil)
        }
        try migrate(readOnly: false)
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Several processes (CLI, consoles, collector) share one file.
        config.busyMode = .timeout(10)
        config.label = "pmops"
        return config
    }

    func migrate(readOnly: Bool) throws(OpsError) {
        let migrator = Schema.migrator
        do {
            let superseded = try writer.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded { throw Self.supersededError(path: path) }
            if readOnly {
                let complete = try writer.read { db in try migrator.hasCompletedMigrations(db) }
                if !complete {
                    throw OpsError.store("\(path ?? "The database") is read-only and needs a schema migration; make it writable or run pmops with a newer copy.")
                }
                return
            }
            // Two processes opening a new store at once can both find it unmigrated; the
            // loser's migration fails and rolls back. Then the winner has done the work.
            do {
                try migrator.migrate(writer)
            } catch {
                var done = false
                for _ in 0..<20 where !done {
                    usleep(50_000)
                    done = (try? writer.read { db in try migrator.hasCompletedMigrations(db) }) ?? false
                }
                if !done { throw error }
            }
        } catch {
            throw StoreErrors.map(error, path: path)
        }
    }

    static func supersededError(path: String?) -> OpsError {
        .store("\(path ?? "The database") was written by a newer pmops (unknown schema migrations); upgrade pmops; nothing was changed.")
    }

    /// The schema migrations known to this build, in order.
    public static var knownMigrations: [String] { Schema.migrator.migrations }

    /// Names of applied migrations.
    public func appliedMigrations() throws(OpsError) -> [String] {
        try read { db in try Schema.migrator.appliedMigrations(db) }
    }

    // MARK: - Transactions with mapped errors

    /// Runs `body` in one write transaction; any error rolls everything back. A file
    /// store then anchors the audit head outside the database when it moved (one line per
    /// transaction, never per row; see `AuditAnchors`).
    package func write<T>(_ body: (Database) throws -> T) throws(OpsError) -> T {
        var head: AuditAnchor?
        let result: T
        do {
            result = try writer.write { db in
                let value = try body(db)
                if path != nil { head = try AuditChain.head(db: db) }
                return value
            }
        } catch {
            throw StoreErrors.map(error, path: path)
        }
        if let head { anchor(head) }
        return result
    }

    /// Runs `body` on a consistent snapshot.
    package func read<T>(_ body: (Database) throws -> T) throws(OpsError) -> T {
        do { return try writer.read(body) } catch { throw StoreErrors.map(error, path: path) }
    }
}
