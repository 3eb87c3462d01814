import Foundation

/// The deadlines an incident runs on, as pure functions of its times, so the sweep, the
/// CLI and the console agree and tests pin them with a fixed clock.
public enum IncidentClocks {
    /// GDPR Art. 33: the supervisory authority is notified within 72 hours of awareness.
    public static let breachWindow: TimeInterval = 72 * 3_600
    /// Breach reminders go out this long before the deadline (and at it).
    public static let breachReminders: [TimeInterval] = [24 * 3_600, 4 * 3_600, 0]
    /// A postmortem is due 5 business days after resolution.
    public static let postmortemBusinessDays = 5

    /// When someone must have acknowledged. SEV-4 waits for the next business day: the end
    /// of the first business hour after declaration on `calendar`.
    public static func ackDue(_ severity: IncidentSeverity, declaredAt: Date, calendar: BusinessCalendar = .standard) -> Date {
        if let target = severity.ackTarget { return declaredAt.addingTimeInterval(target) }
        return calendar.add(3_600, to: declaredAt)
    }

    /// When the next update is owed; nil once the incident is no longer active.
    public static func nextUpdateDue(_ incident: Incident) -> Date? {
        guard incident.status.isActive else { return nil }
        return incident.lastUpdateAt.addingTimeInterval(incident.severity.updateCadence)
    }

    /// The regulator-notification deadline, once a breach is flagged.
    public static func breachDeadline(_ incident: Incident) -> Date? {
        incident.breachAt.map { $0.addingTimeInterval(breachWindow) }
    }

    /// What the breach clock shows: time left (negative when late), or met/missed once notified.
    public enum BreachState: Sendable, Equatable {
        case none
        case running(deadline: Date, left: TimeInterval)
        case overdue(deadline: Date, late: TimeInterval)
        case notified(at: Date, inTime: Bool)
    }

    public static func breachState(_ incident: Incident, now: Date) -> BreachState {
        guard let deadline = breachDeadline(incident) else { return .none }
        if let notified = incident.breachNotifiedAt { return .notified(at: notified, inTime: notified <= deadline) }
        let left = deadline.timeIntervalSince(now)
        return left >= 0 ? .running(deadline: deadline, left: left) : .overdue(deadline: deadline, late: -left)
    }

    /// Five business days after resolution, on the tickets' business calendar (a business
    /// day is one open window of the calendar, whatever its length).
    public static func postmortemDue(resolvedAt: Date, calendar: BusinessCalendar = .standard) -> Date {
        let day = TimeInterval(max(1, calendar.closes - calendar.opens) * 60)
        return calendar.add(day * Double(postmortemBusinessDays), to: resolvedAt)
    }
}
