import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// Business-time arithmetic on real time zones, weekends, holidays and DST changes.
@Suite("Business calendar")
struct BusinessCalendarTests {
    static func at(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

    static func calendar(_ text: String) -> BusinessCalendar {
        (try? BusinessCalendar.parse(text)) ?? .aroundTheClock
    }

    static let berlin = calendar("mon-fri 09:00-17:00 Europe/Berlin 2026-12-25")

    /// (calendar, start, business time, expected instant, why)
    static let additions: [(String, String, TimeInterval, String, String)] = [
        ("mon-fri 09:00-17:00 Europe/Berlin", "2026-12-07T10:00Z", 4 * 3_600, "2026-12-07T14:00Z", "within one winter day (CET, UTC+1)"),
        ("mon-fri 09:00-17:00 Europe/Berlin", "2026-12-07T14:00Z", 4 * 3_600, "2026-12-08T10:00Z", "carries over the night"),
        ("mon-fri 09:00-17:00 Europe/Berlin", "2026-12-11T15:00Z", 2 * 3_600, "2026-12-14T09:00Z", "carries over the weekend"),
        ("mon-fri 09:00-17:00 Europe/Berlin", "2026-12-12T12:00Z", 3_600, "2026-12-14T09:00Z", "opened on a Saturday"),
        ("mon-fri 09:00-17:00 Europe/Berlin", "2026-12-07T05:00Z", 1_800, "2026-12-07T08:30Z", "opened before opening time"),
        ("mon-fri 09:00-17:00 Europe/Berlin 2026-12-25", "2026-12-24T15:00Z", 2 * 3_600, "2026-12-28T09:00Z", "skips a holiday and the weekend"),
        ("mon-fri 09:00-17:00 Europe/Berlin", "2027-03-26T15:00Z", 2 * 3_600, "2027-03-29T08:00Z", "spring forward: Monday opens at 07:00 UTC"),
        ("mon-fri 09:00-17:00 Europe/Berlin", "2026-10-23T14:00Z", 2 * 3_600, "2026-10-26T09:00Z", "fall back: Monday opens at 08:00 UTC"),
        ("mon-fri 09:00-17:00 America/New_York", "2026-12-07T13:00Z", 3_600, "2026-12-07T15:00Z", "another zone (EST, UTC-5)"),
        ("mon-fri 09:00-17:00 UTC", "2026-12-07T09:00Z", 24 * 3_600, "2026-12-09T17:00Z", "24 business hours are three working days"),
        ("sat-sun 10:00-12:00 UTC", "2026-12-07T09:00Z", 3 * 3_600, "2026-12-13T11:00Z", "weekend-only desk"),
        ("fri-mon 00:00-24:00 UTC", "2026-12-08T12:00Z", 30 * 3_600, "2026-12-12T06:00Z", "a wrapping day range, all day"),
        ("mon-fri 09:00-17:00 UTC", "2026-12-07T12:00Z", 0, "2026-12-07T12:00Z", "zero is the start itself"),
    ]

    @Test("adding business time", arguments: additions.indices)
    func addition(index: Int) {
        let (text, start, seconds, expected, why) = Self.additions[index]
        let calendar = Self.calendar(text)
        let due = calendar.add(seconds, to: Self.at(start))
        #expect(Timestamp.format(due) == Timestamp.format(Self.at(expected)), "\(why)")
        // And back: the business time between the two is what was added.
        #expect(calendar.businessTime(from: Self.at(start), to: due) == seconds, "\(why)")
    }

    @Test("business time between two instants")
    func between() {
        #expect(Self.berlin.businessTime(from: Self.at("2026-12-11T15:00Z"), to: Self.at("2026-12-14T09:00Z")) == 7_200)
        #expect(Self.berlin.businessTime(from: Self.at("2026-12-14T09:00Z"), to: Self.at("2026-12-11T15:00Z")) == 0)
        #expect(Self.berlin.businessTime(from: Self.at("2026-12-25T00:00Z"), to: Self.at("2026-12-26T00:00Z")) == 0)
        // A 24-hour calendar counts the spring-forward Sunday as 23 hours and the fall-back one as 25.
        let allDay = Self.calendar("mon-sun 00:00-24:00 Europe/Berlin 2027-12-25")
        #expect(!allDay.isAlwaysOpen)
        #expect(allDay.businessTime(from: Self.at("2027-03-27T23:00Z"), to: Self.at("2027-03-28T22:00Z")) == 23 * 3_600)
        #expect(allDay.businessTime(from: Self.at("2026-10-24T22:00Z"), to: Self.at("2026-10-25T23:00Z")) == 25 * 3_600)
    }

    @Test("open or closed at an instant")
    func openAt() {
        #expect(Self.berlin.isOpen(at: Self.at("2026-12-07T08:00Z")))
        #expect(!Self.berlin.isOpen(at: Self.at("2026-12-07T07:59Z")))
        #expect(!Self.berlin.isOpen(at: Self.at("2026-12-07T16:00Z")))
        #expect(!Self.berlin.isOpen(at: Self.at("2026-12-25T10:00Z")))
        #expect(BusinessCalendar.aroundTheClock.isOpen(at: Self.at("2026-12-25T03:00Z")))
    }

    @Test("a calendar with no open time answers never, not a hang")
    func never() {
        let closed = BusinessCalendar(weekdays: [2], opens: 540, closes: 1_020, timeZone: TimeZone(identifier: "UTC") ?? .current,
                                      holidays: [])
        #expect(closed.add(100_000 * 3_600, to: Self.at("2026-12-07T09:00Z")) == .distantFuture)
    }

    @Test("the setting's text round-trips")
    func text() throws {
        let calendar = try BusinessCalendar.parse("Mon-Fri 09:00-17:30 Europe/Berlin 2026-12-25 2026-12-24")
        #expect(calendar.description == "mon,tue,wed,thu,fri 09:00-17:30 Europe/Berlin 2026-12-24 2026-12-25")
        #expect(try BusinessCalendar.parse(calendar.description) == calendar)
        #expect(try BusinessCalendar.parse("fri-mon 00:00-24:00").weekdays == [6, 7, 1, 2])
        #expect(try BusinessCalendar.parse("mon,wed 08:00-12:00").timeZone.secondsFromGMT() == 0)
    }

    @Test("bad calendars name the token", arguments: [
        ("mon-fri 17:00-09:00", "'17:00-09:00' closes before it opens; hours cannot span midnight (use 00:00-24:00 for all day)."),
        ("mon-fri", "give the opening hours, e.g. 09:00-17:00."),
        ("09:00-17:00", "name the working days, e.g. mon-fri."),
        ("mon-fri 09:00-17:00 Mars/Olympus", "'Mars/Olympus' is not days (mon-fri), hours (09:00-17:00), a time zone (Europe/Berlin) or a holiday (2026-12-25)."),
        ("mon-fri 25:00-26:00", "'25:00-26:00' is not opening hours; write HH:MM-HH:MM, e.g. 09:00-17:00."),
        ("mon-fri 09:00-12:00 13:00-17:00", "give the opening hours once ('13:00-17:00' is a second)."),
    ])
    func badCalendar(text: String, message: String) {
        let error = opsError { () throws(OpsError) in try BusinessCalendar.parse(text) }
        #expect(error == .invalid(field: "calendar", message: message))
        #expect(error?.exitCode == 2)
    }
}
