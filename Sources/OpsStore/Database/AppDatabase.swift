import Foundation
import GRDB
import OpsCore

/// The one door to the store. Owns the GRDB writer (a `DatabasePool` in WAL mode for
/// files, a `DatabaseQueue` in memory for tests), applies migrations on open and offers
/// named operations that each run in ONE write transaction together with their audit row.
public final class AppDatabase: Sendable {
    /// The GRDB writer; exposed for the store's own extensions and for tests.
    public let writer: any DatabaseWriter
    public let clock: any OpsCore.Clock
    /// Where the database lives (nil in memory); the default maildir sits beside it.
    public let path: String?
    /// Features that own work assigned to people (alerts, tickets, incidents) register here
    /// so deactivation can list and reassign it.
    public let openWorkProviders: [any OpenWorkProvider]

    /// Opens (creating when allowed) the database at `path`, refusing files that are not
    /// SQLite or come from a newer pmops, and migrating older schemas.
    public init(path: String, clock: any OpsCore.Clock = SystemClock(), create: Bool = true,
                openWorkProviders: [any OpenWorkProvider] = AppDatabase.standardOpenWork) throws(OpsError) {
        try StoreFile.prepare(path: path, create: create)
        try Self.refuseIfSuperseded(path: path)
        self.path = path
        self.clock = clock
        self.openWorkProviders = openWorkProviders
        let readOnly = FileManager.default.fileExists(atPath: path) && !FileManager.default.isWritableFile(atPath: path)
        var config = AppDatabase.configuration()
        do {
            if readOnly {
                config.readonly = true
                writer = try DatabaseQueue(path: path, configuration: config)
            } else {
                writer = try DatabasePool(path: path, configuration: config)
            }
        } catch {
            throw StoreErrors.map(error, path: path)
        }
        try migrate(readOnly: readOnly)
    }

    /// An in-memory store with the same schema, for tests and benchmarks.
    public init(inMemory clock: any OpsCore.Clock = SystemClock(), openWorkProviders: [any OpenWorkProvider] = AppDatabase.standardOpenWork) throws(OpsError) {
        self.path = nil
        self.clock = clock
        self.openWorkProviders = openWorkProviders
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

    private func migrate(readOnly: Bool) throws(OpsError) {
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

    /// Checks for a newer schema through a read-only connection before the pool opens:
    /// opening a WAL pool writes to the file (GRDB creates and drops a table so the -wal
    /// file exists), and a store from a newer pmops must be left byte for byte.
    private static func refuseIfSuperseded(path: String) throws(OpsError) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else { return }
        var config = configuration()
        config.readonly = true
        let superseded: Bool
        do {
            let probe = try DatabaseQueue(path: path, configuration: config)
            superseded = try probe.read { db in try Schema.migrator.hasBeenSuperseded(db) }
            try probe.close()
        } catch {
            return  // the real open reports what is wrong
        }
        if superseded { throw supersededError(path: path) }
    }

    /// The schema migrations known to this build, in order.
    public static var knownMigrations: [String] { Schema.migrator.migrations }

    /// Names of applied migrations.
    public func appliedMigrations() throws(OpsError) -> [String] {
        try read { db in try Schema.migrator.appliedMigrations(db) }
    }

    // MARK: - Transactions with mapped errors

    /// Runs `body` in one write transaction; any error rolls everything back.
    public func write<T>(_ body: (Database) throws -> T) throws(OpsError) -> T {
        do { return try writer.write(body) } catch { throw StoreErrors.map(error, path: path) }
    }

    /// Runs `body` on a consistent snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws(OpsError) -> T {
        do { return try writer.read(body) } catch { throw StoreErrors.map(error, path: path) }
    }
}
