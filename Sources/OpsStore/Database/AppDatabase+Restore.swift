import Foundation
internal import GRDB
import OpsCore

/// What `pmops db restore` did.
public struct RestoreReport: Sendable {
    public var source: String
    /// Where the replaced store was kept (`STORE.before-restore-YYYYMMDDTHHMMSSZ`).
    public var keptAside: String
    public var sizeBytes: Int64
    public var auditRows: Int
    public var auditHead: AuditAnchor?
}

extension AppDatabase {
    /// Replaces the live store's contents with the backup at `source`, for a super_admin
    /// only (it replaces every account and the audit trail). The backup is checked first
    /// like `backup` checks its copy (a pmops store, not newer, integrity, audit chain
    /// against its own anchors), and a live collector lease refuses the restore; any
    /// refusal leaves the live store untouched. The old store is kept aside with its
    /// companions before anything changes.
    ///
    /// The pages are copied into the live file through SQLite's backup API, under SQLite's
    /// own locks, never by renaming files: a console that keeps the store open reads the
    /// restored data at its next refresh instead of writing on into an unlinked file.
    public func restore(from source: String, as context: ActorContext) throws(OpsError) -> RestoreReport {
        let actor = try whoAmI(context)
        guard actor.roles.contains(.superAdmin) else {
            throw .permissionDenied("Permission denied: only a super_admin may restore the store (it replaces every account and the audit trail).")
        }
        guard let path else { throw .failure("An in-memory store cannot be restored into.") }
        if BackupFiles.sameFile(source, path) { throw .store("\(source) is the live store itself; name a backup file.") }
        let facts = try StoreCopyCheck.inspect(path: source)
        if let problem = facts.problems.first {
            throw .store("\(source) failed verification (\(problem)); the live store was not touched.")
        }
        let livePageSize = try read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0 }
        if facts.pageSize != livePageSize {
            throw .store("\(source) uses \(facts.pageSize)-byte pages and the live store \(livePageSize)-byte pages; restore it by moving files while no pmops runs (README); the live store was not touched.")
        }
        if let holder = try leaseHolder(), holder.isLive(at: clock.now()) {
            throw .conflict("A collector holds the store's lease (\(holder.holderHost) pid \(holder.holderPID)); stop it, and any console that collects, then restore; the live store was not touched.")
        }
        let aside = path + ".before-restore-" + BackupFiles.stamp(clock.now())
        _ = try copyVerified(to: aside, overwrite: false, showAudit: true, verify: false)
        try replaceContents(from: source, head: facts.auditHead)
        let restored = try read { db in try AuditChain.head(db: db) }
        guard restored == facts.auditHead else {
            throw .store("The restored store's audit head differs from \(source)'s; the old store is kept at \(aside).")
        }
        return RestoreReport(source: source, keptAside: aside, sizeBytes: facts.sizeBytes, auditRows: facts.auditRows, auditHead: facts.auditHead)
    }

    /// Copies the pages of `source` into the live file in one write transaction, puts the
    /// backup's companions in place, then applies migrations an older backup lacks.
    private func replaceContents(from source: String, head: AuditAnchor?) throws(OpsError) {
        guard let path else { return }
        var config = AppDatabase.configuration()
        config.readonly = true
        do {
            let backup = try DatabaseQueue(path: Sidecars.walHasContent(source) ? source : Sidecars.immutableURI(source), configuration: config)
            defer { try? backup.close() }
            try backup.backup(to: writer)
        } catch {
            throw StoreErrors.map(error, path: path)
        }
        for companion in companions {
            let staged = path + companion.suffix + ".restoring-\(getpid())"
            BackupFiles.remove(staged)
            try companion.copy(from: source, to: staged, head: head)
            if Sidecars.size(staged) >= 0 {
                try BackupFiles.replace(staged, at: path + companion.suffix)
            } else {
                BackupFiles.remove(path + companion.suffix)
            }
        }
        anchoredID.withLock { $0 = head?.auditID ?? 0 }
        try migrate(readOnly: false)
        truncateWAL()
    }
}
