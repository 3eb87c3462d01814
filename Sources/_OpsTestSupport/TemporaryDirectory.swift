import Foundation

/// A fresh directory under the system temp dir, removed when the value goes away.
/// Each test makes its own, so tests never share files and can run in parallel.
/// Set `PMOPS_KEEP_TEMP=1` to keep them for a post-mortem.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "pmops-test") throws {
        var template = Array((NSTemporaryDirectory() + "/\(label)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else { throw TestSupportError("Cannot create a temporary directory: \(String(cString: strerror(errno))).") }
        let bytes = template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        path = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "//", with: "/")
    }

    deinit {
        if ProcessInfo.processInfo.environment["PMOPS_KEEP_TEMP"] == "1" { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/name`.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` with the given mode and returns the full path.
    @discardableResult
    public func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
        let full = file(name)
        guard FileManager.default.createFile(atPath: full, contents: Data(text.utf8)) else {
            throw TestSupportError("Cannot write \(full).")
        }
        guard chmod(full, mode_t(mode)) == 0 else { throw TestSupportError("Cannot chmod \(full).") }
        return full
    }
}

/// A test-support failure: a missing tool, an unreadable file, a child that would not end.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// File facts tests assert on.
public enum FileFacts {
    /// The permission bits of `path` (e.g. 0o600).
    public static func mode(_ path: String) throws -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { throw TestSupportError("Cannot stat \(path): \(String(cString: strerror(errno))).") }
        return Int(st.st_mode & 0o7777)
    }

    public static func bytes(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw TestSupportError("Cannot read \(path).") }
        return data
    }

    public static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }

    /// Regular files directly inside `directory`, sorted.
    public static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}
