import Foundation
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// One collector per store: the lease is taken, kept by heartbeats, taken over only when
/// the holder has missed its heartbeats, and a displaced holder learns it must stop.
@Suite("Collector lease")
struct MetricsLeaseTests {
    static let ttl: TimeInterval = 20
    static let op = ActorContext(osLogin: "collector_op")

    /// An in-memory store whose first account (a super_admin) runs the collector.
    static func store(_ clock: ManualClock) throws -> AppDatabase {
        let db = try AppDatabase(inMemory: clock)
        _ = try db.initialize(login: op.osLogin, displayName: "Collector Operator", email: "op@example.com")
        return db
    }

    static func acquired(_ attempt: LeaseAttempt) -> CollectorLease? {
        if case let .acquired(lease) = attempt { return lease }
        return nil
    }

    @Test("the first collector gets the lease; a second is refused while heartbeats are fresh")
    func exclusive() throws {
        let clock = ManualClock()
        let db = try Self.store(clock)
        let mine = try #require(Self.acquired(try db.acquireLease(as: Self.op, host: "a", pid: 10, now: clock.now(), ttl: Self.ttl)))
        #expect(try db.leaseHolder() == mine)
        clock.advance(by: 10)
        try db.heartbeat(token: mine.token, now: clock.now())
        clock.advance(by: 15)
        // 15 s since the last heartbeat: still within the ttl.
        #expect(try db.acquireLease(as: Self.op, host: "b", pid: 20, now: clock.now(), ttl: Self.ttl) == .heldBy(try #require(try db.leaseHolder())))
        // Exactly at the ttl the holder still counts as alive.
        clock.advance(by: 5)
        guard case .heldBy = try db.acquireLease(as: Self.op, host: "b", pid: 20, now: clock.now(), ttl: Self.ttl) else {
            Issue.record("taken over at exactly the ttl")
            return
        }
    }

    @Test("the same host and pid get their own lease back with the same token")
    func reacquireOwn() throws {
        let clock = ManualClock()
        let db = try Self.store(clock)
        let first = try #require(Self.acquired(try db.acquireLease(as: Self.op, host: "a", pid: 10, now: clock.now(), ttl: Self.ttl)))
        clock.advance(by: 5)
        let again = try #require(Self.acquired(try db.acquireLease(as: Self.op, host: "a", pid: 10, now: clock.now(), ttl: Self.ttl)))
        #expect(again.token == first.token)
        #expect(again.acquiredAt == first.acquiredAt)
        #expect(again.heartbeatAt == clock.now())
    }

    @Test("a holder silent for longer than the ttl is taken over; its heartbeat and release then fail")
    func takeover() throws {
        let clock = ManualClock()
        let db = try Self.store(clock)
        let old = try #require(Self.acquired(try db.acquireLease(as: Self.op, host: "a", pid: 10, now: clock.now(), ttl: Self.ttl)))
        clock.advance(by: Self.ttl + 0.001)
        let new = try #require(Self.acquired(try db.acquireLease(as: Self.op, host: "b", pid: 20, now: clock.now(), ttl: Self.ttl)))
        #expect(new.token != old.token)
        #expect(new.holderHost == "b" && new.holderPID == 20)
        let error = opsError { () throws(OpsError) in try db.heartbeat(token: old.token, now: clock.now()) }
        #expect(error?.exitCode == 5)
        #expect(error?.description.contains("b pid 20") == true)
        #expect(try db.releaseLease(token: old.token) == false)
        #expect(try db.leaseHolder()?.token == new.token)
    }

    @Test("a released lease is free for anyone at once")
    func release() throws {
        let clock = ManualClock()
        let db = try Self.store(clock)
        let lease = try #require(Self.acquired(try db.acquireLease(as: Self.op, host: "a", pid: 10, now: clock.now(), ttl: Self.ttl)))
        #expect(try db.releaseLease(token: lease.token))
        #expect(try db.leaseHolder() == nil)
        #expect(opsError { () throws(OpsError) in try db.heartbeat(token: lease.token, now: clock.now()) }?.exitCode == 5)
        #expect(Self.acquired(try db.acquireLease(as: Self.op, host: "b", pid: 20, now: clock.now(), ttl: Self.ttl)) != nil)
    }
}
