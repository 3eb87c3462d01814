import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opens TCP connections with a hard deadline: name resolution on a worker thread (the
/// resolver has no timeout we control), then a non-blocking `connect` finished by `poll`,
/// trying each resolved address in turn with the time that is left.
enum TCPConnector {
    /// Why a connection could not be made, as a sentence for the probe's status.
    struct Failure: Error, Equatable {
        let message: String
    }

    /// A connected, non-blocking socket; the caller closes it.
    static func connect(host: String, port: UInt16, deadline: TimeInterval) throws(Failure) -> Int32 {
        let addresses = try resolve(host: host, port: port, deadline: deadline)
        var lastError = "no address for \(host)"
        for address in addresses {
            let remaining = deadline - Monotonic.now()
            guard remaining > 0 else { break }
            switch attempt(address, timeout: remaining) {
            case let .success(fd): return fd
            case let .failure(failure): lastError = failure.message
            }
        }
        if Monotonic.now() >= deadline, lastError == "no address for \(host)" {
            throw Failure(message: "connect to \(host):\(port) timed out")
        }
        throw Failure(message: lastError)
    }

    // MARK: - Resolution

    /// One resolved socket address, copied out of the `addrinfo` list.
    struct Address: Sendable {
        let family: Int32
        let bytes: [UInt8]
    }

    private static func resolve(host: String, port: UInt16, deadline: TimeInterval) throws(Failure) -> [Address] {
        // Numeric addresses need no resolver and cannot hang.
        if let numeric = lookup(host: host, port: port, numericOnly: true), !numeric.isEmpty { return numeric }
        let remaining = deadline - Monotonic.now()
        guard remaining > 0 else { throw Failure(message: "resolving \(host) timed out") }
        guard let resolved = BlockingCall.run(timeout: remaining, { lookup(host: host, port: port, numericOnly: false) }) else {
            throw Failure(message: "resolving \(host) timed out")
        }
        guard let addresses = resolved, !addresses.isEmpty else { throw Failure(message: "cannot resolve \(host)") }
        return addresses
    }

    private static func lookup(host: String, port: UInt16, numericOnly: Bool) -> [Address]? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (numericOnly ? AI_NUMERICHOST : AI_ADDRCONFIG)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(first) }
        var out: [Address] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            if let addr = current.pointee.ai_addr {
                let raw = UnsafeRawBufferPointer(start: addr, count: Int(current.pointee.ai_addrlen))
                out.append(Address(family: current.pointee.ai_family, bytes: Array(raw)))
            }
            node = current.pointee.ai_next
        }
        return out
    }

    // MARK: - Connect

    private static func attempt(_ address: Address, timeout: TimeInterval) -> Result<Int32, Failure> {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(address.family, type, 0)
        guard fd >= 0 else { return .failure(Failure(message: "socket: \(errorText(errno))")) }
        let rc = address.bytes.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return -1 }
            return Glibc.connect(fd, base.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if rc == 0 { return .success(fd) }
        guard errno == EINPROGRESS else {
            let message = errorText(errno)
            close(fd)
            return .failure(Failure(message: "connect: \(message)"))
        }
        let ready = waitUntil(fd, events: Int16(POLLOUT), timeout: timeout)
        guard ready else {
            close(fd)
            return .failure(Failure(message: "connect timed out after \(CollectorError.format(timeout)) s"))
        }
        var soError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) == 0, soError == 0 else {
            close(fd)
            return .failure(Failure(message: "connect: \(errorText(soError))"))
        }
        return .success(fd)
    }

    /// Polls `fd` for `events` until ready or `timeout` passes (restarting after signals).
    static func waitUntil(_ fd: Int32, events: Int16, timeout: TimeInterval) -> Bool {
        let deadline = Monotonic.now() + timeout
        while true {
            let remaining = deadline - Monotonic.now()
            guard remaining > 0 else { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&entry, 1, Int32(min(remaining * 1000, Double(Int32.max)).rounded(.up)))
            if n > 0 { return true }
            if n == 0 { return false }
            if errno != EINTR { return false }
        }
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
