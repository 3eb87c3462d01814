import Foundation

/// When support works: weekdays, opening hours and holidays in one time zone. SLA clocks
/// count only the time inside these windows (P1 uses `aroundTheClock`). Windows are
/// computed in local time for every day, so a DST change moves them in UTC as it does for
/// the people working them, and a 24-hour calendar counts a 23-hour spring day as 23 hours.
public struct BusinessCalendar: Sendable, Equatable, CustomStringConvertible {
    /// Foundation weekdays: 1 is Sunday … 7 is Saturday.
    public var weekdays: Set<Int>
    /// Minutes after local midnight; `closes` may be 1440 (24:00), and is after `opens`.
    public var opens: Int
    public var closes: Int
    public var timeZone: TimeZone
    /// Local dates ("2026-12-25") on which nobody counts the clock.
    public var holidays: Set<String>

    public init(weekdays: Set<Int>, opens: Int, closes: Int, timeZone: TimeZone, holidays: Set<String> = []) {
        self.weekdays = weekdays
        self.opens = opens
        self.closes = closes
        self.timeZone = timeZone
        self.holidays = holidays
    }

    /// Every day, all day, UTC: what P1 runs on.
    public static let aroundTheClock = BusinessCalendar(weekdays: Set(1...7), opens: 0, closes: 1_440,
                                                        timeZone: TimeZone(identifier: "UTC") ?? .current)

    /// Monday to Friday, 09:00–17:00 UTC, no holidays: the default until a setting says otherwise.
    public static let standard = BusinessCalendar(weekdays: Set(2...6), opens: 540, closes: 1_020,
                                                  timeZone: TimeZone(identifier: "UTC") ?? .current)

    /// Bounds the day walk: no target spans more than this many calendar days, and a
    /// pathological calendar answers "never" rather than looping.
    static let maxDays = 20_000

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    // MARK: - Windows

    /// The open window of the local day starting at `dayStart`, nil on a closed day.
    private func window(dayStart: Date, calendar: Calendar) -> (open: Date, close: Date)? {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: dayStart)
        guard let weekday = parts.weekday, weekdays.contains(weekday),
              let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        if !holidays.isEmpty, holidays.contains(Self.dateKey(year: year, month: month, day: day)) { return nil }
        guard let open = localTime(minutes: opens, dayStart: dayStart, calendar: calendar),
              let close = localTime(minutes: closes, dayStart: dayStart, calendar: calendar), close > open else { return nil }
        return (open, close)
    }

    /// `minutes` after local midnight of the day; 0 and 1440 are the day's real bounds,
    /// whatever its length. A wall time inside a DST gap resolves as Foundation moves it (forward).
    private func localTime(minutes: Int, dayStart: Date, calendar: Calendar) -> Date? {
        if minutes == 0 { return dayStart }
        if minutes >= 1_440 { return calendar.date(byAdding: .day, value: 1, to: dayStart) }
        return calendar.date(bySettingHour: minutes / 60, minute: minutes % 60, second: 0, of: dayStart)
    }

    static func dateKey(year: Int, month: Int, day: Int) -> String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    // MARK: - Arithmetic

    /// The instant `seconds` of business time after `start`; `.distantFuture` when the
    /// calendar never has that much open time within `maxDays`.
    public func add(_ seconds: TimeInterval, to start: Date) -> Date {
        if seconds <= 0 { return start }
        if isAlwaysOpen { return start.addingTimeInterval(seconds) }
        let calendar = calendar
        var remaining = seconds
        var dayStart = calendar.startOfDay(for: start)
        for _ in 0..<Self.maxDays {
            if let (open, close) = window(dayStart: dayStart, calendar: calendar) {
                let from = max(start, open)
                if from < close {
                    let available = close.timeIntervalSince(from)
                    if remaining <= available { return from.addingTimeInterval(remaining) }
                    remaining -= available
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: dayStart) else { break }
            dayStart = next
        }
        return .distantFuture
    }

    /// Business time between two instants (zero when `end` is not after `start`).
    public func businessTime(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        if isAlwaysOpen { return end.timeIntervalSince(start) }
        let calendar = calendar
        var total: TimeInterval = 0
        var dayStart = calendar.startOfDay(for: start)
        for _ in 0..<Self.maxDays {
            // `where` would skip the body but still count to maxDays after the end.
            guard dayStart < end else { break }
            if let (open, close) = window(dayStart: dayStart, calendar: calendar) {
                let from = max(start, open), to = min(end, close)
                if to > from { total += to.timeIntervalSince(from) }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: dayStart) else { break }
            dayStart = next
        }
        return total
    }

    /// Whether the clock runs at `date`.
    public func isOpen(at date: Date) -> Bool {
        if isAlwaysOpen { return true }
        let calendar = calendar
        guard let (open, close) = window(dayStart: calendar.startOfDay(for: date), calendar: calendar) else { return false }
        return date >= open && date < close
    }

    /// Every day, all day, no holidays: plain elapsed time, whatever the zone.
    public var isAlwaysOpen: Bool { weekdays.count == 7 && opens == 0 && closes >= 1_440 && holidays.isEmpty }

    // MARK: - Text form

    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// The setting's text: `mon-fri 09:00-17:00 Europe/Berlin 2026-12-25 2026-12-26`.
    public var description: String {
        let days = (1...7).map { $0 % 7 + 1 }.filter { weekdays.contains($0) }.map { Self.dayNames[$0 - 1] }
        var parts = [days.joined(separator: ","), "\(Self.clock(opens))-\(Self.clock(closes))", timeZone.identifier]
        parts += holidays.sorted()
        return parts.joined(separator: " ")
    }

    static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}
