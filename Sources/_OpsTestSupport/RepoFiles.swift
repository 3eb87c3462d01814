import Foundation

/// Files of the repository the tests were compiled from.
public enum RepoFiles {
    /// The repository root: the nearest ancestor of `file` (symlinks resolved) holding
    /// `Docs/ROLES.md`. Call with the default so `#filePath` is the caller's.
    public static func root(from file: String = #filePath) throws -> String {
        var dir = (realPath(file) as NSString).deletingLastPathComponent
        while dir != "/" && !dir.isEmpty {
            if FileManager.default.fileExists(atPath: dir + "/Docs/ROLES.md") { return dir }
            dir = (dir as NSString).deletingLastPathComponent
        }
        throw TestSupportError("No Docs/ROLES.md above \(file).")
    }

    public static func text(_ relative: String, from file: String = #filePath) throws -> String {
        try FileFacts.text(try root(from: file) + "/" + relative)
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
