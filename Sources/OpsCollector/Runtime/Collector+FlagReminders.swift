import Foundation
import OpsCore
import OpsStore

/// When the collector last sent stale-flag reminders, confined to the collector queue.
final class FlagReminderWatch: @unchecked Sendable {
    var last: Date?
}

extension Collector {
    /// At most once an hour: mails the owners of stale flags through the outbox (once per
    /// flag per week, which the store enforces from the outbox itself).
    func sweepFlagReminders(at: Date) {
        guard options.flagReminders else { return }
        if let last = flagReminders.last, at.timeIntervalSince(last) < 3_600, at >= last { return }
        flagReminders.last = at
        do {
            try store.remindStaleFlagOwners(at: at)
        } catch {
            events(.alertWriteFailed("stale-flag reminders: \(error.description)"))
        }
    }
}
