import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import OpsFixtures
import Testing
import _OpsTestSupport

/// The flags store: each action one transaction with its version, audit row and `flag`
/// change event; a refused change leaves nothing; permissions; the demo's flags.
@Suite("Flag store")
struct FlagStoreTests {
    static func counts(_ db: AppDatabase) throws -> [Int] {
        try db.read { db in
            [try Int.fetchOne(db, sql: "SELECT count(*) FROM feature_flag_version") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM change_event WHERE kind = 'flag'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM audit WHERE action LIKE 'flag.%'") ?? -1]
        }
    }

    static let flag = FeatureFlag(key: "warmup-v2", kind: .boolean, variants: ["on": true, "off": false], defaultVariant: "off", owner: "dev")

    @Test("devops creates and rolls out; readonly reads but cannot change; every change is version, audit and change event")
    func permissionsAndRecords() throws {
        let f = try StoreFixture()
        _ = try f.add("dev", [.devops])
        _ = try f.add("ro", [.readonly])
        _ = try f.db.createFlag(Self.flag, as: f.actor("dev"))
        let stepped = try f.db.updateFlag("warmup-v2", action: "rollout", as: f.actor("dev")) { stored in
            var next = stored.flag
            next.rollout = FlagRollout(variant: "on", percent: 1)
            return next
        }
        #expect(stepped.version == 2 && stepped.rolloutAt == f.clock.now())
        #expect(try Self.counts(f.db) == [2, 2, 2])
        #expect(throws: OpsError.self) { try f.db.createFlag(FeatureFlag(key: "other", kind: .boolean, variants: ["on": true], defaultVariant: "on", owner: "ro"), as: f.actor("ro")) }
        #expect(try f.db.flags(as: f.actor("ro")).map(\.flag.key) == ["warmup-v2"])
        let history = try f.db.flagHistory("warmup-v2", as: f.actor("ro"))
        #expect(history.map(\.action) == ["create", "rollout"] && history.last?.flag.rollout?.percent == 1)
    }

    @Test("a refused change (bad variant, bad step, no change) writes nothing")
    func refusedChangeWritesNothing() throws {
        let f = try StoreFixture()
        _ = try f.db.createFlag(Self.flag, as: f.boss)
        let before = try Self.counts(f.db)
        #expect(throws: OpsError.self) {
            try f.db.updateFlag("warmup-v2", action: "set", as: f.boss) { stored in
                var next = stored.flag
                next.defaultVariant = "maybe"
                return next
            }
        }
        #expect(throws: OpsError.self) { try f.db.updateFlag("warmup-v2", action: "set", as: f.boss) { $0.flag } }
        #expect(throws: OpsError.self) { try f.db.updateFlag("nope", action: "kill", as: f.boss) { $0.flag } }
        #expect(try Self.counts(f.db) == before)
        #expect(try f.db.flag("warmup-v2", as: f.boss).flag == Self.flag)
    }

    @Test("the demo seeds six PenguinMails flags: one stale at 100 %, one killed, the warm-up at 25 %")
    func demoFlags() throws {
        let f = try StoreFixture()
        let now = f.clock.now()
        #expect(try f.db.seedDemoFlags(now: now, clock: f.clock, as: f.boss) == 6)
        #expect(try f.db.seedDemoFlags(now: now, clock: f.clock, as: f.boss) == 0)
        let flags = try f.db.flags(as: f.boss)
        #expect(flags.count == 6)
        #expect(flags.first { $0.flag.key == "warmup-algorithm-v2" }?.flag.rollout?.percent == 25)
        #expect(flags.first { $0.flag.key == "tracking-pixel-proxy" }?.flag.killed == true)
        let stale = try f.db.staleFlags(days: 30, as: f.boss).map(\.flag.flag.key)
        #expect(stale.contains("smtp-pipelining"))
        let parser = try #require(flags.first { $0.flag.key == "dmarc-report-parser" })
        #expect(CompiledFlag(parser.flag).evaluate(targetingKey: "t-1", context: ["plan": "enterprise"], timestamp: 0).value == "parser-v2")
    }
}
