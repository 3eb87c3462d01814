import Foundation
import OpsCore
import OpsStore

extension Collector {
    /// The tick's incident sweep, run with the ticket SLA sweep (the same option turns both
    /// off): missed-update pages, breach-clock, postmortem and action-item reminders. A
    /// failure is logged and the next tick tries again.
    func sweepIncidents(at: Date, report: inout CollectorTickReport) {
        guard options.ticketSLA else { return }
        do {
            let result = try store.sweepIncidents(at: at)
            report.incidents = result
            if result.changed { events(.incidents(result)) }
        } catch {
            events(.alertWriteFailed("incident sweep failed: \(error.description)"))
        }
    }
}
