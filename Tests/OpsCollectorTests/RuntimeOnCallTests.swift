import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// The collector tick drives on-call handoffs, as it drives the ticket SLA sweep.
@Suite("Collector tick: on-call handoff reports")
struct RuntimeOnCallTests {
    @Test("a shift change between two ticks gives one handoff report, not two")
    func handoffOnTick() throws {
        let clock = ManualClock(Timestamp.parse("2026-12-01T23:59:50Z") ?? .distantPast)
        let db = try AppDatabase(inMemory: clock)
        _ = try db.initialize(login: "boss", displayName: "Boss Person", email: "boss@example.com")
        let boss = ActorContext(osLogin: "boss")
        for login in ["alice", "carol"] {
            _ = try db.createStaff(NewStaff(login: login, displayName: "Person \(login)", email: "\(login)@example.com", team: "mta", roles: ["ops"]),
                                   confirmedPowerGrant: true, as: boss)
        }
        try db.loadOnCallSchedules("schedule primary team mta tz UTC\nlayer base priority 1 every daily start 2026-11-01 handoff 00:00 people alice,carol\n",
                                   file: "s", as: boss)
        let collector = Collector(sources: [RuntimeScriptSource("s", interval: 1)], store: db, clock: clock,
                                  alerting: ScriptedAlerting([]), options: Collector.Options())
        #expect(collector.tickOnce().handoffs == 0)
        clock.advance(by: 20)
        #expect(collector.tickOnce().handoffs == 1)
        clock.advance(by: 5)
        #expect(collector.tickOnce().handoffs == 0)
        #expect(try db.onCallHandoffs(as: boss).map { "\($0.outgoing ?? "-")→\($0.incoming ?? "-")" } == ["alice→carol"])
    }
}
