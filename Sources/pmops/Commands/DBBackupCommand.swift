import ArgumentParser
import Foundation
import OpsCore
import OpsStore

extension DBCommand {
    /// `pmops db backup FILE` or `--keep N DIR`: an online, verified copy with its companions.
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the store while it is in use, verified, with its anchor file (needs db.admin).",
            discussion: """
            The copy is one consistent snapshot taken through SQLite's backup API: consoles and
            the collector keep running. It is written to a hidden temporary file, checked
            (integrity, foreign keys, audit chain against the copied anchors) and renamed into
            place at mode 0600, so FILE is either untouched or a whole, verified store.
            With --keep N, the argument is a directory: the copy is named
            STORE-YYYYMMDDTHHMMSSZ.sqlite and only the newest N such copies are kept (cron).
            The audit head is printed for actors holding audit.read.
            """)
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The backup file, or the directory with --keep.", valueName: "file|dir")) var target: String
        @Flag(help: "Replace an existing backup file.") var force = false
        @Option(help: ArgumentHelp("Rotate: write a timestamped copy into the directory and keep the newest N.", valueName: "N")) var keep: Int?
        @Flag(help: "JSON output.") var json = false

        func validate() throws {
            if let keep, keep < 1 { throw ValidationError("--keep must be at least 1.") }
            if keep != nil, force { throw ValidationError("--force goes with a backup file, not with --keep (rotated names are new).") }
        }

        func run() throws {
            let db = try store.open(requiring: .dbAdmin)
            let report = try keep.map { try db.backupRotated(into: target, keep: $0, as: store.actor) }
                ?? db.backup(to: target, overwrite: force, as: store.actor)
            if json { return try CLI.printJSON(BackupJSON(report)) }
            let seconds = String(format: "%.2f s (copy %.2f s)", report.seconds, report.copySeconds)
            let head = report.auditHead.map { "audit head #\($0.auditID) \($0.hash.prefix(16))…" }
                ?? "audit chain verified (\(report.auditRows) rows; the head is shown with audit.read)"
            print("Backed up \(db.path ?? "the store") to \(report.path): \(report.sizeBytes) bytes in \(seconds), integrity ok, \(head).")
            for companion in report.companions { print("  with \(companion)") }
            for removed in report.removed { print("  removed old copy \(removed)") }
        }
    }

    /// `pmops db restore FILE`: the live store replaced by a checked backup.
    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the store with a verified backup, keeping the old one aside (super_admin only).",
            discussion: """
            The backup is checked like db backup checks its copy; a file that is not a pmops
            store, comes from a newer pmops or fails verification is refused, and so is a
            restore while a collector holds the lease. The old store is kept as
            STORE.before-restore-YYYYMMDDTHHMMSSZ (with its anchor file). Open consoles are not
            waited for: the pages are replaced under SQLite's locks and they show the restored
            data at their next refresh.
            """)
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("A backup made by pmops db backup.", valueName: "file")) var source: String
        @Flag(help: "JSON output.") var json = false

        func run() throws {
            let db = try store.open(requiring: .dbAdmin)
            let report = try db.restore(from: source, as: store.actor)
            if json { return try CLI.printJSON(RestoreJSON(report: report)) }
            let head = report.auditHead.map { "audit head #\($0.auditID) \($0.hash.prefix(16))…" } ?? "no audit rows"
            print("Restored \(db.path ?? "the store") from \(report.source): \(report.sizeBytes) bytes, \(report.auditRows) audit rows, \(head).")
            print("The previous store is kept at \(report.keptAside).")
        }
    }
}

struct BackupJSON: Encodable {
    let report: BackupReport
    init(_ report: BackupReport) { self.report = report }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.field("path", report.path)
        try c.field("size_bytes", report.sizeBytes)
        try c.field("seconds", (report.seconds * 1000).rounded() / 1000)
        try c.field("copy_seconds", (report.copySeconds * 1000).rounded() / 1000)
        try c.field("companions", report.companions)
        try c.field("audit_rows", report.auditRows)
        try c.field("audit_head_id", report.auditHead?.auditID)
        try c.field("audit_head_hash", report.auditHead?.hash)
        try c.field("removed", report.removed)
    }
}

struct RestoreJSON: Encodable {
    let report: RestoreReport
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONField.self)
        try c.field("source", report.source)
        try c.field("kept_aside", report.keptAside)
        try c.field("size_bytes", report.sizeBytes)
        try c.field("audit_rows", report.auditRows)
        try c.field("audit_head_id", report.auditHead?.auditID)
        try c.field("audit_head_hash", report.auditHead?.hash)
    }
}
