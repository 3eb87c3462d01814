import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// The iCalendar export read back by Python's `icalendar` (Debian python3-icalendar, which
/// Scripts/ensure-deps.sh installs): the same shifts at the same UTC instants. The test
/// fails, never skips, when the parser is missing.
@Suite("iCalendar export against Python's icalendar")
struct ICalendarOracleTests {
    struct Parsed: Decodable {
        struct Event: Decodable { var summary: String; var uid: String; var start: String; var end: String }
        var name: String
        var events: [Event]
    }

    /// Two months over a DST change, with overrides, a folded long name and text escapes.
    @Test("round trip: same shifts, same times in UTC")
    func roundTrip() throws {
        let file = """
            schedule sre-primary-with-a-rather-long-name-x team sre tz America/New_York
            layer base priority 1 every weekly start 2026-10-26 handoff 09:00 people alice,bob,carol
            layer days priority 2 every daily start 2026-10-26 handoff 02:30 people dave restrict weekends
            """
        let schedule = try #require(try OnCallSchedule.parse(file, file: "t").first)
        let overrides = [OnCallOverride(id: 1, schedule: schedule.name, covering: "erin", covered: "bob",
                                        start: Timestamp.parse("2026-11-03T12:00:00Z") ?? .distantPast,
                                        end: Timestamp.parse("2026-11-04T12:00:00Z") ?? .distantPast)]
        let resolver = try OnCallResolver(schedule, overrides: overrides)
        let shifts = resolver.shifts(from: Timestamp.parse("2026-10-26T00:00:00Z") ?? .distantPast,
                                     to: Timestamp.parse("2026-12-26T00:00:00Z") ?? .distantPast)
        let ics = ICalendar.export(shifts, schedule: schedule.name, stamp: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(ics.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 75 })
        let dir = try TemporaryDirectory()
        let path = dir.path + "/feed.ics"
        try Data(ics.utf8).write(to: URL(fileURLWithPath: path))
        let script = try RepoFiles.root() + "/Scripts/ics-oracle.py"
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "/usr/bin/env"
        let result = try ChildProcess.run(python, python == "/usr/bin/env" ? ["python3", script, path] : [script, path], timeout: 60)
        try #require(result.status == 0, "Python's icalendar could not read the feed (install python3-icalendar: Scripts/ensure-deps.sh): \(result)")
        let parsed = try JSONDecoder().decode(Parsed.self, from: Data(result.stdout.utf8))
        #expect(parsed.name == "On call: \(schedule.name)")
        let ours = shifts.filter { $0.login != nil }
        #expect(ours.contains { $0.login == "erin" && $0.covering == "bob" })
        #expect(parsed.events.count == ours.count)
        for (event, shift) in zip(parsed.events, ours) {
            #expect(event.summary == "On call: \(shift.login ?? "") (\(schedule.name))")
            #expect(event.start == String(Timestamp.format(shift.start).prefix(19)) + "Z")
            #expect(event.end == String(Timestamp.format(shift.end).prefix(19)) + "Z")
        }
        #expect(Set(parsed.events.map(\.uid)).count == parsed.events.count, "UIDs are unique")
    }

    @Test("import: overrides from a calendar export, UTC and TZID times, errors at file:line")
    func importOverrides() throws {
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:erin covers bob\r\nDTSTART:20261203T120000Z\r\nDTEND:20261204T120000Z\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nSUMMARY:alice covers\r\n  carol\r\nDTSTART;TZID=America/New_York:20261205T090000\r\nDTEND;TZID=America/New_York:20261205T170000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let overrides = try ICalendar.importOverrides(ics, file: "cal.ics")
        #expect(overrides.map(\.covering) == ["erin", "alice"])
        #expect(overrides.map(\.covered) == ["bob", "carol"])
        #expect(overrides[1].start == Timestamp.parse("2026-12-05T14:00:00Z"))
        let bad = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:lunch\nDTSTART:20261203T120000Z\nDTEND:20261203T130000Z\nEND:VEVENT\nEND:VCALENDAR\n"
        do { _ = try ICalendar.importOverrides(bad, file: "cal.ics"); Issue.record("accepted") } catch {
            #expect(error.fieldErrors.first?.field == "cal.ics:2")
        }
    }

    @Test("import: a TZID that does not exist is named at file:line; a local time in a DST gap moves to the end of the gap")
    func importZones() throws {
        func event(_ start: String, _ end: String) -> String {
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:erin covers bob\r\n\(start)\r\n\(end)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        }
        do {
            _ = try ICalendar.importOverrides(event("DTSTART;TZID=Mars/Olympus:20261205T090000", "DTEND:20261205T170000Z"), file: "cal.ics")
            Issue.record("accepted")
        } catch {
            #expect(error.fieldErrors.first?.field == "cal.ics:2")
            #expect(error.fieldErrors.first?.message.contains("TZID='Mars/Olympus', which is not an IANA time zone") == true, "\(error.fieldErrors)")
        }
        // 02:30 on 2026-03-08 does not exist in New York: it reads as 03:00 EDT (07:00Z).
        let gap = try ICalendar.importOverrides(event("DTSTART;TZID=America/New_York:20260308T023000", "DTEND;TZID=America/New_York:20260308T090000"),
                                                file: "cal.ics")
        #expect(gap.first?.start == Timestamp.parse("2026-03-08T07:00:00Z"))
        #expect(gap.first?.end == Timestamp.parse("2026-03-08T13:00:00Z"))
    }
}
