import Foundation

/// Two readings a moment apart, for `pmops collect --once`: a counter (CPU seconds, bytes
/// received) says nothing until there is a reading before it, so one tick alone never shows
/// host CPU or a `rate()`. The wait goes through the injected scheduler, so a test advances
/// it instead of sleeping.
extension Collector {
    /// Ticks now, then again `gap` seconds later with every source run whether due or not,
    /// and hands both reports to `done` (on a background queue).
    public func readTwice(gap: TimeInterval = 1, _ done: @escaping @Sendable (_ first: CollectorTickReport, _ second: CollectorTickReport) -> Void) {
        let first = tickOnce()
        // A Dispatch timer lives only as long as its work is held: the holder keeps it until it fired.
        let holder = PendingWork()
        holder.set(scheduler.schedule(after: gap, on: DispatchQueue.global()) { [self] in
            done(first, tickOnce(force: true))
            holder.set(nil)
        })
    }
}

/// Holds a scheduled turn until it has run.
private final class PendingWork: @unchecked Sendable {
    private let lock = NSLock()
    private var work: (any ScheduledWork)?
    func set(_ work: (any ScheduledWork)?) { lock.withLock { self.work = work } }
}

extension CollectorTickReport {
    /// One report for two readings: the later reading's sources (a source that ran only in
    /// the first keeps that run), samples stored and alert changes added up.
    public func followed(by second: CollectorTickReport) -> CollectorTickReport {
        var merged = second
        let later = Set(second.sources.map(\.name))
        merged.sources = sources.filter { !later.contains($0.name) } + second.sources
        if var ingest, let next = second.ingest {
            ingest.stored += next.stored
            ingest.newSeries += next.newSeries
            merged.ingest = ingest
        } else {
            merged.ingest = ingest ?? second.ingest
        }
        merged.alerts = alerts + second.alerts
        merged.alertErrors = alertErrors + second.alertErrors
        merged.writeError = writeError ?? second.writeError
        return merged
    }
}
