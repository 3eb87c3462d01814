import Foundation
import OpsCore
import OpsFixtures
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Found in a user walk: the demo seeded its history and success data through a second
/// `AppDatabase(path:)` on the file the console already held open. Opening it read the file
/// through a descriptor of its own, and closing that dropped every POSIX lock the process held
/// on the file, so the next CLI process to exit believed it was the last, checkpointed and
/// deleted the WAL the console went on writing to: the console's later writes reached no other
/// process (and the main file only at its next checkpoint). Seeding now goes through the same
/// connections with another clock (`withClock`).
@Suite("One process, one set of locks on the store")
struct StoreLockSharingTests {
    @Test("after demo seeding through a moved clock, another process's exit leaves the WAL, and later writes are seen at once")
    func seedingKeepsLocks() throws {
        let dir = try TemporaryDirectory("pmops-locks")
        let path = dir.file("store.sqlite")
        let clock = ManualClock(Date())
        let db = try AppDatabase(path: path, clock: clock, create: true)
        _ = try db.initialize(login: "boss", displayName: "Boss", email: "boss@example.com")
        let boss = ActorContext(osLogin: "boss")
        _ = try db.seedDemo(seed: 7, as: boss)
        // What the demo's history and success seeding do: write through a clock in the past.
        let past = db.withClock(ManualClock(clock.now().addingTimeInterval(-86_400)))
        _ = try past.createStaff(NewStaff(login: "early", displayName: "Early Writer", email: "early@example.com", roles: ["readonly"]), as: boss)
        // Another process reads and exits; it must not find itself the store's last user.
        _ = try SQLite3.exec(path, "SELECT COUNT(*) FROM staff")
        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "another process deleted the WAL this one holds open")
        _ = try db.createStaff(NewStaff(login: "late", displayName: "Late Writer", email: "late@example.com", roles: ["readonly"]), as: boss)
        #expect(try SQLite3.exec(path, "SELECT COUNT(*) FROM staff WHERE login = 'late'").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        db.close()
    }
}
