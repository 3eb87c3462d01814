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

    func store(_ dir: ScratchDirectory) throws -> AppDatabase {
        try AppDatabase(path: dir.path + "/store.sqlite")
    }

    @Test("a second keeper is refused while the first heartbeats, and takes over after two missed beats")
    func takeover() throws {
        let dir = try ScratchDirectory()
        let db = try store(dir)
        let first = CollectorLeaseKeeper(store: db, heartbeat: 5, host: "box", pid: 100)
        let second = CollectorLeaseKeeper(store: db, heartbeat: 5, host: "box", pid: 200)
        guard case .acquired = try first.acquire(now: t0) else { Issue.record("first not acquired"); return }
        guard case let .heldBy(holder) = try second.acquire(now: t0 + 1) else { Issue.record("second not refused"); return }
        #expect(holder.holderPID == 100)
        let refusal = CollectorLeaseKeeper.refusal(holder, now: t0 + 1, ttl: second.ttl)
        #expect(refusal.exitCode == 5)
        #expect(refusal.description.hasPrefix("Another collector holds this store's lease: box pid 100, last heartbeat 1.0 s ago."))

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
        let keeper = CollectorLeaseKeeper(store: db, heartbeat: 1, host: "box", pid: 100)
        _ = try keeper.acquire(now: t0)
        let log = EventLog()
        let collector = Collector(sources: [RuntimeScriptSource("s", interval: 1)], store: db, clock: clock, lease: keeper,
                                  events: log.record)
        #expect(collector.tickOnce().leaseLost == nil)
        let thief = CollectorLeaseKeeper(store: db, heartbeat: 1, host: "other", pid: 7)
        guard case .acquired = try thief.acquire(now: t0 + 10) else { Issue.record("no takeover"); return }
        clock.set(t0 + 10)
        let report = collector.tickOnce()
        #expect(report.leaseLost == "The collector lease was taken over by other pid 7; this collector must stop.")
        #expect(report.sources.isEmpty)
        #expect(collector.isStopped)
        #expect(log.events.contains(.leaseLost("The collector lease was taken over by other pid 7; this collector must stop.")))
    }

    @Test("release frees the lease at once; the same host and pid renew instead of waiting")
    func releaseAndRestart() throws {
        let dir = try ScratchDirectory()
        let db = try store(dir)
        let first = CollectorLeaseKeeper(store: db, heartbeat: 5, host: "box", pid: 100)
        _ = try first.acquire(now: t0)
        guard case .acquired = try CollectorLeaseKeeper(store: db, heartbeat: 5, host: "box", pid: 100).acquire(now: t0 + 1) else {
            Issue.record("same process refused"); return
        }
        first.release()
        first.release()
        #expect(try db.leaseHolder() == nil)
        guard case .acquired = try CollectorLeaseKeeper(store: db, heartbeat: 5, host: "box", pid: 300).acquire(now: t0 + 2) else {
            Issue.record("released lease not free"); return
        }
    }
}
