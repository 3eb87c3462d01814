import Foundation

/// Runs a blocking system call that has no timeout of its own (`statvfs` on a hung NFS
/// mount, `getaddrinfo` against a dead DNS server) on a worker thread and waits at most
/// `timeout` for it. On timeout the call keeps running in the background and its result
/// is dropped: the kernel offers no way to cancel it, but the caller keeps its deadline.
enum BlockingCall {
    static func run<T: Sendable>(timeout: TimeInterval, _ body: @escaping @Sendable () -> T) -> T? {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .utility).async {
            box.value = body()
            done.signal()
        }
        guard done.wait(timeout: .now() + max(timeout, 0.001)) == .success else { return nil }
        return box.value
    }

    /// Carries the worker's result across threads; the semaphore orders the accesses and
    /// the lock keeps them well-defined under the memory model.
    private final class Box<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: T?
        var value: T? {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }
}
