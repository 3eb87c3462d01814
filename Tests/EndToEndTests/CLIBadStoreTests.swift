import Foundation
import Testing
import _OpsTestSupport

/// Bad stores through the built binary: every refusal is exit 1 with one sentence,
/// and the file is left as it was.
@Suite("Bad stores through the CLI")
struct CLIBadStoreTests {
    static func expectOneSentence(_ result: ProcessResult, _ sentence: String) {
        #expect(result.stderr == "pmops: \(sentence)\n", "\(result)")
        #expect(Sentences.isOneSentence(sentence), "not one sentence: \(sentence)")
    }

    @Test("--db in a missing directory")
    func missingDirectory() throws {
        let cli = try PmopsCLI(initialize: false)
        let path = cli.dir.file("no/such/dir/s.sqlite")
        for args in [["init"], ["users", "list"], ["db", "migrate"]] {
            let result = try cli.run(args, db: .path(path))
            #expect(result.status == 1)
            Self.expectOneSentence(result, "The directory \(cli.dir.path)/no/such/dir does not exist; create it or choose another --db.")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.dir.file("no")))
    }

    @Test("a missing store file is 'not found' for commands that do not create one")
    func missingFile() throws {
        let cli = try PmopsCLI(initialize: false)
        let result = try cli.run(["users", "list"])
        #expect(result.status == 3)
        #expect(result.stderr == "pmops: No database at \(cli.dbPath); run 'pmops init' or 'pmops demo seed' first.\n")
        #expect(!FileManager.default.fileExists(atPath: cli.dbPath))
    }

    @Test("a file that is not SQLite is refused, byte for byte untouched")
    func notSQLite() throws {
        let cli = try PmopsCLI(initialize: false)
        let content = "login,name\njdoe,Jane Doe\n"
        let path = try cli.dir.write("staff.csv", content, mode: 0o640)
        for args in [["users", "list"], ["init"], ["db", "migrate"], ["db", "check"]] {
            let result = try cli.run(args, db: .path(path))
            #expect(result.status == 1, "\(args): \(result)")
            Self.expectOneSentence(result, "\(path) is not a SQLite database; it was left untouched.")
        }
        #expect(try FileFacts.text(path) == content)
        #expect(try FileFacts.mode(path) == 0o640)
        #expect(FileFacts.files(in: cli.dir.path).filter { $0.hasPrefix("staff.csv") } == ["staff.csv"])
    }

    @Test("a directory given as --db")
    func directoryAsDB() throws {
        let cli = try PmopsCLI(initialize: false)
        let result = try cli.run(["users", "list"], db: .path(cli.dir.path))
        #expect(result.status == 1)
        Self.expectOneSentence(result, "\(cli.dir.path) is a directory, not a database file.")
    }

    @Test("a store from a newer schema is refused and not changed")
    func newerSchema() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        try SQLite3.exec(cli.dbPath, "INSERT INTO grdb_migrations (identifier) VALUES ('2099-12-31-hover-cars');")
        let before = try FileFacts.bytes(cli.dbPath)
        for args in [["users", "list"], ["db", "migrate"], ["users", "add", "--yes", "x", "--name", "X", "--email", "x@example.com", "--role", "ops"]] {
            let result = try cli.run(args)
            #expect(result.status == 1, "\(args): \(result)")
            Self.expectOneSentence(result, "\(cli.dbPath) was written by a newer pmops (unknown schema migrations); upgrade pmops; nothing was changed.")
        }
        #expect(try FileFacts.bytes(cli.dbPath) == before)
        #expect(try SQLite3.exec(cli.dbPath, "SELECT count(*) FROM staff;") == "1\n")
    }

    @Test("db migrate lays an empty store's schema at mode 0600; once it has accounts, db info/check/migrate need one")
    func migrateEmpty() throws {
        let cli = try PmopsCLI(initialize: false)
        let migrated = try cli.run(["db", "migrate"])
        #expect(migrated.status == 0, "\(migrated)")
        let known = ["2026-11-27-foundation", "2026-11-27-metrics", "2026-11-28-alert-queue", "2026-11-28-metric-chunks",
                     "2026-11-29-alert-pane-indexes", "2026-11-30-alert-checks", "2026-12-07-collector-lease-holder", "2026-12-07-personal-keys",
                     "2026-12-07-alert-names", "2026-12-07-metric-blocks", "2026-12-07-pending-onboarding", "2026-12-07-outbox-alert",
                     "2026-12-07-tickets", "2026-12-07-ticket-sla-sweep", "2026-12-07-kb", "2026-12-07-mail-in",
                     "2026-12-07-billing", "2026-12-07-oncall", "2026-12-07-ticket-queue-index", "2026-12-08-changes", "2026-12-08-incidents", "2026-12-09-devops-role", "2026-12-09-ticket-filter-indexes", "2026-12-09-flags", "2026-12-09-config", "2026-12-09-lookup-indexes", "2026-12-09-kpi-indexes", "2026-12-09-changes-pane", "2026-12-09-deploys", "2026-12-09-ticket-queue-order", "2026-12-10-change-gates", "2026-12-10-billing-dunning", "2026-12-10-success", "2026-12-10-integrations"]
        #expect(migrated.stdout == "Schema up to date in \(cli.dbPath): \(known.joined(separator: ", ")).\n")
        #expect(try FileFacts.mode(cli.dbPath) == 0o600)
        // Nobody has an account yet: reading the store is refused like any command.
        let anonymous = try cli.run(["db", "info"])
        #expect(anonymous.status == 4, "\(anonymous)")
        #expect(try cli.run(["init"]).status == 0)
        let info = try #require(try cli.json(["db", "info", "--json"]) as? [String: Any])
        #expect(info["migrations"] as? [String] == known)
        #expect(info["journal_mode"] as? String == "wal")
        #expect(info["staff"] as? Int == 1)
        #expect(info["audit_rows"] as? Int == 1)
        #expect(info["path"] as? String == cli.dbPath)
        let again = try cli.run(["db", "migrate"])
        #expect(again.status == 0)
        let check = try cli.run(["db", "check"])
        #expect(check.status == 0)
        #expect(check.stdout == "Store healthy: integrity ok, foreign keys ok, audit chain intact (1 rows).\n")
    }

    @Test("db check shows the audit chain only to an actor holding audit.read")
    func checkWithoutAuditRead() throws {
        let cli = try PmopsCLI()
        #expect(try cli.run(["users", "add", "--yes", "adm", "--name", "Adm", "--email", "adm@example.com", "--role", "admin"]).status == 0)
        let healthy = try cli.run(["db", "check", "--as", "adm"])
        #expect(healthy.status == 0, "\(healthy)")
        #expect(healthy.stdout == "Store healthy: integrity ok, foreign keys ok, audit chain not checked (needs audit.read).\n")
        _ = try SQLite3.require()
        try SQLite3.exec(cli.dbPath, "DROP TRIGGER IF EXISTS audit_no_update; UPDATE audit SET reason = 'forged' WHERE id = 1;")
        let admin = try cli.run(["db", "check", "--as", "adm", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(admin.stdout.utf8)) as? [String: Any])
        #expect(json["audit_checked"] as? Bool == false)
        #expect(!(admin.stdout + admin.stderr).contains("hash"), "\(admin)")
        let owner = try cli.run(["db", "check"])
        #expect(owner.status == 1, "\(owner)")
        #expect(owner.stderr.contains("audit"), "\(owner)")
    }

    @Test("a 0-byte file becomes a store through init (other commands refuse it: CLIStoreOpeningTests)")
    func zeroByteFile() throws {
        let cli = try PmopsCLI(initialize: false)
        try cli.dir.write("store.sqlite", "", mode: 0o600)
        #expect(try cli.run(["users", "list"]).status == 3)
        #expect(try cli.run(["init"]).status == 0)
        #expect(try cli.run(["users", "show", PmopsCLI.osLogin]).status == 0)
    }

    @Test("without --db: $PMOPS_DB, else a private directory under $XDG_DATA_HOME")
    func defaultLocation() throws {
        let cli = try PmopsCLI(initialize: false)
        let made = try cli.run(["init"], db: .omitted)
        #expect(made.status == 0, "\(made)")
        let path = cli.dir.file("xdg/pmops/pmops.sqlite")
        #expect(try FileFacts.mode(path) == 0o600)
        #expect(try FileFacts.mode(cli.dir.file("xdg/pmops")) == 0o700)
        let envPath = cli.dir.file("env.sqlite")
        #expect(try cli.run(["db", "migrate"], db: .omitted, env: ["PMOPS_DB": envPath]).status == 0)
        #expect(FileManager.default.fileExists(atPath: envPath))
    }

    @Test("a read-only store: reads work, a write fails with one clear sentence")
    func readOnly() throws {
        let cli = try PmopsCLI()
        // Root ignores file modes, so as root the check runs as 'nobody' (via setpriv), an admin in the store.
        let asRoot = PmopsCLI.runningAsRoot
        if asRoot {
            try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv (util-linux) is needed to test read-only stores as root")
            let added = try cli.run(["users", "add", "--yes", "nobody", "--name", "Nobody", "--email", "nobody@example.com", "--role", "admin"])
            try #require(added.status == 0, "\(added)")
            // The directory stays writable (SQLite needs it for the WAL index); only the file is read-only.
            chmod(cli.dir.path, 0o1777)
        }
        chmod(cli.dbPath, 0o444)
        let before = try FileFacts.bytes(cli.dbPath)
        func pmops(_ args: [String]) throws -> ProcessResult {
            asRoot ? try cli.runAs(uid: 65534, gid: 65534, args) : try cli.run(args)
        }
        let list = try pmops(["users", "list", "--json"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("\"login\" : \"\(PmopsCLI.osLogin)\""))
        let write = try pmops(["users", "add", "--yes", "jdoe", "--name", "Jane", "--email", "jdoe@example.com", "--role", "ops"])
        #expect(write.status == 1, "\(write)")
        Self.expectOneSentence(write, "\(cli.dbPath) is read-only (file or directory permissions); nothing was changed.")
        #expect(try FileFacts.bytes(cli.dbPath) == before)
        chmod(cli.dbPath, 0o600)
        #expect(try cli.run(["users", "show", "jdoe"]).status == 3)
    }
}
