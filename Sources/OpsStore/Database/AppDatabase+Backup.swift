import Foundation
internal import GRDB
import OpsCore

/// What `pmops db backup` made.
public struct BackupReport: Sendable {
    public var path: String
    public var sizeBytes: Int64
    public var seconds: Double
    /// Of `seconds`, the page copy alone (the rest is companions, verification and rename).
    public var copySeconds: Double = 0
    /// The companion files written beside the copy (`COPY.anchors`, …).
    public var companions: [String]
    public var auditRows: Int
    /// The copy's audit head; nil without audit.read (or in a store with no audit rows).
    public var auditHead: AuditAnchor?
    /// Older rotated copies removed by `--keep`.
    public var removed: [String] = []
}

extension AppDatabase {
    /// A consistent copy of the live store (other processes keep reading and writing:
    /// SQLite's backup API copies one WAL snapshot), with its companion files, verified
    /// and then renamed into place, so `destination` either does not change or is a whole,
    /// checked store. Needs db.admin; the audit head is reported only to an actor who also
    /// holds audit.read, as `check(as:)` does.
    public func backup(to destination: String, overwrite: Bool, as context: ActorContext) throws(OpsError) -> BackupReport {
        let actor = try whoAmI(context)
        try AccessPolicy.require(.dbAdmin, actor: actor)
        let auditor = actor.permissions.contains(.auditRead)
        var report = try copyVerified(to: destination, overwrite: overwrite, showAudit: auditor)
        if !auditor { report.auditHead = nil }
        return report
    }

    /// Copies into `directory` as `STEM-YYYYMMDDTHHMMSSZ.EXT` and keeps the newest `keep`
    /// such copies (with their companions): the form for a daily cron line or the collector.
    public func backupRotated(into directory: String, keep: Int, as context: ActorContext) throws(OpsError) -> BackupReport {
        guard let path else { throw .failure("An in-memory store has no file to back up.") }
        guard keep >= 1 else { throw .invalid(field: "keep", message: "must be at least 1.") }
        try BackupFiles.requireDirectory(directory, mustExist: true)
        let naming = BackupFiles.Rotation(store: path)
        let destination = (directory as NSString).appendingPathComponent(naming.name(at: clock.now()))
        var report = try backup(to: destination, overwrite: false, as: context)
        report.removed = naming.prune(directory: directory, keep: keep, companions: companions.map(\.suffix))
        return report
    }

    /// The copy itself, without permission checks. Restore keeps the old store aside with
    /// `verify: false`: the store being replaced may be the damaged one.
    func copyVerified(to destination: String, overwrite: Bool, showAudit: Bool, verify: Bool = true) throws(OpsError) -> BackupReport {
        guard let path else { throw .failure("An in-memory store has no file to back up.") }
        let started = Date()
        let directory = (destination as NSString).deletingLastPathComponent
        try BackupFiles.requireDirectory(directory, mustExist: true)
        try BackupFiles.requireFree(destination, store: path, overwrite: overwrite)
        let temporary = BackupFiles.temporaryPath(for: destination)
        let suffixes = companions.map(\.suffix)
        var renamed = false
        defer { if !renamed { BackupFiles.removeCopy(temporary, suffixes: suffixes) } }
        try BackupFiles.createPrivate(temporary)

        var head: AuditAnchor?
        do {
            let copy = try DatabaseQueue(path: temporary, configuration: AppDatabase.configuration())
            try copy.writeWithoutTransaction { target in
                try writer.read { source in
                    head = try AuditChain.head(db: source)
                    try source.backup(to: target)
                }
            }
            try copy.close()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw .store("The disk holding \(directory.isEmpty ? "." : directory) is full; the partial copy was removed and nothing else changed.")
        } catch {
            throw StoreErrors.map(error, path: destination)
        }
        let copySeconds = Date().timeIntervalSince(started)
        for companion in companions {
            try companion.copy(from: path, to: temporary + companion.suffix, head: head)
        }
        guard verify else {
            let written = try BackupFiles.publish(temporary, as: destination, suffixes: suffixes)
            renamed = true
            return BackupReport(path: destination, sizeBytes: Int64(Sidecars.size(destination)), seconds: Date().timeIntervalSince(started),
                                companions: written, auditRows: Int(head?.auditID ?? 0), auditHead: head)
        }
        let facts = try StoreCopyCheck.inspect(path: temporary)
        if let problem = facts.problems.first {
            let shown = showAudit || !problem.hasPrefix("audit") ? problem : "the audit chain does not verify (details need audit.read)"
            throw .store("The copy failed verification (\(shown)); it was removed and \(path) is unchanged.")
        }
        if facts.auditHead != head {
            throw .store("The copy's audit head differs from the snapshot's; it was removed and \(path) is unchanged.")
        }
        let written = try BackupFiles.publish(temporary, as: destination, suffixes: suffixes)
        renamed = true
        return BackupReport(path: destination, sizeBytes: Int64(Sidecars.size(destination)), seconds: Date().timeIntervalSince(started),
                            copySeconds: copySeconds, companions: written, auditRows: facts.auditRows, auditHead: head)
    }
}
