import Foundation
import OpsCore
import Testing
import _OpsTestSupport

@Suite("Timestamps, durations, canonical JSON, error codes")
struct CoreSupportTests {
    @Test("timestamps are ISO 8601 UTC with milliseconds, and parse back")
    func timestamps() throws {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_000_000.1234)) == "2026-11-18T11:06:40.123Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        let date = Date(timeIntervalSince1970: 1_795_000_000.25)
        #expect(Timestamp.parse(Timestamp.format(date)) == date)
        #expect(Timestamp.parse("2026-11-27") == Date(timeIntervalSince1970: 1_795_737_600))
        #expect(Timestamp.parse("2026-11-27T10:00Z") == Date(timeIntervalSince1970: 1_795_773_600))
        #expect(Timestamp.parse("yesterday") == nil)
    }

    @Test("the stored form parses without a formatter, to the millisecond, exactly as the formatter does")
    func storedFormFastPath() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let ms = Int64.random(in: 0...4_102_444_800_000, using: &rng)  // 1970 to 2100
            let date = Date(timeIntervalSince1970: TimeInterval(ms) / 1000)
            let text = Timestamp.format(date)
            let fast = try #require(Timestamp.parseStored(text), "\(text)")
            #expect(abs(fast.timeIntervalSince(date)) < 0.0011, "\(text): format floors to the millisecond")
            #expect(Timestamp.parse(" \(text)") == fast, "the formatter path reads the same instant")
        }
        for bad in ["2026-02-31T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-11-27T24:00:00.000Z", "1969-12-31T23:59:59.999Z",
                    "2026-11-27T10:00:00.00xZ"] {
            #expect(Timestamp.parseStored(bad) == nil, "\(bad)")
        }
    }

    @Test("durations typed by people", arguments: [("90s", 90.0), ("15m", 900), ("1h", 3600), ("7d", 604_800), ("2w", 1_209_600), (" 1.5H ", 5400)])
    func durations(text: String, seconds: Double) {
        #expect(OpsCore.Duration.parse(text) == seconds)
    }

    @Test("bad durations are nil", arguments: ["", "h", "5", "5y", "-1d", "nand", "1e308s", "infs", "nans", "0x10s", "1..5h", "1h 30m",
                                               "36526d", "999999999999d", String(repeating: "9", count: 100_000) + "s"])
    func badDurations(text: String) {
        #expect(OpsCore.Duration.parse(text) == nil)
    }

    @Test("compound durations, milliseconds, bare numbers where the caller allows them, and the 100-year cap")
    func durationForms() throws {
        #expect(OpsCore.Duration.parse("1h30m") == 5_400)
        #expect(OpsCore.Duration.parse("4m22s") == 262)
        #expect(OpsCore.Duration.parse("500ms") == 0.5)
        #expect(OpsCore.Duration.parse("262", bare: .seconds) == 262)
        #expect(OpsCore.Duration.parse("45", bare: .minutes) == 2_700)
        #expect(OpsCore.Duration.parse("36525d") == InputLimits.maxDuration)
        #expect(throws: OpsError.invalid(field: "for", message: "'36526d' is longer than 100 years.")) {
            try OpsCore.Duration.parse("36526d", field: "for")
        }
        #expect(throws: OpsError.invalid(field: "for", message: "'0s' is zero; give a duration such as 30m, 2h or 1d.")) {
            try OpsCore.Duration.parse("0s", field: "for", positive: true)
        }
    }

    @Test("times outside 1970…9999 are refused; ages and times ahead stay in range")
    func timeRanges() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(Timestamp.parse("1969-12-31") == nil)
        #expect(Timestamp.parse("9999-12-31T23:59:59.999Z") != nil)
        #expect(Timestamp.parse(String(repeating: "2026-11-27", count: 10_000)) == nil)
        #expect(try InputLimits.ago("7d", field: "since", now: now) == now.addingTimeInterval(-604_800))
        #expect(throws: OpsError.self) { try InputLimits.ago("999999999999d", field: "since", now: now) }
        #expect(throws: OpsError.self) { try InputLimits.ahead("1e308s", field: "until", now: now) }
        #expect(throws: OpsError.invalid(field: "offset", message: "9223372036854775807 is out of range; give 0 to 1000000000.")) {
            try InputLimits.count(Int.max, field: "offset")
        }
        for bad in [Double.nan, .infinity, -.infinity, 0.1, 61] {
            #expect(throws: OpsError.self) { try InputLimits.number(bad, field: "refresh", in: 0.2...60) }
        }
        #expect(try InputLimits.size("120x40", field: "size", widths: 20...1_000, heights: 5...500) == (120, 40))
        #expect(throws: OpsError.self) { try InputLimits.size("9223372036854775807x40", field: "size", widths: 20...1_000, heights: 5...500) }
    }

    @Test("canonical JSON sorts keys and escapes controls, so audit hashes are reproducible")
    func canonicalJSON() {
        let value: JSONValue = ["b": 1, "a": ["x", .null, true], "c": .string("q\"\\\n\u{1}é")]
        #expect(value.canonical == #"{"a":["x",null,true],"b":1,"c":"q\"\\\n\u0001é"}"#)
        let reordered: JSONValue = ["c": .string("q\"\\\n\u{1}é"), "a": ["x", .null, true], "b": 1]
        #expect(reordered.canonical == value.canonical)
    }

    @Test("canonical of a string map is the canonical of the same object, escapes and non-ASCII keys included")
    func canonicalStringMap() {
        let keys = ["a", "B", "b", "é", "e\u{301}", "z\"q", "\u{1}", "火", "🔥", "", "a b", "A"]
        let values = ["", "x", "line\nbreak", "\u{1B}[2J", "q\"\\", "é", "🔥", "\u{7F}"]
        for n in 0..<200 {
            var map: [String: String] = [:]
            for i in 0..<(n % 9) { map[keys[(n * 7 + i * 5) % keys.count]] = values[(n + i * 3) % values.count] }
            #expect(JSONValue.canonical(map) == JSONValue.object(map.mapValues(JSONValue.string)).canonical, "\(map)")
        }
        #expect(JSONValue.canonical([:]) == "{}")
        #expect(JSONValue.canonical(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
    }

    @Test("each error kind maps to its documented exit code")
    func exitCodes() {
        #expect(OpsError.invalid(field: "login", message: "x.").exitCode == 2)
        #expect(OpsError.invalidFields([]).exitCode == 2)
        #expect(OpsError.notFound("x").exitCode == 3)
        #expect(OpsError.permissionDenied("x").exitCode == 4)
        #expect(OpsError.conflict("x").exitCode == 5)
        #expect(OpsError.store("x").exitCode == 1)
        #expect(OpsError.failure("x").exitCode == 1)
    }

    @Test("several invalid fields print one line each, naming the field")
    func invalidFieldsDescription() {
        let error = OpsError.invalidFields([FieldError(field: "login", message: "a login is required."),
                                            FieldError(field: "email", message: "an email address is required.")])
        #expect(error.description == "Invalid login: a login is required.\nInvalid email: an email address is required.")
        #expect(error.fieldErrors.map(\.field) == ["login", "email"])
        #expect(OpsError.conflict("x").fieldErrors.isEmpty)
    }

    @Test("role names typed by people")
    func roleNames() {
        #expect(Role(name: "Super-Admin") == .superAdmin)
        #expect(Role(name: "READONLY") == .readonly)
        #expect(Role(name: "root") == nil)
        #expect(Role.allCases.sorted() == Role.allCases)
        #expect(Permission.allCases.sorted() == Permission.allCases)
    }

    @Test("ManualClock only moves when told")
    func manualClock() {
        let clock = ManualClock(Date(timeIntervalSince1970: 100))
        #expect(clock.now() == Date(timeIntervalSince1970: 100))
        clock.advance(by: 86_400)
        #expect(clock.now() == Date(timeIntervalSince1970: 86_500))
    }
}
