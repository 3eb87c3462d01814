import ArgumentParser
import Foundation
import OpsCore
import OpsStore

/// `pmops db`: the store itself. `migrate` and `check` need db.admin; `check` verifies the
/// audit chain (and prints its details) only for an actor who also holds audit.read;
/// `info` (path, size, counts) is open to every active account; `backup` needs db.admin,
/// `restore` a super_admin (DBBackupCommand.swift).
struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The SQLite store: migrate, check, info, backup, restore.",
        subcommands: [Migrate.self, Check.self, Info.self, Backup.self, Restore.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the store or apply pending migrations (needs db.admin once the store has accounts).")
        @OptionGroup var store: StoreOptions
        func run() throws {
            let db = try store.openWithoutIdentity(create: true)
            // A store without accounts has nobody to hold db.admin: laying its schema is
            // what `pmops init` would do first. Once accounts exist, the command is theirs.
            if try db.hasAccounts() || store.actAs != nil {
                try db.authorize(.dbAdmin, store.actor)
            }
            print("Schema up to date in \(db.path ?? "memory"): \(try db.appliedMigrations().joined(separator: ", ")).")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Integrity, foreign keys and (with audit.read) the audit chain; exit 1 on any problem. Needs db.admin.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        struct Result: Encodable {
            var ok: Bool
            var problems: [String]
            var auditRows: Int?
            var auditChecked: Bool
            enum CodingKeys: String, CodingKey { case ok, problems, auditRows = "audit_rows", auditChecked = "audit_checked" }
        }
        func run() throws {
            let report = try store.open(requiring: .dbAdmin).check(as: store.actor)
            if output.json {
                try CLI.printJSON(Result(ok: report.problems.isEmpty, problems: report.problems,
                                         auditRows: report.audit?.rowsChecked, auditChecked: report.audit != nil))
            } else if report.problems.isEmpty {
                let audit = report.audit.map { "audit chain intact (\($0.rowsChecked) rows)" } ?? "audit chain not checked (needs audit.read)"
                print("Store healthy: integrity ok, foreign keys ok, \(audit).")
            } else {
                for p in report.problems { CLI.printError(p) }
            }
            if !report.problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Where the store is and what it holds (any active account).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONOutput
        func run() throws {
            let info = try store.open(requiring: .usersRead).info()
            if output.json { return try CLI.printJSON(info) }
            print("path:         \(info.path ?? "memory")")
            print("size:         \(info.sizeBytes) bytes")
            print("sqlite:       \(info.sqliteVersion), journal \(info.journalMode)")
            print("migrations:   \(info.migrations.joined(separator: ", "))")
            print("staff:        \(info.staff) (\(info.activeStaff) active)")
            print("audit rows:   \(info.auditRows)")
            print("outbox:       \(info.outboxQueued) queued")
        }
    }
}
