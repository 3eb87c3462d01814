import Foundation
import OpsCore

/// A schedule as the store keeps it.
public struct StoredSchedule: Sendable, Equatable {
    public var schedule: OnCallSchedule
    public var loadedBy: String
    public var loadedAt: Date
}

/// Who is on call for one schedule now, and until when.
public struct OnCallNow: Sendable, Equatable, Codable {
    public var schedule: String
    public var team: String
    public var timeZone: String
    /// Nil: nobody (a gap).
    public var login: String?
    public var layer: String?
    public var covering: String?
    /// When the current stretch ends (nil when nothing changes within 400 days).
    public var until: Date?
    /// Who comes next, and from when.
    public var next: String?
}

/// What loading or checking a schedule file found beyond its syntax.
public struct ScheduleCheck: Sendable, Equatable {
    public var schedules: [OnCallSchedule]
    /// Unknown, deactivated or unpageable logins, as "file:line" errors (load refuses them).
    public var problems: [FieldError]
    /// Gaps in the next 14 days: allowed, but flagged.
    public var gaps: [OnCallShift]
}

/// A stored override and whether it was flagged (the covered person has no shift in it).
public struct StoredOverride: Sendable, Equatable, Codable {
    public var override: OnCallOverride
    public var flagged: Bool
}

/// One person's share of the pager over a period.
public struct OnCallLoad: Sendable, Equatable, Codable {
    public var login: String
    public var pages: Int
    /// Pages between 22:00 and 07:00 local.
    public var night: Int
}

/// The summary of a finished shift, sent to the incoming person.
public struct HandoffReport: Sendable, Equatable, Codable {
    public var id: Int64
    public var schedule: String
    public var outgoing: String?
    public var incoming: String?
    public var shiftStart: Date
    public var handoffAt: Date
    public var body: String
}

/// A future shift of someone being deactivated: whoever deactivates should find cover.
public struct FutureShift: Sendable, Equatable {
    public var schedule: String
    public var start: Date
    public var end: Date
}
