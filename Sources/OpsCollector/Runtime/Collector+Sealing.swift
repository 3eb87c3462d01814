import Foundation
import OpsStore

extension Collector {
    /// Seals the buffered samples when `sealEvery` has passed since the last seal (or
    /// `force`: before maintenance, which must see every sample of the minutes it rolls
    /// up, and on `stop()`). On the collector queue. A failed seal keeps the buffer for the
    /// next attempt and is reported like a failed write.
    func sealIfDue(at: Date, force: Bool) {
        guard options.sealEvery > 0, !stopped else { return }
        if !force, let lastSeal, abs(at.timeIntervalSince(lastSeal)) < options.sealEvery { return }
        // The first tick seals at once, so a new store shows samples in every process.
        lastSeal = at
        do {
            try store.sealMetricBlock()
        } catch {
            count { $0.writeFailures += 1 }
            events(.writeFailed(error.description))
        }
    }
}
