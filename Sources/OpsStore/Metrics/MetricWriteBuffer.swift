import Foundation

/// Raw samples accepted but not sealed yet, per series, in the writing process's memory.
///
/// The collector buffers each tick here and seals every few seconds (`sealMetricBlock`):
/// one commit of one packed row instead of a commit per source per tick, which is what
/// made a sample cost ~1.3 KB of disk writes. Reads of the same `AppDatabase` merge what
/// is buffered, so the console running the collector shows a sample the tick it arrives;
/// other processes see it once sealed. A `kill -9` loses what is buffered: at most one
/// sealing interval of samples, never a user action (those commit on their own).
final class MetricWriteBuffer: @unchecked Sendable {
    /// One series' unsealed samples in arrival order (sorted, last write wins, at seal).
    struct Column {
        var times: [Int64] = []
        var values: [Double] = []
    }

    private let lock = NSLock()
    private var columns: [Int64: Column] = [:]
    private var statuses: [String: SourceStatusInput] = [:]
    private var sampleCount = 0

    var count: Int { lock.withLock { sampleCount } }

    func append(seriesID: Int64, t: Int64, value: Double) {
        lock.withLock {
            columns[seriesID, default: Column()].times.append(t)
            columns[seriesID, default: Column()].values.append(value)
            sampleCount += 1
        }
    }

    func setStatus(_ status: SourceStatusInput) {
        lock.withLock { statuses[status.source] = status }
    }

    /// The newest buffered status of each source.
    func pendingStatuses() -> [String: SourceStatusInput] { lock.withLock { statuses } }

    /// Series `id`'s buffered samples with `from <= t < to`, sorted, last write winning.
    func samples(of id: Int64, from: Int64, to: Int64) -> (times: [Int64], values: [Double]) {
        guard let column = lock.withLock({ columns[id] }) else { return ([], []) }
        let sorted = Self.sorted(column)
        var times: [Int64] = []
        var values: [Double] = []
        for (t, v) in zip(sorted.times, sorted.values) where t >= from && t < to {
            times.append(t)
            values.append(v)
        }
        return (times, values)
    }

    /// Everything buffered, emptied; `restore` puts it back when the seal failed.
    func take() -> (series: [MetricBlockCodec.Series], statuses: [SourceStatusInput], count: Int) {
        let (taken, pending, count) = lock.withLock {
            defer {
                columns.removeAll(keepingCapacity: true)
                statuses.removeAll(keepingCapacity: true)
                sampleCount = 0
            }
            return (columns, statuses, sampleCount)
        }
        let series = taken.keys.sorted().compactMap { id -> MetricBlockCodec.Series? in
            guard let column = taken[id] else { return nil }
            let sorted = Self.sorted(column)
            return MetricBlockCodec.Series(id: id, times: sorted.times, values: sorted.values)
        }
        return (series, pending.keys.sorted().compactMap { pending[$0] }, count)
    }

    /// Puts back what `take` returned, under anything buffered since (which is newer).
    func restore(_ series: [MetricBlockCodec.Series], statuses older: [SourceStatusInput]) {
        lock.withLock {
            for entry in series {
                let newer = columns[entry.id] ?? Column()
                columns[entry.id] = Column(times: entry.times + newer.times, values: entry.values + newer.values)
                sampleCount += entry.times.count
            }
            for status in older where statuses[status.source] == nil { statuses[status.source] = status }
        }
    }

    /// Sorted by time; of equal times the later arrival wins, as an upsert would.
    static func sorted(_ column: Column) -> Column {
        var ascending = true
        for i in column.times.indices.dropFirst() where column.times[i] <= column.times[i - 1] {
            ascending = false
            break
        }
        if ascending { return column }
        let order = column.times.indices.sorted { (column.times[$0], $0) < (column.times[$1], $1) }
        var result = Column()
        for index in order {
            if let last = result.times.last, last == column.times[index] {
                result.values[result.values.count - 1] = column.values[index]
            } else {
                result.times.append(column.times[index])
                result.values.append(column.values[index])
            }
        }
        return result
    }
}

extension MetricWriteBuffer {
    /// The buffer of one `AppDatabase` (found by identity, like `MetricSeriesCache.of`).
    static func of(_ database: AppDatabase) -> MetricWriteBuffer { registry.buffer(for: database) }

    private static let registry = Registry()

    private final class Registry: @unchecked Sendable {
        private struct Entry {
            weak var owner: AppDatabase?
            let buffer: MetricWriteBuffer
        }

        private let lock = NSLock()
        private var entries: [ObjectIdentifier: Entry] = [:]

        func buffer(for database: AppDatabase) -> MetricWriteBuffer {
            lock.withLock {
                let key = ObjectIdentifier(database)
                if let entry = entries[key], entry.owner === database { return entry.buffer }
                entries = entries.filter { $0.value.owner != nil }
                let buffer = MetricWriteBuffer()
                entries[key] = Entry(owner: database, buffer: buffer)
                return buffer
            }
        }
    }
}
