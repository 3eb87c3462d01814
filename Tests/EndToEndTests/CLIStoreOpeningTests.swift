import Foundation
import Testing
import _OpsTestSupport

/// Files pmops must refuse are left byte for byte with no `-wal`/`-shm` beside them, and
/// read-only stores are read without writing anything (issue #11, section 7).
@Suite("Opening stores through the CLI")
struct CLIStoreOpeningTests {
    static let createOnly = [["init"], ["db", "migrate"]]
    static let readers = [["users", "list"], ["db", "check"], ["db", "info"], ["audit", "verify"], ["alerts", "list"]]

    static func sidecars(_ path: String) -> [String] {
        ["-wal", "-shm", "-journal"].filter { FileManager.default.fileExists(atPath: path + $0) }
    }

    @Test("another application's database is refused by every command, byte-identical, no sidecars")
    func foreignDatabase() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI(initialize: false)
        let path = cli.dir.file("crm.sqlite")
        try SQLite3.exec(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'ACME');")
        let before = try FileFacts.bytes(path)
        for args in Self.readers + Self.createOnly + [["users", "add", "--yes", "x", "--name", "X", "--email", "x@example.com", "--role", "ops"]] {
            let result = try cli.run(args, db: .path(path))
            #expect(result.status == 1, "\(args): \(result)")
            #expect(result.stderr == "pmops: \(path) is another application's SQLite database (tables 'customers'), not a pmops store; it was left untouched.\n", "\(args)")
            #expect(Self.sidecars(path).isEmpty, "\(args) left \(Self.sidecars(path))")
        }
        #expect(try FileFacts.bytes(path) == before)
        #expect(try SQLite3.exec(path, "PRAGMA journal_mode;") == "delete\n")
    }

    @Test("a 0-byte file: read commands say it is not initialised and write nothing; init makes a store")
    func emptyFile() throws {
        let cli = try PmopsCLI(initialize: false)
        try cli.dir.write("store.sqlite", "", mode: 0o600)
        for args in Self.readers + [["users", "add", "--yes", "x", "--name", "X", "--email", "x@example.com", "--role", "ops"]] {
            let result = try cli.run(args)
            #expect(result.status == 3, "\(args): \(result)")
            #expect(result.stderr == "pmops: \(cli.dbPath) is an empty file, not an initialised store; run 'pmops init' or 'pmops demo seed' to make one; it was left untouched.\n", "\(args)")
            #expect(try FileFacts.bytes(cli.dbPath).isEmpty, "\(args) wrote to the file")
            #expect(Self.sidecars(cli.dbPath).isEmpty, "\(args)")
        }
        let migrated = try cli.run(["db", "migrate"])
        #expect(migrated.status == 0, "\(migrated)")
        #expect(try cli.run(["init"]).status == 0)
    }

    @Test("refusing a newer store leaves no -wal or -shm behind, even after a crash left none")
    func newerStoreLeavesNoSidecars() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        try SQLite3.exec(cli.dbPath, "INSERT INTO grdb_migrations (identifier) VALUES ('2099-12-31-hover-cars');")
        try #require(Self.sidecars(cli.dbPath).isEmpty)
        let before = try FileFacts.bytes(cli.dbPath)
        for args in Self.readers + Self.createOnly {
            let result = try cli.run(args)
            #expect(result.status == 1, "\(args): \(result)")
            #expect(Self.sidecars(cli.dbPath).isEmpty, "\(args) left \(Self.sidecars(cli.dbPath))")
        }
        #expect(try FileFacts.bytes(cli.dbPath) == before)
    }

    @Test("a read-only file in a writable directory is read with no sidecar files created")
    func readOnlyFileNoSidecars() throws {
        let cli = try PmopsCLI()
        let asRoot = PmopsCLI.runningAsRoot
        if asRoot {
            try #require(try cli.run(["users", "add", "--yes", "nobody", "--name", "Nobody", "--email", "nobody@example.com", "--role", "admin"]).status == 0)
            chmod(cli.dir.path, 0o1777)  // writable for nobody: only the file is read-only
        }
        chmod(cli.dbPath, 0o444)
        defer { chmod(cli.dbPath, 0o600) }
        let expected = try FileFacts.bytes(cli.dbPath)
        for args in [["users", "list"], ["db", "check"]] {
            let result = asRoot ? try cli.runAs(uid: 65534, gid: 65534, args) : try cli.run(args)
            #expect(result.status == 0, "\(args): \(result)")
            #expect(Self.sidecars(cli.dbPath).isEmpty, "\(args) left \(Self.sidecars(cli.dbPath))")
        }
        #expect(try FileFacts.bytes(cli.dbPath) == expected)
    }

    @Test("a store in a read-only directory: reads work, writes fail with one sentence, nothing changes")
    func readOnlyDirectory() throws {
        let cli = try PmopsCLI(initialize: false)
        let dir = cli.dir.file("locked")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        let path = dir + "/store.sqlite"
        #expect(try cli.run(["init", "--name", "Op"], db: .path(path)).status == 0)
        let asRoot = PmopsCLI.runningAsRoot
        if asRoot {
            try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv (util-linux) is needed to test read-only directories as root")
            let added = try cli.run(["users", "add", "--yes", "nobody", "--name", "Nobody", "--email", "nobody@example.com", "--role", "admin"], db: .path(path))
            try #require(added.status == 0, "\(added)")
        }
        chmod(cli.dir.path, 0o755)
        chmod(path, 0o644)
        chmod(dir, 0o555)
        defer { chmod(dir, 0o755) }
        let before = try FileFacts.bytes(path)
        func pmops(_ args: [String]) throws -> ProcessResult {
            guard asRoot else { return try cli.run(args, db: .path(path)) }
            return try ChildProcess.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", cli.binary] + args + ["--db", path],
                                        environment: cli.environment(), directory: "/", timeout: 60)
        }
        let list = try pmops(["users", "list", "--json"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("\"login\" : \"\(PmopsCLI.osLogin)\""))
        let check = try pmops(["db", "check"])
        #expect(check.status == 0, "\(check)")
        let write = try pmops(["users", "add", "--yes", "jdoe", "--name", "Jane", "--email", "jdoe@example.com", "--role", "ops"])
        #expect(write.status == 1, "\(write)")
        #expect(write.stderr == "pmops: \(path) is read-only (file or directory permissions); nothing was changed.\n")
        #expect(try FileFacts.bytes(path) == before)
        #expect(Self.sidecars(path).isEmpty)
    }

    @Test("a corrupt store's sentence says what to do, not to run the command that fails the same way")
    func corruptAdvice() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        // Page 2 onwards overwritten with garbage; the header stays valid.
        var bytes = try FileFacts.bytes(cli.dbPath)
        try #require(bytes.count > 3 * 4_096)
        for i in 4_096..<(bytes.count) { bytes[i] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: cli.dbPath))
        let result = try cli.run(["users", "list"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("restore it from a backup, or salvage what is readable with 'sqlite3 \(cli.dbPath) .recover"), "\(result)")
        #expect(!result.stderr.contains("db check"))
    }
}
