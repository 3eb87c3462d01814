import Foundation

/// An on-call schedule: layers of rotations in one time zone. The final schedule at an
/// instant is the highest-priority layer with someone on call, then the overrides.
public struct OnCallSchedule: Sendable, Equatable {
    public var name: String
    public var team: String
    public var timeZone: String
    public var layers: [Layer]
    /// The `schedule` line in its file (0 when built in code).
    public var line: Int

    public init(name: String, team: String, timeZone: String, layers: [Layer] = [], line: Int = 0) {
        self.name = name
        self.team = team
        self.timeZone = timeZone
        self.layers = layers
        self.line = line
    }

    /// Every login any layer names, each once, sorted.
    public var participants: [String] { Array(Set(layers.flatMap(\.participants))).sorted() }

    public struct Layer: Sendable, Equatable {
        public var name: String
        /// Higher wins where two layers both have someone on call.
        public var priority: Int
        public var participants: [String]
        public var length: RotationLength
        /// The first shift starts on this local date at `handoffMinute` past midnight.
        public var start: CivilDate
        public var handoffMinute: Int
        public var restriction: Restriction?
        public var line: Int

        public init(name: String, priority: Int, participants: [String], length: RotationLength, start: CivilDate,
                    handoffMinute: Int, restriction: Restriction? = nil, line: Int = 0) {
            self.name = name
            self.priority = priority
            self.participants = participants
            self.length = length
            self.start = start
            self.handoffMinute = handoffMinute
            self.restriction = restriction
            self.line = line
        }
    }
}

/// How long each participant holds a layer. Days are calendar days in the schedule's zone
/// (a daily shift across a DST change lasts 23 or 25 hours; the handoff stays at 09:00);
/// hours are elapsed hours (an 8-hour shift is 8 hours even across DST).
public enum RotationLength: Sendable, Equatable, CustomStringConvertible {
    case daily
    case weekly
    case hours(Int)

    public var description: String {
        switch self {
        case .daily: "daily"
        case .weekly: "weekly"
        case let .hours(n): "\(n)h"
        }
    }

    /// "daily", "weekly", "8h" (1 to 168 hours).
    public init?(_ text: String) {
        switch text {
        case "daily": self = .daily
        case "weekly": self = .weekly
        default:
            guard text.hasSuffix("h"), let n = Int(text.dropLast()), (1...168).contains(n) else { return nil }
            self = .hours(n)
        }
    }
}

/// When a layer applies, in the schedule's local time.
public enum Restriction: String, Sendable, Equatable, CaseIterable {
    /// Monday to Friday, 09:00 to 17:00.
    case businessHours = "business-hours"
    /// Saturday 00:00 to Monday 00:00.
    case weekends

    /// Does the restriction allow a local wall-clock time (seconds, local counted as UTC)?
    public func allows(local wall: Int64) -> Bool {
        let day = CivilDate(days: wall.floorDiv(86_400))
        let minute = Int((wall - day.days * 86_400) / 60)
        switch self {
        case .businessHours: return (1...5).contains(day.weekday) && (540..<1020).contains(minute)
        case .weekends: return day.weekday == 0 || day.weekday == 6
        }
    }

    /// Local minutes of a day where the window may open or close (for range computation).
    var edgeMinutes: [Int] { self == .businessHours ? [540, 1020] : [0] }

    /// Two restrictions that can hold at the same moment (nil: always).
    static func overlap(_ a: Restriction?, _ b: Restriction?) -> Bool {
        guard let a, let b else { return true }
        return a == b
    }
}

/// Someone covering someone else's on-call time. Applies only while the covered person
/// is on call in the layers; where several overlap, the newest (highest id) wins.
public struct OnCallOverride: Sendable, Equatable, Codable {
    public var id: Int64
    public var schedule: String
    public var covering: String
    public var covered: String
    public var start: Date
    public var end: Date
    public var createdBy: String
    public var createdAt: Date

    public init(id: Int64, schedule: String, covering: String, covered: String, start: Date, end: Date,
                createdBy: String = "", createdAt: Date = Date(timeIntervalSince1970: 0)) {
        self.id = id
        self.schedule = schedule
        self.covering = covering
        self.covered = covered
        self.start = start
        self.end = end
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// A stretch of the final schedule: one person (or nobody) from `start` to `end`.
public struct OnCallShift: Sendable, Equatable, Codable {
    public var schedule: String
    /// Nil: nobody is on call (a gap).
    public var login: String?
    public var start: Date
    public var end: Date
    /// The layer that put them there, or "override" when someone covers.
    public var layer: String?
    /// Whom an override covers.
    public var covering: String?

    public init(schedule: String, login: String?, start: Date, end: Date, layer: String?, covering: String? = nil) {
        self.schedule = schedule
        self.login = login
        self.start = start
        self.end = end
        self.layer = layer
        self.covering = covering
    }
}
