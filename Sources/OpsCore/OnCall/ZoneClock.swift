import Foundation

/// Wall-clock time in one IANA zone, DST-correct, without Foundation's calendar on the hot
/// path: the zone's offset changes are listed once for a span of years and looked up by
/// binary search (who-is-on-call runs on every page).
///
/// Local times that do not exist or exist twice follow one documented rule:
/// - **gap** (spring forward, e.g. 02:30 on 2026-03-08 in America/New_York): the time moves
///   forward to the first valid instant, the end of the gap (03:00 EDT);
/// - **overlap** (fall back, e.g. 01:30 on 2026-11-01 in New York): the first occurrence,
///   while summer time still holds (01:30 EDT = 05:30Z).
public struct ZoneClock: Sendable {
    public let identifier: String
    /// Instants (seconds since 1970) where the offset changes, ascending, and the offset
    /// (seconds east of UTC) from each on; `offsets[0]` holds before the first change.
    private let changes: [Int64]
    private let offsets: [Int]
    private let zone: TimeZone
    private let span: ClosedRange<Int64>
    /// The tz database's abbreviations for the zone (nil without its TZif file).
    private let names: ZoneNames?

    /// Nil for a zone that does not exist ("Mars/Olympus").
    public init?(identifier: String, fromYear: Int = 1990, toYear: Int = 2100) {
        guard !identifier.isEmpty, identifier.utf8.count <= 64, let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
        names = ZoneNames(identifier: identifier)
        let start = CivilDate.daysFromCivil(year: fromYear, month: 1, day: 1) * 86_400
        let end = CivilDate.daysFromCivil(year: toYear, month: 1, day: 1) * 86_400
        span = start...end
        var changes: [Int64] = []
        var offsets = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(start)))]
        var cursor = Date(timeIntervalSince1970: TimeInterval(start))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < TimeInterval(end) {
            let offset = zone.secondsFromGMT(for: next)
            if offset != offsets.last {
                changes.append(Int64(next.timeIntervalSince1970.rounded()))
                offsets.append(offset)
            }
            cursor = next
        }
        self.changes = changes
        self.offsets = offsets
    }

    /// The zone's clock, built once per process (listing a zone's changes over 110 years
    /// costs about a millisecond; a page looks the schedule's zone up every time).
    public static func shared(_ identifier: String) -> ZoneClock? {
        ZoneCache.instance.clock(identifier)
    }

    /// Seconds east of UTC at an instant.
    public func offset(at instant: Int64) -> Int {
        guard span.contains(instant) else { return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) }
        var low = 0, high = changes.count
        while low < high {
            let mid = (low + high) / 2
            if changes[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return offsets[low]
    }

    /// The zone's abbreviation at an instant ("CET", "CEST", "EDT"; "UTC-03" when the tz
    /// database has only a number or no file).
    public func abbreviation(at instant: Int64) -> String {
        let offset = offset(at: instant)
        return ZoneNames.abbreviation(names?.name(at: instant, offset: offset), offset: offset)
    }

    /// Wall-clock seconds (local time counted as if it were UTC) at an instant.
    public func local(_ instant: Int64) -> Int64 { instant + Int64(offset(at: instant)) }

    /// The instant of a wall-clock time, by the gap/overlap rule above.
    public func instant(local wall: Int64) -> Int64 {
        let before = Int64(offset(at: wall - 86_400))
        let after = Int64(offset(at: wall + 86_400))
        let early = wall - before, late = wall - after
        let earlyValid = local(early) == wall, lateValid = local(late) == wall
        switch (earlyValid, lateValid) {
        case (true, true): return min(early, late)
        case (true, false): return early
        case (false, true): return late
        case (false, false):
            // In a gap: the first instant after it is the change between the two offsets.
            let from = min(early, late)
            if let change = changes.first(where: { $0 > from }) { return change }
            return max(early, late)
        }
    }

    public func instant(_ date: CivilDate, minute: Int) -> Int64 {
        instant(local: date.days * 86_400 + Int64(minute) * 60)
    }
}

/// A calendar date without a zone, counted in days since 1970-01-01.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var days: Int64
    public init(days: Int64) { self.days = days }

    public init?(year: Int, month: Int, day: Int) {
        guard (1970...9999).contains(year), (1...12).contains(month), (1...Self.daysIn(year: year, month: month)).contains(day) else { return nil }
        days = Self.daysFromCivil(year: year, month: month, day: day)
    }

    /// "2026-12-07".
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.days < b.days }

    /// 0 Sunday … 6 Saturday.
    public var weekday: Int { Int(((days % 7) + 11) % 7) }

    public var components: (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    public var description: String {
        let c = components
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    static func daysIn(year: Int, month: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Int64 {
    /// Floor division (wall-clock arithmetic before 1970 stays correct).
    func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}

/// The process's zone clocks by identifier.
private final class ZoneCache: @unchecked Sendable {
    static let instance = ZoneCache()
    private let lock = NSLock()
    private var clocks: [String: ZoneClock] = [:]

    func clock(_ identifier: String) -> ZoneClock? {
        if let known = lock.withLock({ clocks[identifier] }) { return known }
        guard let made = ZoneClock(identifier: identifier) else { return nil }
        lock.withLock { if clocks.count < 1_000 { clocks[identifier] = made } }
        return made
    }
}
