import Foundation
import OpsCore
import OpsStore

extension Collector {
    /// The tick's payment-failure wave check (issue 18): ingest raises the alert as failures
    /// arrive; the tick resolves it once the 15-minute window has passed. An idle tick is
    /// one indexed read; a failure is logged and the next tick tries again.
    func sweepBillingWave(at: Date) {
        guard options.ticketSLA else { return }  // the store sweeps run together (off in some tests)
        do {
            try store.sweepBillingFailureWave(at: at)
        } catch {
            events(.alertWriteFailed("payment-failure wave check failed: \(error.description)"))
        }
    }
}
