import Foundation

/// Where one source collects: its own serial queue and its next turn. A source stuck in
/// its timeout holds only its own lane, never another source's turn.
final class SourceLane: @unchecked Sendable {
    let queue: DispatchQueue
    private let scheduler: any CollectorScheduler
    /// Guards `turn` and `cancelled`: a turn is armed on the lane and cancelled from `stop()`.
    private let lock = NSLock()
    private var turn: (any ScheduledWork)?
    private var cancelled = false

    init(label: String, scheduler: any CollectorScheduler) {
        queue = DispatchQueue(label: label, qos: .utility)
        self.scheduler = scheduler
    }

    /// Runs `handler` on the lane at `deadline`, replacing the turn armed before; nothing
    /// once cancelled.
    func arm(at deadline: Date, leeway: TimeInterval, _ handler: @escaping @Sendable () -> Void) {
        lock.withLock {
            guard !cancelled else { return }
            turn?.cancel()
            turn = scheduler.schedule(at: deadline, leeway: leeway, on: queue, handler)
        }
    }

    func cancelTimer() {
        let old = lock.withLock { () -> (any ScheduledWork)? in
            cancelled = true
            defer { turn = nil }
            return turn
        }
        old?.cancel()
    }
}

/// One source's collection, handed from its lane to the collector queue.
struct SourceRun: Sendable {
    let index: Int
    /// The status before the run (for recovery events and missed turns).
    let before: SourceStatus
    let outcome: SourceRunner.Outcome
    /// The source's partial problems right after this run.
    let problems: [String]
}

/// The runs of a `tickOnce`, filled from several lanes at once.
final class RunBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [SourceRun?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ run: SourceRun?) { lock.withLock { slots[index] = run } }

    /// The runs in configuration order.
    var runs: [SourceRun] { lock.withLock { slots.compactMap { $0 } } }
}
