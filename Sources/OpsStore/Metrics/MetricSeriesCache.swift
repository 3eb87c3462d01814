import Foundation

/// Series ids by key, kept in memory so an ingest costs one INSERT per sample instead of a
/// lookup plus an INSERT.
///
/// Safe because series rows are never deleted, so an id once seen stays right for the life
/// of the file (other processes only add series). Ingest reads one snapshot per batch
/// (copy-on-write, no lock per sample) and adds the ids it created only after its
/// transaction committed: a rolled-back INSERT must not leave an id that SQLite may hand to
/// another series.
final class MetricSeriesCache: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [MetricSeriesKey: Int64] = [:]

    func snapshot() -> [MetricSeriesKey: Int64] { lock.withLock { ids } }

    func remember(_ found: [MetricSeriesKey: Int64]) {
        guard !found.isEmpty else { return }
        lock.withLock { ids.merge(found) { _, new in new } }
    }

    /// Drops everything, after an ingest failed in a way a stale id could explain (someone
    /// deleted series rows by hand): the next batch looks every series up again.
    func forget() { lock.withLock { ids.removeAll() } }

    var count: Int { lock.withLock { ids.count } }
}

extension MetricSeriesCache {
    /// The cache of one `AppDatabase`.
    ///
    /// `AppDatabase`'s stored properties live in Database/AppDatabase.swift, so the cache is
    /// found through this registry keyed by object identity; a weak reference guards against
    /// a reused address. A stored `let` on `AppDatabase` would replace it one for one.
    static func of(_ database: AppDatabase) -> MetricSeriesCache {
        registry.cache(for: database)
    }

    private static let registry = Registry()

    private final class Registry: @unchecked Sendable {
        private struct Entry {
            weak var owner: AppDatabase?
            let cache: MetricSeriesCache
        }

        private let lock = NSLock()
        private var entries: [ObjectIdentifier: Entry] = [:]

        func cache(for database: AppDatabase) -> MetricSeriesCache {
            lock.withLock {
                let key = ObjectIdentifier(database)
                if let entry = entries[key], entry.owner === database { return entry.cache }
                // A new store: drop the entries of stores that are gone (tests open many).
                entries = entries.filter { $0.value.owner != nil }
                let cache = MetricSeriesCache()
                entries[key] = Entry(owner: database, cache: cache)
                return cache
            }
        }
    }
}
