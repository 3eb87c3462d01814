import Foundation
import OpsCore
import OpsStore

extension Collector {
    /// The tick's SLA sweep: reminders, breach alerts and their resolution. Idle ticks cost
    /// one indexed read; a failure is logged and the next tick tries again.
    func sweepTicketSLA(at: Date, report: inout CollectorTickReport) {
        guard options.ticketSLA else { return }
        do {
            let result = try store.sweepTicketSLA(at: at)
            report.ticketSLA = result
            if result.changed { events(.ticketSLA(result)) }
        } catch {
            events(.alertWriteFailed("ticket SLA sweep failed: \(error.description)"))
        }
    }
}
