import Foundation
import Testing
import _OpsTestSupport

/// A stopped console or collector leaves the main file complete: copying only
/// `STORE` (not its `-wal`) gives every committed change.
@Suite("Store closed on every exit path", .serialized)
struct StoreCloseTests {
    /// Audit rows and metric series as a copy of the main file alone sees them.
    static func mainFileOnly(_ cli: PmopsCLI) throws -> String {
        let copy = cli.dir.file("main-only-\(UUID().uuidString).sqlite")
        try FileManager.default.copyItem(atPath: cli.dbPath, toPath: copy)
        return try SQLite3.exec(copy, "SELECT (SELECT count(*) FROM audit) || ' ' || (SELECT count(*) FROM metric_series)")
    }

    static func walSize(_ cli: PmopsCLI) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: cli.dbPath + "-wal"))?[.size] as? Int) ?? 0
    }

    enum Ending: String, CaseIterable, CustomTestStringConvertible {
        case quitKey = "q", sigterm = "SIGTERM", sighup = "SIGHUP", killSession = "tmux kill-session"
        var testDescription: String { rawValue }
    }

    @Test("the console's exit leaves the data in the main file and no WAL", arguments: Ending.allCases)
    func consoleExit(_ ending: Ending) throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        let console = try ConsoleSession(cli: cli, arguments: ["console"])
        defer { console.close() }
        try console.waitForTable()
        let pid = try console.pid()
        // The in-process collector takes the lease (an audit row) and stores series.
        let collected = pollUntil(timeout: 20) {
            ((try? SQLite3.exec(cli.dbPath, "SELECT count(*) FROM metric_series")).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0) > 0
        }
        #expect(collected, "the console's collector stored no series")
        switch ending {
        case .quitKey: try console.tmux.press("q")
        case .sigterm: try console.send(signal: SIGTERM)
        case .sighup: try console.send(signal: SIGHUP)
        case .killSession: _ = try console.tmux.run(["kill-session", "-t", console.tmux.session])
        }
        #expect(pollUntil(timeout: 15) { kill(pid, 0) != 0 }, "the console did not end")
        #expect(Self.walSize(cli) == 0, "a WAL of \(Self.walSize(cli)) bytes was left")
        let full = try SQLite3.exec(cli.dbPath, "SELECT (SELECT count(*) FROM audit) || ' ' || (SELECT count(*) FROM metric_series)")
        #expect(try Self.mainFileOnly(cli) == full)
        let copy = cli.dir.file("check.sqlite")
        try FileManager.default.copyItem(atPath: cli.dbPath, toPath: copy)
        #expect(try cli.run(["users", "list"], db: .path(copy)).status == 0)
    }

    @Test("a collector stopped by SIGTERM leaves the data in the main file and no WAL")
    func collectorStop() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        let config = try cli.dir.write("collector.conf", "source demo interval=1s\nlease heartbeat=1s\n")
        let collector = try cli.start(["collect", "--config", config])
        defer { kill(collector.pid, SIGKILL) }
        #expect(pollUntil(timeout: 20) { collector.stderrSoFar.contains("collecting ") })
        Thread.sleep(forTimeInterval: 2)
        kill(collector.pid, SIGTERM)
        let result = collector.wait(timeout: 20)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("store closed"), "\(result.stderr)")
        #expect(Self.walSize(cli) == 0, "a WAL of \(Self.walSize(cli)) bytes was left")
        let full = try SQLite3.exec(cli.dbPath, "SELECT (SELECT count(*) FROM audit) || ' ' || (SELECT count(*) FROM metric_series)")
        #expect(try Self.mainFileOnly(cli) == full)
        #expect(full.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) != "0" } == true, "\(full)")
    }
}
