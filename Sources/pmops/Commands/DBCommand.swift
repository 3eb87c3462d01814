import ArgumentParser
import Foundation
import OpsCore
import OpsStore

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The SQLite store: migrate, check, info.",
        subcommands: [Migrate.self, Check.self, Info.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the store or apply pending migrations.")
        @OptionGroup var store: StoreOptions
        func run() throws {
            let db = try store.open(create: true)
            print("Schema up to date in \(db.path ?? "memory"): \(try db.appliedMigrations().joined(separator: ", ")).")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Integrity, foreign keys and audit chain; exit 1 on any problem.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "JSON output.") var json = false
        struct Result: Encodable { var ok: Bool; var problems: [String]; var auditRows: Int
            enum CodingKeys: String, CodingKey { case ok, problems, auditRows = "audit_rows" } }
        func run() throws {
            let (problems, audit) = try store.open().check()
            if json {
                try CLI.printJSON(Result(ok: problems.isEmpty, problems: problems, auditRows: audit.rowsChecked))
            } else if problems.isEmpty {
                print("Store healthy: integrity ok, foreign keys ok, audit chain intact (\(audit.rowsChecked) rows).")
            } else {
                for p in problems { CLI.printError(p) }
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Where the store is and what it holds.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let info = try store.open().info()
            if json { return try CLI.printJSON(info) }
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
