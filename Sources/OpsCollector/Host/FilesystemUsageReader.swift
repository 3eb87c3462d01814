import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Calls `statvfs` with a deadline. A hung NFS or FUSE mount blocks `statvfs` in the
/// kernel with no way to cancel it, so the call runs on a worker thread; when it overruns,
/// the mount is reported as timed out and not asked again until that call returns, so a
/// stuck mount costs one thread, not one per tick (node_exporter does the same).
public final class FilesystemUsageReader: @unchecked Sendable {
    private let lock = NSLock()
    private var inFlight: Set<String> = []

    public init() {}

    public func usage(of mount: String, timeout: TimeInterval) throws(CollectorError) -> FilesystemUsage {
        let claimed = lock.withLock { inFlight.insert(mount).inserted }
        guard claimed else {
            throw CollectorError.timedOut(what: "statvfs(\(mount)), still hung from an earlier call,", seconds: timeout)
        }
        let outcome = BlockingCall.run(timeout: timeout) { [self] () -> Result<FilesystemUsage, CollectorError> in
            defer { _ = lock.withLock { inFlight.remove(mount) } }
            var info = statvfs()
            guard statvfs(mount, &info) == 0 else {
                return .failure(.unreadable(path: mount, reason: String(cString: strerror(errno))))
            }
            return .success(FilesystemUsage(mount: mount, blocks: UInt64(info.f_blocks), free: UInt64(info.f_bfree),
                                            available: UInt64(info.f_bavail), fragmentSize: UInt64(info.f_frsize)))
        }
        guard let outcome else { throw CollectorError.timedOut(what: "statvfs(\(mount))", seconds: timeout) }
        let usage = try outcome.get()
        guard usage.sizeBytes > 0 else {
            throw CollectorError.malformed(what: "filesystem at \(mount)", message: "it reports no blocks (not a disk filesystem)")
        }
        return usage
    }
}
