import Foundation
import OpsCore
import OpsStore

extension Collector {
    /// The tick's customer health sweep (at most once a minute, gated in the store by the
    /// sweep's own clock) and the deprecation sweep (one indexed read when no sunset is
    /// near). Run with the ticket SLA sweep (the same option turns them off); a failure is
    /// logged and the next tick tries again.
    func sweepSuccessAndIntegrations(at: Date) {
        guard options.ticketSLA else { return }
        do {
            let result = try store.sweepCustomerHealth(at: at)
            if result.changed {
                events(.success("customer health: \(result.turnedAtRisk.count) turned at risk (\(result.reminders) reminded), \(result.recovered.count) recovered"))
            }
        } catch {
            events(.alertWriteFailed("customer health sweep failed: \(error.description)"))
        }
        do {
            let result = try store.sweepDeprecations(at: at)
            if result.changed {
                events(.success("integration deprecations: \(result.reminded) reminded, \(result.alerted) alerts raised"))
            }
        } catch {
            events(.alertWriteFailed("deprecation sweep failed: \(error.description)"))
        }
    }
}
