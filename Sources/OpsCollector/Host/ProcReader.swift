import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads whole files under /proc. Their size is reported as 0, so this reads until end of
/// file with plain `read(2)` rather than trusting a size; `root` lets tests point it at a
/// directory of captured files.
public struct ProcReader: Sendable {
    public let root: String
    /// /proc files are small; anything bigger is not what we expect and is refused.
    public let maxBytes: Int

    public init(root: String = "/proc", maxBytes: Int = 4 * 1024 * 1024) {
        self.root = root
        self.maxBytes = maxBytes
    }

    /// The text of `root/relative` (e.g. "stat", "net/dev").
    public func text(_ relative: String) throws(CollectorError) -> String {
        let path = root + "/" + relative
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CollectorError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CollectorError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
            if data.count > maxBytes { throw CollectorError.unreadable(path: path, reason: "larger than \(maxBytes) bytes") }
        }
        return String(decoding: data, as: UTF8.self)
    }
}
