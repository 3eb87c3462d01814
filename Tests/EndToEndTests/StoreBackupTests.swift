import Foundation
import Testing
import _OpsTestSupport

/// `pmops db backup` and `db restore` with real processes: online copies while a console
/// and a collector run, verified restores, and every refusal leaving files as they were.
@Suite("Store backup and restore", .serialized)
struct StoreBackupTests {
    static func head(_ cli: PmopsCLI, _ db: PmopsCLI.DB = .store) throws -> (Int, String) {
        let out = try SQLite3.exec(try path(cli, db), "SELECT id || ' ' || hash FROM audit ORDER BY id DESC LIMIT 1")
        let parts = out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        return (Int(parts.first ?? "") ?? 0, parts.count > 1 ? String(parts[1]) : "")
    }

    static func path(_ cli: PmopsCLI, _ db: PmopsCLI.DB) throws -> String {
        switch db {
        case .store, .omitted: cli.dbPath
        case let .path(p): p
        }
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
    }

    @Test("a backup taken while a console and a collector run verifies and restores to the same audit head")
    func onlineBackupAndRestore() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        let config = try cli.dir.write("collector.conf", "source demo interval=1s\nlease heartbeat=1s\n")
        let collector = try cli.start(["collect", "--config", config])
        defer { kill(collector.pid, SIGKILL) }
        #expect(pollUntil(timeout: 20) { collector.stderrSoFar.contains("collecting ") })
        let console = try ConsoleSession(cli: cli, arguments: ["console"])
        defer { console.close() }
        try console.waitForTable()

        let backup = cli.dir.file("backup.sqlite")
        let json = try #require(try cli.json(["db", "backup", backup, "--json"]) as? [String: Any])
        let headID = try #require(json["audit_head_id"] as? Int)
        #expect((json["size_bytes"] as? Int ?? 0) > 0)
        #expect(Self.mode(backup) == 0o600)
        #expect(FileManager.default.fileExists(atPath: backup + ".anchors"))
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
        let copied = try cli.run(["audit", "verify"], db: .path(backup))
        #expect(copied.status == 0, "\(copied)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.dir.path).filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        // The collector's lease refuses a restore; the store keeps moving meanwhile.
        let refused = try cli.run(["db", "restore", backup])
        #expect(refused.status == 5, "\(refused)")
        #expect(refused.stderr.contains("A collector holds the store's lease"), "\(refused.stderr)")
        kill(collector.pid, SIGTERM)
        _ = collector.wait(timeout: 20)
        try console.tmux.press("q")
        #expect(pollUntil(timeout: 15) { console.consolePIDs().isEmpty })
        _ = try cli.run(["users", "add", "--yes", "later", "--name", "Later", "--email", "later@example.com", "--role", "readonly"])
        #expect(try Self.head(cli).0 > headID)

        let restored = try cli.run(["db", "restore", backup])
        #expect(restored.status == 0, "\(restored)")
        #expect(try Self.head(cli) == Self.head(cli, .path(backup)))
        #expect(try Self.head(cli).0 == headID)
        #expect(try cli.run(["audit", "verify"]).status == 0)
        let users = try cli.run(["users", "list"])
        #expect(!users.stdout.contains("later"), "\(users.stdout)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: cli.dir.path).filter { $0.contains(".before-restore-") && !$0.hasSuffix(".anchors") && !$0.hasSuffix(".evidence") }
        #expect(aside.count == 1, "\(aside)")
        let kept = try cli.run(["users", "list"], db: .path(cli.dir.file(aside.first ?? "")))
        #expect(kept.stdout.contains("later"), "\(kept)")
    }

    @Test("a backup refuses an existing file without --force, a missing or read-only directory, and rotates with --keep")
    func badTargets() throws {
        let cli = try PmopsCLI()
        let file = cli.dir.file("b.sqlite")
        #expect(try cli.run(["db", "backup", file]).status == 0)
        let again = try cli.run(["db", "backup", file])
        #expect(again.status == 5 && again.stderr.contains("already exists; pass --force"), "\(again)")
        #expect(try cli.run(["db", "backup", file, "--force"]).status == 0)
        let missing = try cli.run(["db", "backup", cli.dir.file("nope/b.sqlite")])
        #expect(missing.status == 1 && missing.stderrLines.count == 1 && missing.stderr.contains("does not exist"), "\(missing)")
        let live = try cli.run(["db", "backup", cli.dbPath, "--force"])
        #expect(live.status == 1 && live.stderr.contains("live store itself"), "\(live)")
        if !PmopsCLI.runningAsRoot {
            let locked = cli.dir.file("locked")
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
            let readOnly = try cli.run(["db", "backup", locked + "/b.sqlite"])
            #expect(readOnly.status == 1 && readOnly.stderrLines.count == 1, "\(readOnly)")
        }
        let rotated = cli.dir.file("rotated")
        try FileManager.default.createDirectory(atPath: rotated, withIntermediateDirectories: false)
        for _ in 0..<3 {
            #expect(try cli.run(["db", "backup", "--keep", "2", rotated]).status == 0)
            Thread.sleep(forTimeInterval: 1.05)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: rotated).sorted()
        #expect(names.count == 4, "two copies with their anchors: \(names)")
        #expect(names.allSatisfy { $0.hasPrefix("store-") || $0.contains("T") }, "\(names)")
    }

    @Test("restore refuses another file, a newer store and a tampered backup, and leaves the live store as it was")
    func badRestores() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        let before = try Self.head(cli)
        // Rows, not bytes: opening a WAL store rewrites its header even for a read.
        let liveRows = try SQLite3.exec(cli.dbPath, ".dump")
        let garbage = try cli.dir.write("garbage.sqlite", "not a database at all, but long enough to have a header line\n")
        let foreign = cli.dir.file("foreign.sqlite")
        _ = try SQLite3.exec(foreign, "CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        let newer = cli.dir.file("newer.sqlite")
        #expect(try cli.run(["db", "backup", newer]).status == 0)
        _ = try SQLite3.exec(newer, "INSERT INTO grdb_migrations VALUES ('2999-01-01-from-the-future')")
        let tampered = cli.dir.file("tampered.sqlite")
        #expect(try cli.run(["db", "backup", tampered]).status == 0)
        _ = try SQLite3.exec(tampered, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 1;")
        for (file, words) in [(garbage, "not a SQLite database"), (foreign, "another application's"), (newer, "newer pmops"),
                              (tampered, "failed verification"), (cli.dir.file("absent.sqlite"), "No store file")] {
            let result = try cli.run(["db", "restore", file])
            #expect(result.status != 0 && result.stderr.contains(words), "\(file): \(result)")
        }
        #expect(try Self.head(cli) == before)
        #expect(try SQLite3.exec(cli.dbPath, ".dump") == liveRows)
        let aside = try FileManager.default.contentsOfDirectory(atPath: cli.dir.path).filter { $0.contains(".before-restore-") }
        #expect(aside.isEmpty, "\(aside)")
    }

    @Test("restore is for a super_admin only; backup needs db.admin")
    func permissions() throws {
        let cli = try PmopsCLI()
        _ = try cli.run(["users", "add", "--yes", "adm", "--name", "Adm", "--email", "adm@example.com", "--role", "admin"])
        _ = try cli.run(["users", "add", "--yes", "ro", "--name", "Ro", "--email", "ro@example.com", "--role", "readonly"])
        let backup = cli.dir.file("p.sqlite")
        #expect(try cli.run(["db", "backup", backup, "--as", "ro"]).status == 4)
        let admin = try cli.run(["db", "backup", backup, "--as", "adm"])
        #expect(admin.status == 0, "\(admin)")
        let restore = try cli.run(["db", "restore", backup, "--as", "adm"])
        #expect(restore.status == 4 && restore.stderr.contains("only a super_admin"), "\(restore)")
    }

    @Test("kill -9 during a backup of a large store leaves only a hidden .partial file, never the backup name")
    func killedBackup() throws {
        let cli = try PmopsCLI()
        _ = try SQLite3.exec(cli.dbPath, "CREATE TABLE IF NOT EXISTS zz_ballast(b); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO zz_ballast SELECT randomblob(4000) FROM n;")
        let target = cli.dir.file("killed.sqlite")
        let running = try cli.start(["db", "backup", target])
        #expect(pollUntil(timeout: 20) {
            ((try? FileManager.default.contentsOfDirectory(atPath: cli.dir.path)) ?? []).contains { $0.hasPrefix(".killed.sqlite.partial-") }
        })
        kill(running.pid, SIGKILL)
        _ = running.wait(timeout: 10)
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(!FileManager.default.fileExists(atPath: target + ".anchors"))
    }

    @Test("a full disk during a backup removes the partial copy and changes nothing else (64 KB tmpfs, root only)",
          .enabled(if: PmopsCLI.runningAsRoot))
    func diskFull() throws {
        let cli = try PmopsCLI()
        let small = cli.dir.file("small")
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: false)
        let mounted = try ChildProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", small])
        guard mounted.status == 0 else { return }  // no mount privilege here (a container): nothing to test
        defer { _ = try? ChildProcess.run("/bin/umount", [small]) }
        let result = try cli.run(["db", "backup", small + "/b.sqlite"])
        #expect(result.status == 1 && result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.contains("is full; the partial copy was removed"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: small).isEmpty)
        #expect(try cli.run(["db", "check"]).status == 0)
    }

    @Test("a collector config's backup line takes a verified rotated backup at start; an account without db.admin is refused")
    func collectorBackups() throws {
        let cli = try PmopsCLI()
        let dir = cli.dir.file("nightly")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        let config = try cli.dir.write("collector.conf", "source demo interval=1s\nlease heartbeat=1s\nbackup nightly keep=3 every=1d\n")
        let collector = try cli.start(["collect", "--config", config])
        defer { kill(collector.pid, SIGKILL) }
        #expect(pollUntil(timeout: 20) { collector.stderrSoFar.contains("backup ") })
        kill(collector.pid, SIGTERM)
        let result = collector.wait(timeout: 20)
        #expect(result.stderr.contains(", verified"), "\(result.stderr)")
        let copies = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".sqlite") }
        #expect(copies.count == 1, "\(copies)")
        #expect(try cli.run(["db", "check"], db: .path(dir + "/" + (copies.first ?? ""))).status == 0)

        _ = try cli.run(["users", "add", "--yes", "ops1", "--name", "Ops", "--email", "ops1@example.com", "--role", "ops"])
        let refused = try cli.run(["collect", "--config", config, "--as", "ops1"], timeout: 20)
        #expect(refused.status == 4, "\(refused)")
    }

    @Test("a console open during a restore is not waited for and shows the restored accounts at its next refresh")
    func consoleSeesRestore() throws {
        let cli = try PmopsCLI()
        let backup = cli.dir.file("before-hire.sqlite")
        #expect(try cli.run(["db", "backup", backup]).status == 0)
        _ = try cli.run(["users", "add", "--yes", "newhire", "--name", "New Hire", "--email", "newhire@example.com", "--role", "readonly"])
        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector", "--refresh", "0.5"])
        defer { console.close() }
        try console.waitForTable()
        try console.tmux.waitFor("newhire")
        let restored = try cli.run(["db", "restore", backup])
        #expect(restored.status == 0, "\(restored)")
        let screen = try console.tmux.waitForAbsence(of: "newhire", timeout: 10)
        #expect(screen.contains(PmopsCLI.osLogin), "\(screen)")
    }
}
