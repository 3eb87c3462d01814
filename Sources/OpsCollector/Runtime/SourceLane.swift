import Foundation

/// Where one source collects: its own serial queue and one-shot timer. A source stuck in
/// its timeout holds only its own lane, never another source's turn.
final class SourceLane: @unchecked Sendable {
    let queue: DispatchQueue
    /// Guards `timer`: it is re-armed on the lane and cancelled from `stop()`.
    private let lock = NSLock()
    private var timer: (any DispatchSourceTimer)?

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .utility)
    }

    /// Installs and starts the lane's timer, first firing at once.
    func startTimer(leeway: DispatchTimeInterval, _ handler: @escaping @Sendable () -> Void) {
        let made = DispatchSource.makeTimerSource(queue: queue)
        made.setEventHandler(handler: handler)
        made.schedule(deadline: .now(), repeating: .never, leeway: leeway)
        lock.withLock { timer = made }
        made.activate()
    }

    /// Points the timer at `seconds` from now; nothing once cancelled.
    func rearm(after seconds: TimeInterval, leeway: DispatchTimeInterval) {
        lock.withLock {
            timer?.schedule(deadline: .now() + .nanoseconds(Int(seconds * 1e9)), repeating: .never, leeway: leeway)
        }
    }

    func cancelTimer() {
        let old = lock.withLock { () -> (any DispatchSourceTimer)? in
            defer { timer = nil }
            return timer
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
