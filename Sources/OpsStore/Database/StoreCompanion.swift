import Foundation
import OpsCore

/// A file the store owns beside it (`STORE` + `suffix`), which a backup must carry and a
/// restore must put back: the audit anchors and the incident evidence folder (quarantined
/// mail registers here when it arrives), so `db backup` never forgets one. A companion is
/// a file or a folder; `BackupFiles` moves and removes either.
public protocol StoreCompanion: Sendable {
    /// Appended to the store's path: `.anchors` for `STORE.anchors`.
    var suffix: String { get }
    /// Writes this companion's copy for a snapshot of `store` whose audit head is `head`
    /// into `destination` (a new file, mode 0600, synced). Nothing to copy is not an error.
    func copy(from store: String, to destination: String, head: AuditAnchor?) throws(OpsError)
}

extension AppDatabase {
    /// The companions every store has.
    public static let standardCompanions: [any StoreCompanion] = [AnchorFileCompanion(), EvidenceFolderCompanion()]
}

/// `STORE.anchors`. Lines are appended after their transaction commits, so the live file
/// can already name a head later than the snapshot being copied: only anchors up to the
/// snapshot's head are kept, or the copy's verify would report a rolled-back tail.
struct AnchorFileCompanion: StoreCompanion {
    var suffix: String { ".anchors" }

    func copy(from store: String, to destination: String, head: AuditAnchor?) throws(OpsError) {
        let source = AuditAnchors.path(forStore: store)
        guard let data = FileManager.default.contents(atPath: source) else { return }
        let limit = head?.auditID ?? 0
        var kept = Data()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let anchor = AuditAnchors.parse(line), anchor.auditID <= limit else { continue }
            kept.append(contentsOf: line)
            kept.append(UInt8(ascii: "\n"))
        }
        try CompanionFiles.write(kept, to: destination)
    }
}

/// Small file helpers for companions and backups: private, synced, one sentence on error.
enum CompanionFiles {
    static func write(_ data: Data, to path: String) throws(OpsError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create", path) }
        defer { Glibc.close(fd) }
        var offset = 0
        let failed = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written <= 0 { return true }
                offset += written
            }
            return false
        }
        if failed || fsync(fd) != 0 { throw failure("write", path) }
    }

    static func failure(_ verb: String, _ path: String) -> OpsError {
        let reason = errno == ENOSPC ? "the disk is full" : String(cString: strerror(errno))
        return .store("Cannot \(verb) \(path): \(reason).")
    }

    /// Flushes a directory so renames into it survive a crash.
    static func syncDirectory(_ directory: String) {
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        Glibc.close(fd)
    }

    static func remove(_ path: String) { unlink(path) }
}
