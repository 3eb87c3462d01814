import Foundation
import OpsCore

/// The file-system side of backups: checks on the target, the hidden temporary copy, the
/// renames that publish it, and rotation by name.
enum BackupFiles {
    /// One sentence, exit 1, for a target directory that is missing or not writable.
    static func requireDirectory(_ directory: String, mustExist: Bool) throws(OpsError) {
        let shown = directory.isEmpty ? "." : directory
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: shown, isDirectory: &isDir), isDir.boolValue else {
            throw .store("The directory \(shown) does not exist; create it first (nothing was written).")
        }
        guard access(shown, W_OK | X_OK) == 0 else {
            throw .store("Cannot write in \(shown): \(String(cString: strerror(errno))) (nothing was written).")
        }
    }

    /// Refuses the live store itself, a directory, and an existing file without --force.
    static func requireFree(_ destination: String, store: String, overwrite: Bool) throws(OpsError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: destination, isDirectory: &isDir) else { return }
        if isDir.boolValue { throw .store("\(destination) is a directory; name the backup file inside it (or use --keep N DIR).") }
        if sameFile(destination, store) { throw .store("\(destination) is the live store itself; choose another file.") }
        if !overwrite { throw .conflict("\(destination) already exists; pass --force to replace it.") }
    }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// Hidden and named as unfinished, so a copy cut short (kill -9, power loss) is never
    /// mistaken for a backup.
    static func temporaryPath(for destination: String) -> String {
        let directory = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        return (directory as NSString).appendingPathComponent(".\(name).partial-\(getpid())")
    }

    static func createPrivate(_ path: String) throws(OpsError) {
        unlink(path)
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CompanionFiles.failure("create", path) }
        Glibc.close(fd)
    }

    /// Removes a copy with its companions and any SQLite sidecars.
    static func removeCopy(_ path: String, suffixes: [String]) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
        for suffix in suffixes { remove(path + suffix) }
    }

    /// Removes a file, or a companion folder with what it holds.
    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR { try? FileManager.default.removeItem(atPath: path) } else { unlink(path) }
    }

    /// Puts `staged` at `target`. A folder already there (an overwritten backup's, the live
    /// evidence a restore replaces) is moved aside first and removed once the new one is in
    /// place: `rename` cannot replace a folder that has files.
    static func replace(_ staged: String, at target: String) throws(OpsError) {
        var info = stat()
        var aside: String?
        if lstat(target, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            let old = target + ".replaced-\(getpid())"
            remove(old)
            guard rename(target, old) == 0 else { throw CompanionFiles.failure("replace", target) }
            aside = old
        }
        guard rename(staged, target) == 0 else {
            if let aside { _ = rename(aside, target) }
            throw CompanionFiles.failure("write", target)
        }
        if let aside { remove(aside) }
    }

    /// Renames the companions, then the main file, into place (the main file last: once
    /// it exists, everything it needs is beside it). Returns the companions published.
    static func publish(_ temporary: String, as destination: String, suffixes: [String]) throws(OpsError) -> [String] {
        for suffix in ["-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
        var published: [String] = []
        for suffix in suffixes {
            if Sidecars.size(temporary + suffix) >= 0 {
                try replace(temporary + suffix, at: destination + suffix)
                published.append(destination + suffix)
            } else {
                remove(destination + suffix)
            }
        }
        guard rename(temporary, destination) == 0 else { throw CompanionFiles.failure("write", destination) }
        CompanionFiles.syncDirectory((destination as NSString).deletingLastPathComponent)
        return published
    }

    /// `YYYYMMDDTHHMMSSZ`: sorts by time, safe in file names.
    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// `STEM-YYYYMMDDTHHMMSSZ.EXT` names for rotated copies of one store.
    struct Rotation {
        let stem: String
        let ext: String

        init(store: String) {
            let name = (store as NSString).lastPathComponent
            let ext = (name as NSString).pathExtension
            self.stem = ext.isEmpty ? name : (name as NSString).deletingPathExtension
            self.ext = ext.isEmpty ? "" : "." + ext
        }

        func name(at date: Date) -> String { "\(stem)-\(BackupFiles.stamp(date))\(ext)" }

        func isRotated(_ name: String) -> Bool {
            guard name.hasPrefix(stem + "-"), name.hasSuffix(ext) else { return false }
            let stamp = name.dropFirst(stem.count + 1).dropLast(ext.count)
            return stamp.count == 16 && stamp.allSatisfy { $0.isNumber || $0 == "T" || $0 == "Z" }
        }

        /// Deletes all but the newest `keep` copies (names sort by time); returns their paths.
        func prune(directory: String, keep: Int, companions: [String]) -> [String] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter(isRotated).sorted(by: >)
            return names.dropFirst(keep).map { name in
                let path = (directory as NSString).appendingPathComponent(name)
                unlink(path)
                for suffix in companions { BackupFiles.remove(path + suffix) }
                return path
            }
        }
    }
}
