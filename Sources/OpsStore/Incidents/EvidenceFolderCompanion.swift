import Foundation
import OpsCore

/// `STORE.evidence/`: the incident evidence files, carried by `db backup` and put back by
/// `db restore` like the anchor file, so `incidents evidence verify` passes on a restored
/// store. Every regular file is copied (folder 0700, files 0600, each synced): one added
/// while the backup runs has no row in the snapshot and is a harmless extra, while every
/// row in the snapshot has its file, written before its transaction committed.
struct EvidenceFolderCompanion: StoreCompanion {
    var suffix: String { ".evidence" }

    func copy(from store: String, to destination: String, head: AuditAnchor?) throws(OpsError) {
        let source = store + suffix
        var info = stat()
        guard stat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: source).sorted() } catch {
            throw OpsError.store("Cannot read \(source): \(error.localizedDescription).")
        }
        BackupFiles.remove(destination)
        guard mkdir(destination, 0o700) == 0 else { throw CompanionFiles.failure("create", destination) }
        for name in names where !name.hasPrefix(".") {
            let path = source + "/" + name
            var file = stat()
            guard lstat(path, &file) == 0, (file.st_mode & S_IFMT) == S_IFREG else { continue }
            guard let data = FileManager.default.contents(atPath: path) else { throw CompanionFiles.failure("read", path) }
            try CompanionFiles.write(data, to: destination + "/" + name)
        }
        CompanionFiles.syncDirectory(destination)
    }
}
