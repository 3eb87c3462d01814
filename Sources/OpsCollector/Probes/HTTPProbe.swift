import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Does a URL answer, with an acceptable status and (optionally) an expected text in the
/// body? Uses URLSession (libcurl on Linux) so HTTPS, redirects and chunked bodies work;
/// the synchronous `collect` waits on a semaphore with a hard deadline and cancels the
/// request when it passes, so a server that accepts but never answers cannot stall the
/// collector's queue.
public final class HTTPProbe: MetricSource, Sendable {
    public let name: String
    public let interval: TimeInterval
    public let timeout: TimeInterval
    public let url: URL
    /// Statuses that count as up; by default 200…399.
    public let acceptedStatuses: ClosedRange<Int>
    /// Text the body must contain, for health pages that answer 200 while reporting trouble.
    public let bodyContains: String?
    public let target: String
    private let session: URLSession

    public init(name: String? = nil, url: URL, interval: TimeInterval = 30, timeout: TimeInterval = 5,
                acceptedStatuses: ClosedRange<Int> = 200...399, bodyContains: String? = nil,
                target: String? = nil) throws(CollectorError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw CollectorError.invalidConfiguration("An HTTP probe needs an http:// or https:// URL with a host, not \"\(url.absoluteString)\".")
        }
        guard timeout > 0, timeout.isFinite else {
            throw CollectorError.invalidConfiguration("An HTTP probe's timeout must be a positive number of seconds.")
        }
        self.url = url
        self.interval = interval
        self.timeout = timeout
        self.acceptedStatuses = acceptedStatuses
        self.bodyContains = bodyContains.flatMap { $0.isEmpty ? nil : $0 }
        self.target = target ?? url.absoluteString
        self.name = name ?? "http \(target ?? url.absoluteString)"
        let configuration = URLSessionConfiguration.ephemeral
        // The hard deadline is the semaphore wait in `probe()`; URLSession's own timeouts
        // get whole seconds of slack because FoundationNetworking mishandles sub-second
        // values (0.5 s timed out after 3 ms here).
        configuration.timeoutIntervalForRequest = Self.sessionTimeout(timeout)
        configuration.timeoutIntervalForResource = Self.sessionTimeout(timeout)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.httpMaximumConnectionsPerHost = 1
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// One GET within `timeout`; up when the status is accepted and the body matches.
    public func probe() -> ProbeResult {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: Self.sessionTimeout(timeout))
        request.setValue("pmops-probe/1", forHTTPHeaderField: "User-Agent")
        let start = Monotonic.now()
        let reply = Reply()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            reply.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error.map { Self.describe($0) })
            done.signal()
        }
        task.resume()
        guard done.wait(timeout: .now() + timeout) == .success else {
            task.cancel()
            return ProbeResult(up: false, message: "no response within \(CollectorError.format(timeout)) s")
        }
        let latency = Monotonic.now() - start
        let (data, status, failure) = reply.get()
        guard let status else { return ProbeResult(up: false, message: failure ?? "no HTTP response") }
        guard acceptedStatuses.contains(status) else {
            return ProbeResult(up: false, statusCode: status, message: "status \(status) is not in \(acceptedStatuses.lowerBound)…\(acceptedStatuses.upperBound)")
        }
        if let bodyContains {
            let body = String(decoding: data ?? Data(), as: UTF8.self)
            guard body.contains(bodyContains) else {
                return ProbeResult(up: false, statusCode: status, message: "the body does not contain \"\(bodyContains)\"")
            }
        }
        return ProbeResult(up: true, latency: latency, statusCode: status)
    }

    public func collect(now: Date) throws -> [MetricSample] {
        probe().samples(target: target, kind: "http", at: now)
    }

    private static func sessionTimeout(_ timeout: TimeInterval) -> TimeInterval {
        timeout.rounded(.up) + 1
    }

    private static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        switch (ns.domain, ns.code) {
        case (NSURLErrorDomain, NSURLErrorTimedOut): return "no response within the timeout"
        case (NSURLErrorDomain, NSURLErrorCannotConnectToHost): return "connection refused"
        default: return ns.localizedDescription
        }
    }

    /// The completion handler's result, handed across threads.
    private final class Reply: @unchecked Sendable {
        private let lock = NSLock()
        private var data: Data?
        private var status: Int?
        private var failure: String?
        func set(data: Data?, status: Int?, error: String?) {
            lock.withLock { (self.data, self.status, self.failure) = (data, status, error) }
        }
        func get() -> (Data?, Int?, String?) { lock.withLock { (data, status, failure) } }
    }
}
