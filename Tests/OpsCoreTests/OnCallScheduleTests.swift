import Foundation
import OpsCore
import Testing

/// The final schedule across DST changes, leap days, restrictions and overrides.
@Suite("On-call schedule computation")
struct OnCallScheduleTests {
    static func at(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

    static func resolver(_ text: String, overrides: [OnCallOverride] = []) throws -> OnCallResolver {
        let schedule = try #require(try OnCallSchedule.parse(text, file: "t").first)
        return try OnCallResolver(schedule, overrides: overrides)
    }

    /// (schedule file, instant, expected login, why)
    static let cases: [(String, String, String?, String)] = [
        // New York, spring forward on 2026-03-08 at 02:00 EST (07:00Z).
        (ny("daily", "2026-03-06", "09:00", "a,b"), "2026-03-06T14:00:00Z", "a", "first shift starts 09:00 EST"),
        (ny("daily", "2026-03-06", "09:00", "a,b"), "2026-03-06T13:59:59Z", nil, "before the first shift: nobody"),
        (ny("daily", "2026-03-06", "09:00", "a,b"), "2026-03-08T12:59:00Z", "b", "the 23-hour shift over the change runs to 09:00 EDT"),
        (ny("daily", "2026-03-06", "09:00", "a,b"), "2026-03-08T13:00:00Z", "a", "handoff at 09:00 EDT = 13:00Z"),
        // Handoff inside the gap: 02:30 does not exist on 2026-03-08; it moves to 03:00 EDT (07:00Z).
        (ny("daily", "2026-03-07", "02:30", "a,b"), "2026-03-08T06:59:00Z", "a", "gap: the old shift runs to the end of the gap"),
        (ny("daily", "2026-03-07", "02:30", "a,b"), "2026-03-08T07:00:00Z", "b", "gap: handoff at the first valid instant, 03:00 EDT"),
        (ny("daily", "2026-03-07", "02:30", "a,b"), "2026-03-09T06:29:00Z", "b", "the day after, 02:30 EDT again"),
        (ny("daily", "2026-03-07", "02:30", "a,b"), "2026-03-09T06:30:00Z", "a", "the day after, 02:30 EDT = 06:30Z"),
        // Fall back on 2026-11-01: 01:30 happens twice; the handoff takes the first (EDT, 05:30Z).
        (ny("daily", "2026-10-31", "01:30", "a,b"), "2026-11-01T05:29:00Z", "a", "overlap: before the first 01:30"),
        (ny("daily", "2026-10-31", "01:30", "a,b"), "2026-11-01T05:30:00Z", "b", "overlap: handoff at the first 01:30 (EDT)"),
        (ny("daily", "2026-10-31", "01:30", "a,b"), "2026-11-01T06:30:00Z", "b", "overlap: the second 01:30 (EST) is no handoff"),
        (ny("daily", "2026-10-31", "01:30", "a,b"), "2026-11-02T06:29:00Z", "b", "a 25-hour shift"),
        (ny("daily", "2026-10-31", "01:30", "a,b"), "2026-11-02T06:30:00Z", "a", "next handoff 01:30 EST = 06:30Z"),
        // Berlin, weekly on Mondays at 09:00, over the change on 2026-03-29.
        (berlin("weekly", "2026-03-23", "09:00", "a,b,c"), "2026-03-30T06:59:00Z", "a", "CET week ends at 09:00 CEST = 07:00Z"),
        (berlin("weekly", "2026-03-23", "09:00", "a,b,c"), "2026-03-30T07:00:00Z", "b", "weekly handoff after spring forward"),
        (berlin("weekly", "2026-03-23", "09:00", "a,b,c"), "2026-04-13T07:00:00Z", "a", "the rotation wraps"),
        (berlin("daily", "2026-10-24", "02:30", "a,b"), "2026-10-25T00:30:00Z", "b", "Berlin overlap: first 02:30 (CEST)"),
        (berlin("daily", "2026-10-24", "02:30", "a,b"), "2026-10-26T01:29:00Z", "b", "Berlin 25-hour shift"),
        (berlin("daily", "2026-10-24", "02:30", "a,b"), "2026-10-26T01:30:00Z", "a", "02:30 CET"),
        // N-hour rotations count elapsed hours.
        (ny("12h", "2026-03-07", "08:00", "a,b"), "2026-03-08T12:59:00Z", "b", "12 elapsed hours, not wall-clock"),
        (ny("12h", "2026-03-07", "08:00", "a,b"), "2026-03-08T13:00:00Z", "a", "09:00 EDT after the change"),
        // Leap day.
        (utc("daily", "2028-02-27", "00:00", "a,b,c"), "2028-02-29T12:00:00Z", "c", "29 February is a day of its own"),
        (utc("daily", "2028-02-27", "00:00", "a,b,c"), "2028-03-01T00:00:00Z", "a", "1 March follows"),
        (utc("weekly", "2028-02-22", "09:00", "a,b"), "2028-02-29T09:00:00Z", "b", "a week spanning the leap day"),
    ]

    static func ny(_ every: String, _ start: String, _ handoff: String, _ people: String) -> String {
        "schedule s team t tz America/New_York\nlayer l priority 1 every \(every) start \(start) handoff \(handoff) people \(people)\n"
    }
    static func berlin(_ every: String, _ start: String, _ handoff: String, _ people: String) -> String {
        "schedule s team t tz Europe/Berlin\nlayer l priority 1 every \(every) start \(start) handoff \(handoff) people \(people)\n"
    }
    static func utc(_ every: String, _ start: String, _ handoff: String, _ people: String) -> String {
        "schedule s team t tz UTC\nlayer l priority 1 every \(every) start \(start) handoff \(handoff) people \(people)\n"
    }

    @Test("who is on call", arguments: cases.indices)
    func onCall(_ index: Int) throws {
        let (file, instant, expected, why) = Self.cases[index]
        let r = try Self.resolver(file)
        #expect(r.onCall(at: Self.at(instant))?.login == expected, "\(why)")
    }

    @Test("DST gap and overlap rule on the zone clock")
    func zoneRule() throws {
        let ny = try #require(ZoneClock(identifier: "America/New_York"))
        let gap = try #require(CivilDate("2026-03-08"))
        #expect(ny.instant(gap, minute: 150) == Int64(Self.at("2026-03-08T07:00:00Z").timeIntervalSince1970), "02:30 → 03:00 EDT")
        let overlap = try #require(CivilDate("2026-11-01"))
        #expect(ny.instant(overlap, minute: 90) == Int64(Self.at("2026-11-01T05:30:00Z").timeIntervalSince1970), "first 01:30")
        #expect(ZoneClock(identifier: "Mars/Olympus") == nil)
    }

    static let layered = """
        schedule s team t tz America/New_York
        layer base priority 1 every weekly start 2026-11-30 handoff 09:00 people a,b
        layer days priority 2 every daily start 2026-11-30 handoff 09:00 people c restrict business-hours
        layer weekend priority 3 every weekly start 2026-11-28 handoff 00:00 people d restrict weekends
        """

    @Test("restrictions: higher layers override lower ones only inside their windows",
          arguments: [("2026-12-02T15:00:00Z", "c"), ("2026-12-02T23:00:00Z", "a"), ("2026-12-05T15:00:00Z", "d"),
                      ("2026-12-07T04:59:00Z", "d"), ("2026-12-07T05:00:00Z", "a"), ("2026-12-07T14:00:00Z", "c"),
                      ("2026-12-07T22:00:00Z", "b")])
    func restrictions(_ instant: String, _ expected: String) throws {
        #expect(try Self.resolver(Self.layered).onCall(at: Self.at(instant))?.login == expected)
    }

    @Test("overlapping overrides: the newest wins, and only while the covered person is on call")
    func overrides() throws {
        let base = Self.utc("daily", "2026-12-01", "00:00", "a,b")
        let overrides = [
            OnCallOverride(id: 1, schedule: "s", covering: "x", covered: "a", start: Self.at("2026-12-01T06:00:00Z"), end: Self.at("2026-12-01T12:00:00Z")),
            OnCallOverride(id: 2, schedule: "s", covering: "y", covered: "a", start: Self.at("2026-12-01T10:00:00Z"), end: Self.at("2026-12-01T14:00:00Z")),
            OnCallOverride(id: 3, schedule: "s", covering: "z", covered: "b", start: Self.at("2026-12-01T01:00:00Z"), end: Self.at("2026-12-01T02:00:00Z")),
        ]
        let r = try Self.resolver(base, overrides: overrides)
        #expect(r.onCall(at: Self.at("2026-12-01T08:00:00Z"))?.login == "x")
        #expect(r.onCall(at: Self.at("2026-12-01T11:00:00Z"))?.login == "y")
        #expect(r.onCall(at: Self.at("2026-12-01T11:00:00Z"))?.covering == "a")
        #expect(r.onCall(at: Self.at("2026-12-01T15:00:00Z"))?.login == "a")
        #expect(r.onCall(at: Self.at("2026-12-01T01:30:00Z"))?.login == "a", "b is not on call: z's override does nothing")
        #expect(!r.hasShift("b", from: Self.at("2026-12-01T01:00:00Z"), to: Self.at("2026-12-01T02:00:00Z")), "flagged")
        let day = r.shifts(from: Self.at("2026-12-01T00:00:00Z"), to: Self.at("2026-12-02T00:00:00Z"))
        #expect(day.map { $0.login ?? "-" } == ["a", "x", "y", "a"])
        #expect(day.map { Timestamp.format($0.start) } == ["2026-12-01T00:00:00.000Z", "2026-12-01T06:00:00.000Z",
                                                          "2026-12-01T10:00:00.000Z", "2026-12-01T14:00:00.000Z"])
    }

    @Test("range: shifts over a DST change last 24, 23 and 24 hours; next N shifts")
    func ranges() throws {
        let r = try Self.resolver(Self.ny("daily", "2026-03-06", "09:00", "a,b"))
        let shifts = r.shifts(from: Self.at("2026-03-06T14:00:00Z"), to: Self.at("2026-03-09T13:00:00Z"))
        #expect(shifts.map { $0.end.timeIntervalSince($0.start) / 3600 } == [24, 23, 24])
        let next = r.nextShifts(3, after: Self.at("2026-03-07T00:00:00Z"))
        #expect(next.map { $0.login ?? "-" } == ["a", "b", "a"])
        #expect(next.first?.start == Self.at("2026-03-07T00:00:00Z"))
    }

    @Test("gaps: a business-hours-only schedule has nobody at night")
    func gaps() throws {
        let r = try Self.resolver("schedule s team t tz America/New_York\nlayer l priority 1 every daily start 2026-12-01 handoff 09:00 people a restrict business-hours\n")
        let gaps = r.gaps(from: Self.at("2026-12-07T05:00:00Z"), to: Self.at("2026-12-08T05:00:00Z"))
        #expect(gaps.map { Timestamp.format($0.start) } == ["2026-12-07T05:00:00.000Z", "2026-12-07T22:00:00.000Z"])
        #expect(gaps.map { Timestamp.format($0.end) } == ["2026-12-07T14:00:00.000Z", "2026-12-08T05:00:00.000Z"])
    }

    @Test("a year of a daily rotation: 365 shifts, back to back")
    func year() throws {
        let r = try Self.resolver(Self.berlin("daily", "2026-01-01", "09:00", "a,b,c"))
        let shifts = r.shifts(from: Self.at("2026-01-01T08:00:00Z"), to: Self.at("2027-01-01T08:00:00Z"))
        #expect(shifts.count == 365)
        #expect(zip(shifts, shifts.dropFirst()).allSatisfy { $0.end == $1.start })
    }

    @Test("night is 22:00 to 07:00 local")
    func night() throws {
        let berlin = try #require(ZoneClock(identifier: "Europe/Berlin"))
        #expect(OnCallPolicy.isNight(Self.at("2026-12-07T21:30:00Z"), zone: berlin))
        #expect(OnCallPolicy.isNight(Self.at("2026-12-07T05:59:00Z"), zone: berlin))
        #expect(!OnCallPolicy.isNight(Self.at("2026-12-07T06:00:00Z"), zone: berlin))
    }

    /// A Berlin handoff inside the spring-forward gap (02:30 on 2026-03-29 does not exist),
    /// and restrictions and overrides across New York's change on 2026-03-08: a window opens
    /// and closes at the same local time on both sides, and an override counts real hours.
    static let layeredDST = """
        schedule s team t tz America/New_York
        layer base priority 1 every weekly start 2026-03-02 handoff 09:00 people a,b
        layer days priority 2 every daily start 2026-03-02 handoff 09:00 people c restrict business-hours
        layer weekend priority 3 every weekly start 2026-02-28 handoff 00:00 people d restrict weekends
        """

    @Test("DST: a Berlin handoff in the gap, restrictions and overrides across New York's change",
          arguments: [
              (berlin("daily", "2026-03-28", "02:30", "a,b"), "2026-03-29T00:59:00Z", "a"), // 01:59 CET: runs to the end of the gap
              (berlin("daily", "2026-03-28", "02:30", "a,b"), "2026-03-29T01:00:00Z", "b"), // 03:00 CEST: first valid instant
              (berlin("daily", "2026-03-28", "02:30", "a,b"), "2026-03-30T00:29:00Z", "b"),
              (berlin("daily", "2026-03-28", "02:30", "a,b"), "2026-03-30T00:30:00Z", "a"), // 02:30 CEST
              (layeredDST, "2026-03-06T13:30:00Z", "a"), // Fri 08:30 EST: before business hours
              (layeredDST, "2026-03-06T14:00:00Z", "c"), // Fri 09:00 EST
              (layeredDST, "2026-03-09T03:59:00Z", "d"), // Sun 23:59 EDT: still the weekend
              (layeredDST, "2026-03-09T04:00:00Z", "a"), // Mon 00:00 EDT
              (layeredDST, "2026-03-09T12:59:00Z", "a"), // Mon 08:59 EDT
              (layeredDST, "2026-03-09T13:00:00Z", "c"), // Mon 09:00 EDT (would be 08:00 in EST)
              (layeredDST, "2026-03-09T21:30:00Z", "b"), // Mon 17:30 EDT: closed (16:30 EST would be open); week 2
          ])
    func acrossDST(_ file: String, _ instant: String, _ expected: String) throws {
        #expect(try Self.resolver(file).onCall(at: Self.at(instant))?.login == expected)
    }

    @Test("an override across spring forward lasts its real hours: 01:00 EST to 04:00 EDT is two hours")
    func overrideAcrossDST() throws {
        let cover = OnCallOverride(id: 1, schedule: "s", covering: "x", covered: "b",
                                   start: Self.at("2026-03-08T06:00:00Z"), end: Self.at("2026-03-08T08:00:00Z"))
        let r = try Self.resolver(Self.ny("daily", "2026-03-06", "09:00", "a,b"), overrides: [cover])
        #expect(r.onCall(at: Self.at("2026-03-08T07:30:00Z"))?.login == "x", "03:30 EDT")
        #expect(r.onCall(at: Self.at("2026-03-08T08:00:00Z"))?.login == "b")
        let shifts = r.shifts(from: Self.at("2026-03-08T00:00:00Z"), to: Self.at("2026-03-08T12:00:00Z"))
        #expect(shifts.map { $0.login ?? "-" } == ["b", "x", "b"])
        #expect(shifts.map { $0.end.timeIntervalSince($0.start) / 3600 } == [6, 2, 4])
    }
}
