import Foundation
internal import GRDB
import OpsCore

/// Turns SQLite failures into one human sentence each.
package enum StoreErrors {
    package static func map(_ error: any Error, path: String?) -> OpsError {
        if let ops = error as? OpsError { return ops }
        if let field = error as? FieldError { return .invalid(field: field.field, message: field.message) }
        let name = path ?? "the database"
        guard let db = error as? DatabaseError else { return .failure("\(error)") }
        switch db.resultCode {
        case .SQLITE_READONLY:
            return .store("\(name) is read-only (file or directory permissions); nothing was changed.")
        case .SQLITE_FULL:
            return .store("The disk holding \(name) is full; the change was rolled back and nothing was changed.")
        case .SQLITE_NOTADB:
            return .store("\(name) is not a SQLite database; it was left untouched.")
        case .SQLITE_CANTOPEN:
            return .store("Cannot open \(name): \(db.message ?? "the file or its directory is not accessible").")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .store("\(name) stayed locked by another pmops for 10 s; try again.")
        case .SQLITE_CORRUPT:
            return .store("\(name) is corrupt; restore it from a backup, or salvage what is readable with 'sqlite3 \(name) .recover | sqlite3 NEW.sqlite' and use NEW.sqlite.")
        case .SQLITE_CONSTRAINT:
            return .conflict("The change breaks a rule of the store: \(db.message ?? "constraint failed"); nothing was changed.")
        default:
            return .store("Database error on \(name): \(db.message ?? "\(db.resultCode)").")
        }
    }
}

/// Checks and creates the database file before SQLite touches it, so a wrong file is
/// refused untouched and a new file is private to its owner (mode 0600).
enum StoreFile {
    static func prepare(path: String, create: Bool) throws(OpsError) {
        let fm = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if !directory.isEmpty, !(fm.fileExists(atPath: directory, isDirectory: &isDir) && isDir.boolValue) {
            throw .store("The directory \(directory) does not exist; create it or choose another --db.")
        }
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { throw .store("\(path) is a directory, not a database file.") }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw .store("Cannot read \(path): permission denied.")
            }
            let header = (try? handle.read(upToCount: 16)) ?? Data()
            try? handle.close()
            if !header.isEmpty, header != Data("SQLite format 3\0".utf8) {
                throw .store("\(path) is not a SQLite database; it was left untouched.")
            }
            return
        }
        guard create else { throw .notFound("No database at \(path); run 'pmops init' or 'pmops demo seed' first.") }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw .store("Cannot create \(path): \(String(cString: strerror(errno))).")
        }
        close(fd)
    }
}
