import Foundation
internal import GRDB
import OpsCore

/// What an existing SQLite file holds, found before any connection that could write to
/// it: a file pmops must refuse (another application's database, a newer pmops store)
/// has to be left byte for byte, with no `-wal`/`-shm` file beside it.
///
/// The probe opens the file `immutable=1` (no locks, no sidecar files) unless a non-empty
/// `-wal` shows a writer is active or crashed; then committed tables may be in the WAL,
/// so it opens read-only the ordinary way (the sidecars exist already).
enum StoreProbe {
    enum Kind: Equatable {
        /// No tables at all: a 0-byte file or a database nothing was written to.
        case empty
        /// Every migration this build knows has been applied.
        case current
        /// A pmops store with migrations still to apply.
        case older
        /// Applied migrations this build does not know.
        case newer
        /// Tables, but no pmops migrations: another application's database.
        case foreign(tables: [String])
    }

    static func inspect(path: String) throws(OpsError) -> Kind {
        if Sidecars.walHasContent(path) { return try classify(path: path, immutable: false) }
        if Sidecars.size(path) == 0 { return .empty }
        do {
            return try classify(path: path, immutable: true)
        } catch {
            // A checkpoint racing an immutable read can show a torn page: read properly.
            return try classify(path: path, immutable: false)
        }
    }

    private static func classify(path: String, immutable: Bool) throws(OpsError) -> Kind {
        var config = AppDatabase.configuration()
        config.readonly = true
        do {
            let probe = try DatabaseQueue(path: immutable ? Sidecars.immutableURI(path) : path, configuration: config)
            defer { try? probe.close() }
            return try probe.read { db in try kind(db) }
        } catch {
            throw StoreErrors.map(error, path: path)
        }
    }

    private static func kind(_ db: Database) throws -> Kind {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name
            """)
        if tables.isEmpty { return .empty }
        guard tables.contains("grdb_migrations") else { return .foreign(tables: tables) }
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        let known = Schema.migrator.migrations
        guard let first = known.first, applied.contains(first) else {
            return applied.isEmpty && tables == ["grdb_migrations"] ? .empty : .foreign(tables: tables.filter { $0 != "grdb_migrations" })
        }
        if !applied.isSubset(of: Set(known)) { return .newer }
        return applied.count == known.count ? .current : .older
    }

    /// The sentence for another application's database, naming a few of its tables.
    static func foreignError(path: String, tables: [String]) -> OpsError {
        let names = tables.prefix(3).map { "'\(Printable.quote($0))'" }.joined(separator: ", ")
        return .store("\(path) is another application's SQLite database (tables \(names)\(tables.count > 3 ? ", …" : "")), not a pmops store; it was left untouched.")
    }
}
