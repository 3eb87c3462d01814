import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct TestSocketError: Error, CustomStringConvertible {
    let description: String
    init(_ what: String) { description = "\(what): \(String(cString: strerror(errno)))" }
}

/// TCP sockets on 127.0.0.1 for probe tests. Port 0 lets the kernel pick a free port,
/// which is read back, so parallel tests never collide.
enum LoopbackSockets {
    /// A socket bound to 127.0.0.1 on a kernel-chosen port; listening when `listen` is true.
    static func bound(listen shouldListen: Bool, backlog: Int32 = 16) throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSocketError("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bindResult = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bindResult == 0 else { close(fd); throw TestSocketError("bind") }
        if shouldListen, listen(fd, backlog) != 0 { close(fd); throw TestSocketError("listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let nameResult = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard nameResult == 0 else { close(fd); throw TestSocketError("getsockname") }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// A port on 127.0.0.1 that refuses connections: bound (so nobody else takes it while
    /// the test runs) but not listening, which makes the kernel answer with RST.
    static func refusingPort() throws -> (fd: Int32, port: UInt16) {
        try bound(listen: false)
    }
}
