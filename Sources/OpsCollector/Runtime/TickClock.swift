import Foundation
import OpsCore

/// The collector's clock as its sources see it: the scheduler's clock, shifted during a
/// `tickOnce(now:)` so the tick starts exactly at `now` while durations inside it stay real.
/// Tests and `--once` pin a tick's time without a second notion of "now" inside the runners.
final class TickClock: OpsCore.Clock, @unchecked Sendable {
    let base: any OpsCore.Clock
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    init(_ base: any OpsCore.Clock) {
        self.base = base
    }

    func now() -> Date { lock.withLock { base.now() + offset } }

    /// Until `unpin`, time reads as `date` plus whatever passes on the base clock.
    func pin(_ date: Date) {
        lock.withLock { offset = date.timeIntervalSince(base.now()) }
    }

    func unpin() {
        lock.withLock { offset = 0 }
    }
}
