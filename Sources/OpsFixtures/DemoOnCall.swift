import Foundation
import OpsCore
import OpsStore

extension AppDatabase {
    /// On-call schedules for the demo: sre-primary (weekly, with a business-hours day
    /// layer), sre-secondary, deliverability and security, and a few overrides, so
    /// `oncall now` and the status line name someone on first open. The operator running
    /// the demo is in sre-primary. Skipped when schedules exist.
    func seedDemoOnCall(operator login: String, as me: ActorContext) throws(OpsError) {
        guard try onCallSchedules(as: me).isEmpty else { return }
        let staff = try listStaff(StaffFilter(), as: me).filter { $0.isActive && $0.permissions.contains(.alertsAck) && $0.login != login }
        let ops = staff.filter { $0.roles.contains(.ops) }.map(\.login).sorted()
        let security = staff.filter { $0.roles.contains(.security) }.map(\.login).sorted()
        guard ops.count >= 8, security.count >= 2 else { return }
        let primary = [login] + ops[0..<3]
        let text = """
            # Demo on-call schedules (pmops demo seed)
            schedule sre-primary team sre tz America/New_York
            layer weekly priority 1 every weekly start 2025-01-06 handoff 09:00 people \(primary.joined(separator: ","))
            layer daytime priority 2 every daily start 2025-01-06 handoff 09:00 people \(ops[3]),\(ops[4]) restrict business-hours
            schedule sre-secondary team sre tz Europe/Berlin
            layer daily priority 1 every daily start 2025-01-01 handoff 09:00 people \(ops[5..<8].joined(separator: ","))
            schedule deliverability team deliverability tz America/New_York
            layer follow-the-sun priority 1 every 12h start 2025-01-01 handoff 08:00 people \(ops[6]),\(ops[1])
            schedule security team security tz Europe/Berlin
            layer weekly priority 1 every weekly start 2025-01-06 handoff 10:00 people \(security.joined(separator: ","))
            """
        try loadOnCallSchedules(text, file: "demo schedules", as: me)
        let now = clock.now()
        // Overrides: someone covers whoever holds each schedule tomorrow afternoon.
        for (schedule, covering) in [("sre-primary", ops[4]), ("security", security[0]), ("sre-secondary", ops[2])] {
            let start = now.addingTimeInterval(86_400), end = start.addingTimeInterval(6 * 3600)
            guard let shift = try onCallShifts(schedule: schedule, from: start, to: end, as: me).first(where: { $0.login != nil && $0.login != covering }),
                  let covered = shift.login else { continue }
            try addOnCallOverride(schedule: schedule, covering: covering, covered: covered, start: max(start, shift.start),
                                  end: min(end, shift.end), as: me)
        }
    }
}
