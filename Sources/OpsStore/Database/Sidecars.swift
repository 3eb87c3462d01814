import Foundation

/// The `-wal`/`-shm` files SQLite keeps beside a WAL-mode database.
enum Sidecars {
    static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : -1
    }

    static func walHasContent(_ path: String) -> Bool { size(path + "-wal") > 0 }

    /// `file:` URI opening `path` read-only without locks or sidecar files. Only safe
    /// while nothing writes the file; used for probes and for read-only stores.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:" + escaped + "?immutable=1"
    }

    /// True when pmops can only read: the file or its directory is not writable (SQLite
    /// creates the `-wal`/`-shm` files in the directory).
    static func readOnly(_ path: String) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) != 0 || access(directory.isEmpty ? "." : directory, W_OK) != 0
    }
}
