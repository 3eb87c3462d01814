import Foundation
import OpsCore

/// One schedule's timeline as cells: days across (local days in the schedule's zone, so a
/// DST day is still one day wide), one lane per layer (highest priority first) and the
/// final lane (layers plus overrides). Each cell stands for an equal part of a local day
/// and shows who holds its middle. Built on refresh or a key, never while drawing.
struct ScheduleTimeline: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Someone on call from a layer.
        case shift
        /// Someone covering through an override.
        case override
        /// Final lane: nobody on call.
        case gap
        /// Layer lane: the layer has nobody then (a restriction, or before its start).
        case off
    }

    /// Consecutive cells of one lane with the same person from the same source.
    struct Segment: Sendable, Equatable {
        var column: Int
        var width: Int
        var login: String?
        var kind: Kind
        var overrideID: Int64?
        var covering: String?
        /// When the stretch shown really starts and ends (cells round it to their edges).
        var from: Date
        var to: Date
    }

    struct Lane: Sendable, Equatable {
        var title: String
        var segments: [Segment]
        var isFinal: Bool

        /// The segment holding `column`.
        func segment(at column: Int) -> Segment? { segments.first { column >= $0.column && column < $0.column + $0.width } }
    }

    var firstDay: CivilDate
    var days: Int
    var cellsPerDay: Int
    var lanes: [Lane]
    /// `columns + 1` boundaries: column `c` covers `[bounds[c], bounds[c + 1])`.
    var bounds: [Date]
    /// The column holding now, nil when now is outside the timeline.
    var nowColumn: Int?

    var columns: Int { days * cellsPerDay }

    /// The final lane.
    var final: Lane? { lanes.last }

    /// The cells per day that fit `width` columns for `days` days (nil: not even 2).
    static func cellsPerDay(days: Int, width: Int) -> Int? {
        [24, 12, 8, 6, 4, 3, 2].first { $0 * days <= width }
    }

    /// The days shown and the cells per day for a width: 14 days when they fit at 2 or more
    /// cells a day, else as many days as fit at 2 (at least one).
    static func fit(width: Int, wantDays: Int = 14) -> (days: Int, cells: Int) {
        if let cells = cellsPerDay(days: wantDays, width: width) { return (wantDays, cells) }
        return (max(1, width / 2), 2)
    }

    static func build(_ schedule: OnCallSchedule, overrides: [OnCallOverride], zone: ZoneClock, firstDay: CivilDate,
                      days: Int, cellsPerDay: Int, now: Date) throws(OpsError) -> ScheduleTimeline {
        let cells = max(1, cellsPerDay), days = max(1, days)
        var instants: [Int64] = []
        instants.reserveCapacity(days * cells + 1)
        for d in 0..<days {
            let day = CivilDate(days: firstDay.days + Int64(d))
            for c in 0..<cells { instants.append(zone.instant(day, minute: c * 1440 / cells)) }
        }
        instants.append(zone.instant(CivilDate(days: firstDay.days + Int64(days)), minute: 0))
        let bounds = instants.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        let from = bounds[0], to = bounds[bounds.count - 1]

        var lanes: [Lane] = []
        let ordered = schedule.layers.enumerated().sorted { ($0.element.priority, -$0.offset) > ($1.element.priority, -$1.offset) }.map(\.element)
        for layer in ordered {
            let single = OnCallSchedule(name: schedule.name, team: schedule.team, timeZone: schedule.timeZone, layers: [layer])
            let shifts = try OnCallResolver(single, zone: zone).shifts(from: from, to: to, applyOverrides: false)
            lanes.append(Lane(title: layer.name, segments: segments(shifts, bounds: bounds, overrides: [], final: false), isFinal: false))
        }
        let resolver = try OnCallResolver(schedule, overrides: overrides, zone: zone)
        let newestFirst = overrides.sorted { $0.id > $1.id }
        lanes.append(Lane(title: "final", segments: segments(resolver.shifts(from: from, to: to), bounds: bounds, overrides: newestFirst, final: true),
                          isFinal: true))
        let nowColumn = now >= from && now < to ? (0..<(bounds.count - 1)).first { now >= bounds[$0] && now < bounds[$0 + 1] } : nil
        return ScheduleTimeline(firstDay: firstDay, days: days, cellsPerDay: cells, lanes: lanes, bounds: bounds, nowColumn: nowColumn)
    }

    /// One segment per cell, merged where equal neighbours meet. A cell shows who holds its
    /// middle, except that an override or a gap anywhere in it wins (in that order): a
    /// short override or gap is never hidden by a wide cell.
    static func segments(_ shifts: [OnCallShift], bounds: [Date], overrides: [OnCallOverride], final: Bool) -> [Segment] {
        var out: [Segment] = []
        var first = 0
        for column in 0..<(bounds.count - 1) {
            let a = bounds[column], b = bounds[column + 1]
            let middle = a.addingTimeInterval(b.timeIntervalSince(a) / 2)
            while first < shifts.count - 1, shifts[first].end <= a { first += 1 }
            var chosen: OnCallShift?, rank = -1
            var k = first
            while k < shifts.count, shifts[k].start < b || (a == b && k == first) {
                let shift = shifts[k]
                let r = shift.layer == "override" ? 3 : shift.login == nil && final ? 2 : shift.start <= middle && middle < shift.end ? 1 : 0
                if r > rank { (chosen, rank) = (shift, r) }
                k += 1
            }
            var segment = Segment(column: column, width: 1, login: chosen?.login, kind: final ? .gap : .off, from: chosen?.start ?? a, to: chosen?.end ?? b)
            if let shift = chosen, let login = shift.login {
                if shift.layer == "override" {
                    segment.kind = .override
                    segment.covering = shift.covering
                    let t = max(shift.start, a)
                    segment.overrideID = overrides.first { $0.covering == login && $0.covered == shift.covering && $0.start <= t && t < $0.end }?.id
                } else {
                    segment.kind = .shift
                }
            }
            if var last = out.last, last.login == segment.login, last.kind == segment.kind, last.overrideID == segment.overrideID {
                last.width += 1
                last.to = max(last.to, segment.to)
                out[out.count - 1] = last
            } else {
                out.append(segment)
            }
        }
        return out
    }
}

/// Times as the schedule's zone reads them (the timeline is drawn in that zone, whatever
/// the console's own zone is).
enum ScheduleTime {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The local day and minute of an instant.
    static func local(_ date: Date, zone: ZoneClock) -> (day: CivilDate, minute: Int) {
        let wall = zone.local(Int64(date.timeIntervalSince1970.rounded(.down)))
        let days = wall >= 0 ? wall / 86_400 : -((-wall + 86_399) / 86_400)
        return (CivilDate(days: days), Int((wall - days * 86_400) / 60))
    }

    /// "Tue 09:00".
    static func weekdayTime(_ date: Date, zone: ZoneClock) -> String {
        let (day, minute) = local(date, zone: zone)
        return String(format: "%@ %02d:%02d", weekdays[day.weekday], minute / 60, minute % 60)
    }

    /// "Tue 09:00 CET": the zone's abbreviation at that instant (so a time next to the
    /// zone's DST change says which side of it it is on).
    static func weekdayTimeZone(_ date: Date, zone: ZoneClock) -> String {
        weekdayTime(date, zone: zone) + " " + zone.abbreviation(at: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// "Tue 03 Mar 09:00".
    static func dayTime(_ date: Date, zone: ZoneClock) -> String {
        let (day, minute) = local(date, zone: zone)
        return "\(dayName(day)) " + String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    /// "Tue 03 Mar".
    static func dayName(_ day: CivilDate) -> String {
        let c = day.components
        return "\(weekdays[day.weekday]) " + String(format: "%02d", c.day) + " \(months[c.month - 1])"
    }

    /// "2027-03-14 09:00", as the override form reads and writes times.
    static func field(_ date: Date, zone: ZoneClock) -> String {
        let (day, minute) = local(date, zone: zone)
        return "\(day) " + String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    /// Reads "YYYY-MM-DD HH:MM" as local time in the zone (a time inside a DST gap moves
    /// to the first valid instant after it, like a schedule's handoff).
    static func parseField(_ text: String, zone: ZoneClock) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let day = CivilDate(String(parts[0])) else { return nil }
        let hm = parts[1].split(separator: ":")
        guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m) else {
            return nil
        }
        return Date(timeIntervalSince1970: TimeInterval(zone.instant(day, minute: h * 60 + m)))
    }
}
