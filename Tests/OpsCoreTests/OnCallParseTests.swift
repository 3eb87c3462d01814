import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// The schedule file: what it accepts, and a "file:line" sentence for every problem.
@Suite("On-call schedule file")
struct OnCallParseTests {
    static let good = """
        # SRE
        schedule sre-primary team sre tz America/New_York
        layer base priority 1 every weekly start 2026-11-30 handoff 09:00 people alice,bob
        layer days priority 2 every daily start 2026-11-30 handoff 09:00 people carol restrict business-hours
        layer nights priority 2 every 12h start 2026-11-30 handoff 21:00 people dave restrict weekends

        schedule security team security tz Europe/Berlin
        layer base priority 1 every daily start 2026-12-01 handoff 08:30 people erin
        """

    @Test("a good file round-trips through its canonical text")
    func roundTrip() throws {
        let schedules = try OnCallSchedule.parse(Self.good, file: "f")
        #expect(schedules.map(\.name) == ["sre-primary", "security"])
        #expect(schedules[0].layers.map(\.length) == [.weekly, .daily, .hours(12)])
        #expect(schedules[0].layers[1].restriction == .businessHours)
        let again = try OnCallSchedule.parse(schedules.map(\.text).joined(), file: "f")
        #expect(again.map(\.text) == schedules.map(\.text))
    }

    @Test("the shipped example file parses")
    func shippedExample() throws {
        let schedules = try OnCallSchedule.parse(try RepoFiles.text("Config/oncall-schedules.conf"), file: "Config/oncall-schedules.conf")
        #expect(schedules.map(\.name) == ["sre-primary", "sre-secondary"])
    }

    /// (file text, expected "file:line: message" fragment)
    static let bad: [(String, String)] = [
        ("schedule s team t tz America/New_York\nlayer l priority 1 every daily start 2026-12-01 handoff 09:00\n", "f:2 no participants"),
        ("schedule s team t tz America/New_York\nlayer l priority 1 every daily start 2026-12-01 handoff 09:00 people ,\n", "f:2 no participants"),
        ("schedule s team t tz Mars/Olympus\nlayer l priority 1 every daily start 2026-12-01 handoff 09:00 people a\n", "f:1 not an IANA time zone"),
        ("schedule s team t tz UTC\nlayer a priority 1 every daily start 2026-12-01 handoff 09:00 people a\nlayer b priority 1 every weekly start 2026-12-01 handoff 09:00 people b\n",
         "f:3 both have priority 1"),
        ("schedule s team t tz UTC\nlayer a priority 1 every daily start 2026-12-01 handoff 09:00 people a restrict weekends\nlayer b priority 1 every weekly start 2026-12-01 handoff 09:00 people b restrict weekends\n",
         "f:3 both have priority 1"),
        ("schedule s team t tz UTC\nlayer a priority 1 every daily start 2026-02-30 handoff 09:00 people a\n", "f:2 start must be a date"),
        ("schedule s team t tz UTC\nlayer a priority 1 every daily start 2026-02-01 handoff 24:00 people a\n", "f:2 handoff must be"),
        ("schedule s team t tz UTC\nlayer a priority 1 every 0h start 2026-02-01 handoff 09:00 people a\n", "f:2 every must be"),
        ("schedule s team t tz UTC\nlayer a priority 1 every daily start 2026-02-01 handoff 09:00 people Bad!\n", "f:2 is not a login"),
        ("schedule s team t tz UTC\nlayer a priority 1 every daily start 2026-02-01 handoff 09:00 people a restrict nights\n", "f:2 restrict must be"),
        ("layer a priority 1 every daily start 2026-02-01 handoff 09:00 people a\n", "f:1 needs a schedule line"),
        ("schedule s team t tz UTC\n", "f:1 has no layers"),
        ("rotate s\n", "f:1 unknown directive"),
        ("schedule s team t tz UTC\nlayer a priority 1 every daily start 2026-02-01 handoff 09:00 people a\u{1B}[31m\n", "f:2 control or escape"),
    ]

    @Test("bad input: one sentence at file:line", arguments: bad.indices)
    func refused(_ index: Int) {
        let (text, expected) = Self.bad[index]
        let parts = expected.split(separator: " ", maxSplits: 1).map(String.init)
        do {
            _ = try OnCallSchedule.parse(text, file: "f")
            Issue.record("accepted: \(text)")
        } catch {
            let errors = error.fieldErrors
            #expect(errors.contains { $0.field == parts[0] && $0.message.contains(parts[1]) }, "\(errors)")
        }
    }

    @Test("every problem of a file is reported at once")
    func allAtOnce() {
        let text = "schedule s team t tz Nowhere/Zone\nschedule u team t tz UTC\nlayer a priority x\nbogus\n"
        #expect(throws: OpsError.self) { try OnCallSchedule.parse(text, file: "f") }
        do { _ = try OnCallSchedule.parse(text, file: "f") } catch {
            #expect(error.fieldErrors.map(\.field) == ["f:1", "f:3", "f:4"])
        }
    }

    @Test("override rules: two people, an end after the start, at most 90 days; who may make one")
    func overridePolicy() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(throws: OpsError.self) { try OnCallPolicy.validateOverride(covering: "a", covered: "a", start: now, end: now + 60) }
        #expect(throws: OpsError.self) { try OnCallPolicy.validateOverride(covering: "a", covered: "b", start: now, end: now) }
        #expect(throws: OpsError.self) { try OnCallPolicy.validateOverride(covering: "a", covered: "b", start: now, end: now + 91 * 86_400) }
        try OnCallPolicy.validateOverride(covering: "a", covered: "b", start: now, end: now + 3600)
        func account(_ login: String, _ roles: Set<Role>, team: String? = "sre") -> StaffAccount {
            StaffAccount(id: 1, login: login, displayName: login, email: "\(login)@x", team: team, status: .active, roles: roles,
                         version: 1, createdAt: now, updatedAt: now, updatedBy: nil)
        }
        try OnCallPolicy.checkOverride(actor: account("a", [.ops]), covering: "a", covered: "b", team: "sre")
        try OnCallPolicy.checkOverride(actor: account("b", [.ops]), covering: "a", covered: "b", team: "sre")
        try OnCallPolicy.checkOverride(actor: account("lead", [.ops]), covering: "a", covered: "b", team: "sre")
        try OnCallPolicy.checkOverride(actor: account("hr", [.admin], team: nil), covering: "a", covered: "b", team: "sre")
        #expect(throws: OpsError.self) { try OnCallPolicy.checkOverride(actor: account("lead", [.ops], team: "mta"), covering: "a", covered: "b", team: "sre") }
        #expect(throws: OpsError.self) { try OnCallPolicy.checkOverride(actor: account("a", [.support]), covering: "a", covered: "b", team: "sre") }
        #expect(throws: OpsError.self) { try OnCallPolicy.checkOverride(actor: account("c", [.readonly]), covering: "a", covered: "b", team: "sre") }
    }
}
