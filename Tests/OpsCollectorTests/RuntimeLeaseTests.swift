import Foundation
import OpsCollector
import OpsCore
import OpsStore
import Testing

/// The lease between two keepers on one file store, with explicit times. The same with two
/// real processes is in EndToEndTests/CollectorLeaseTests.
@Suite("Collector lease: one writer per store")
struct RuntimeLeaseTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// The account the collectors run as: the store's first super_admin.
    static let op = ActorContext(osLogin: "collector_op")

    func store(_ dir: ScratchDirectory) throws -> AppDatabase {
        let db = try AppDatabase(path: dir.path + "/store.sqlite")
        _ = try db.initialize(login: Self.op.osLogin, displayName: "Collector Operator", email: "op@example.com")
        return db
    }

    @Test("a second keeper is refused while the first heartbeats, and takes over after two missed beats")
    func takeover() throws {
        let dir = try ScratchDirectory()
        let db = try store(dir)
        let first = CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 5, host: "box", pid: 100)
        let second = CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 5, host: "box", pid: 200)
        guard case .acquired = try first.acquire(now: t0) else { Issue.record("first not acquired"); return }
        guard case let .heldBy(holder) = try second.acquire(now: t0 + 1) else { Issue.record("second not refused"); return }
        #expect(holder.holderPID == 100)
        let refusal = CollectorLeaseKeeper.refusal(holder, now: t0 + 1)
        #expect(refusal.exitCode == 5)
        #expect(refusal.description.hasPrefix("Another collector holds this store's lease: box pid 100 as 'collector_op', last heartbeat 1.0 s ago."))

        try first.beatIfDue(now: t0 + 3)  // not due yet: nothing written
        #expect(try db.leaseHolder()?.heartbeatAt == t0)
        try first.beatIfDue(now: t0 + 5)
        #expect(try db.leaseHolder()?.heartbeatAt == t0 + 5)
        guard case .heldBy = try second.acquire(now: t0 + 15) else { Issue.record("taken over at exactly the ttl"); return }
        guard case .acquired = try second.acquire(now: t0 + 15.5) else { Issue.record("no takeover after the ttl"); return }
        #expect(try db.leaseHolder()?.holderPID == 200)
        #expect(throws: OpsError.self) { try first.beatIfDue(now: t0 + 16, force: true) }
        #expect(first.lease == nil)
    }

    @Test("a collector that loses its lease stops at its next tick and says why")
    func collectorStops() throws {
        let dir = try ScratchDirectory()
        let db = try store(dir)
        let clock = ManualClock(t0)
        let keeper = CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 1, host: "box", pid: 100)
        _ = try keeper.acquire(now: t0)
        let log = EventLog()
        let collector = Collector(sources: [RuntimeScriptSource("s", interval: 1)], store: db, clock: clock, lease: keeper,
                                  events: log.record)
        #expect(collector.tickOnce().leaseLost == nil)
        let thief = CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 1, host: "other", pid: 7)
        guard case .acquired = try thief.acquire(now: t0 + 10) else { Issue.record("no takeover"); return }
        clock.set(t0 + 10)
        let report = collector.tickOnce()
        #expect(report.leaseLost == "The collector lease was taken over by other pid 7; this collector must stop.")
        #expect(report.sources.isEmpty)
        #expect(collector.isStopped)
        #expect(log.events.contains(.leaseLost("The collector lease was taken over by other pid 7; this collector must stop.")))
    }

    @Test("the heartbeat timer renews the lease every heartbeat, and a lost lease stops the collector at the next one")
    func heartbeatTimer() throws {
        let dir = try ScratchDirectory()
        let db = try store(dir)
        let scheduler = ManualScheduler(t0)
        let keeper = CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 5, host: "box", pid: 100)
        _ = try keeper.acquire(now: t0)
        let log = EventLog()
        // A source far slower than the heartbeat, so only the heartbeat timer renews.
        let collector = Collector(sources: [RuntimeScriptSource("s", interval: 60)], store: db, scheduler: scheduler, lease: keeper,
                                  events: log.record)
        collector.start()
        scheduler.advance(by: 4.9)
        #expect(try db.leaseHolder()?.heartbeatAt == t0)
        scheduler.advance(by: 0.1)
        #expect(try db.leaseHolder()?.heartbeatAt == t0 + 5)
        scheduler.advance(by: 5)
        #expect(try db.leaseHolder()?.heartbeatAt == t0 + 10)

        // Another host, its clock ahead of this one, finds the lease stale and takes it.
        let thief = CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 5, host: "other", pid: 7)
        guard case .acquired = try thief.acquire(now: t0 + 20.5) else { Issue.record("no takeover"); return }
        scheduler.advance(by: 4.9)
        #expect(!collector.isStopped)
        scheduler.advance(by: 0.1)
        #expect(collector.isStopped)
        #expect(log.events.contains(.leaseLost("The collector lease was taken over by other pid 7; this collector must stop.")))
        #expect(scheduler.pendingCount == 0)
    }

    @Test("release frees the lease at once; the same host and pid renew instead of waiting")
    func releaseAndRestart() throws {
        let dir = try ScratchDirectory()
        let db = try store(dir)
        let first = CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 5, host: "box", pid: 100)
        _ = try first.acquire(now: t0)
        guard case .acquired = try CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 5, host: "box", pid: 100).acquire(now: t0 + 1) else {
            Issue.record("same process refused"); return
        }
        first.release()
        first.release()
        #expect(try db.leaseHolder() == nil)
        guard case .acquired = try CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 5, host: "box", pid: 300).acquire(now: t0 + 2) else {
            Issue.record("released lease not free"); return
        }
    }

    @Test("expiry is judged by the holder's own ttl: a newcomer with a short heartbeat cannot take a live lease")
    func holdersTTL() throws {
        let dir = try ScratchDirectory()
        let db = try store(dir)
        let holder = CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 5, host: "box", pid: 100)
        let hasty = CollectorLeaseKeeper(store: db, actor: Self.op, heartbeat: 0.2, host: "box", pid: 200)
        guard case .acquired = try holder.acquire(now: t0) else { Issue.record("holder not acquired"); return }
        #expect(try db.leaseHolder()?.ttl == 10)
        // 0.4 s is the newcomer's ttl; the holder's is 10 s and its last beat 1 s old.
        for offset in [0.5, 1.0, 5.0, 9.9, 10.0] {
            guard case .heldBy = try hasty.acquire(now: t0 + offset) else { Issue.record("live lease taken at +\(offset) s"); return }
        }
        guard case .acquired = try hasty.acquire(now: t0 + 10.1) else { Issue.record("dead lease not taken"); return }
        #expect(try db.leaseHolder()?.ttl == 0.4)
    }

    @Test("the lease needs an active account holding collector.run, and is audited with it")
    func identity() throws {
        let dir = try ScratchDirectory()
        let db = try store(dir)
        _ = try db.createStaff(NewStaff(login: "reader", displayName: "Reader", email: "reader@example.com", roles: ["readonly"]), as: Self.op)
        _ = try db.createStaff(NewStaff(login: "opsy", displayName: "Opsy", email: "opsy@example.com", roles: ["ops"]), as: Self.op)
        let cases: [(ActorContext, Int32?)] = [
            (ActorContext(osLogin: "nobody_here"), 4),
            (ActorContext(osLogin: "reader"), 4),
            (ActorContext(osLogin: Self.op.osLogin, onBehalfOf: "ghost"), 3),
            (ActorContext(osLogin: Self.op.osLogin, onBehalfOf: "reader"), 4),
            (ActorContext(osLogin: Self.op.osLogin, onBehalfOf: "opsy"), nil),
        ]
        for (actor, refusal) in cases {
            let keeper = CollectorLeaseKeeper(store: db, actor: actor, heartbeat: 5, host: "box", pid: 100)
            do {
                _ = try keeper.acquire(now: t0)
                #expect(refusal == nil, "\(actor) took the lease")
            } catch {
                #expect(error.exitCode == refusal, "\(actor): \(error)")
            }
        }
        #expect(try db.leaseHolder()?.holderLogin == "opsy")
        let rows = try db.auditEntries(AuditFilter(action: "collector.lease"), as: Self.op)
        #expect(rows.count == 1)
        #expect(rows.first?.actor == "opsy")
        #expect(rows.first?.impersonator == Self.op.osLogin)
        #expect(rows.first?.target == "box:100")
    }

    @Test("a collector whose account is deactivated or loses collector.run stops at its next heartbeat")
    func accountRevoked() throws {
        let dir = try ScratchDirectory()
        let db = try store(dir)
        _ = try db.createStaff(NewStaff(login: "opsy", displayName: "Opsy", email: "opsy@example.com", roles: ["ops"]), as: Self.op)
        let keeper = CollectorLeaseKeeper(store: db, actor: ActorContext(osLogin: "opsy"), heartbeat: 1, host: "box", pid: 100)
        guard case .acquired = try keeper.acquire(now: t0) else { Issue.record("not acquired"); return }
        try keeper.beatIfDue(now: t0 + 1)
        _ = try db.setRoles(login: "opsy", roles: ["readonly"], as: Self.op)
        #expect(throws: OpsError.conflict("The collector's account 'opsy' is no longer active with collector.run; this collector must stop.")) {
            try keeper.beatIfDue(now: t0 + 2)
        }
        #expect(keeper.lease == nil)
    }
}
