import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a payload from a file or a descriptor (stdin) without ever holding more than the
/// cap: it stops after `limit + 1` bytes and refuses, so `cat 2GB | pmops alerts ingest`
/// costs 10 MB, not 2 GB. A file's size is checked first, which refuses a huge file
/// without reading it; the read stays capped for files that grow or lie (FIFOs, /proc).
public enum BoundedInput {
    /// `path`, or standard input for "-".
    public static func read(path: String, limit: Int) throws(AlertmanagerPayloadError) -> Data {
        if path == "-" { return try read(descriptor: STDIN_FILENO, name: "standard input", limit: limit) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw .cannotRead(path: path, reason: String(cString: strerror(code)).lowercased(), missing: code == ENOENT)
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotRead(path: path, reason: "it is a directory", missing: false) }
            if (info.st_mode & S_IFMT) == S_IFREG, info.st_size > limit { throw .tooLarge(limit: limit) }
        }
        return try read(descriptor: fd, name: path, limit: limit)
    }

    /// Everything `fd` yields until end of file, refusing past `limit` bytes.
    public static func read(descriptor fd: Int32, name: String, limit: Int) throws(AlertmanagerPayloadError) -> Data {
        var data = Data()
        let chunk = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: name, reason: String(cString: strerror(errno)).lowercased(), missing: false)
            }
            if n == 0 { return data }
            guard data.count + n <= limit else { throw .tooLarge(limit: limit) }
            data.append(contentsOf: buffer[0..<n])
        }
    }
}
