import Foundation
import OpsCore
import OpsStore

extension Collector {
    /// The tick's handoff sweep: a report for every on-call shift change since the last
    /// tick, mailed to the incoming person. A failure is logged and the next tick tries again
    /// (the sweep's cursor moves only when its transaction commits).
    func sweepOnCallHandoffs(at: Date, report: inout CollectorTickReport) {
        do {
            report.handoffs = try store.sweepOnCallHandoffs(at: at)
        } catch {
            events(.alertWriteFailed("on-call handoff sweep failed: \(error.description)"))
        }
    }
}
