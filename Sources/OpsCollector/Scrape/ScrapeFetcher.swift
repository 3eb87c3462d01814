import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET of a metrics endpoint with a hard deadline and a byte cap enforced while the
/// body streams in. A plain `dataTask` would buffer a runaway endpoint's whole body before we
/// could look at its size, so the session has a delegate that counts bytes and cancels the
/// transfer the moment it passes the cap.
final class ScrapeFetcher: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// What came back: the body (at most `maxBytes`), the status and the Content-Type.
    struct Response: Sendable {
        let status: Int
        let contentType: String?
        let body: Data
    }

    let timeout: TimeInterval
    let maxBytes: Int
    private let lock = NSLock()
    /// In-flight transfers by task id. A transfer abandoned at its deadline may still call
    /// back later; its id is gone by then and the callback is ignored.
    private var transfers: [Int: Transfer] = [:]
    private var session: URLSession?

    init(timeout: TimeInterval, maxBytes: Int) {
        self.timeout = timeout
        self.maxBytes = maxBytes
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        // As in HTTPProbe: the semaphore is the hard deadline; URLSession's own timeouts get
        // whole seconds of slack because FoundationNetworking mishandles sub-second values.
        configuration.timeoutIntervalForRequest = timeout.rounded(.up) + 1
        configuration.timeoutIntervalForResource = timeout.rounded(.up) + 1
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.httpMaximumConnectionsPerHost = 1
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    /// Breaks the session → delegate reference; the owner calls it from its `deinit`.
    func invalidate() {
        let current = lock.withLock { () -> URLSession? in
            defer { session = nil }
            return session
        }
        current?.invalidateAndCancel()
    }

    /// GETs `url`, throwing a `CollectorError` sentence for every way it can fail.
    func fetch(_ url: URL) throws(CollectorError) -> Response {
        guard let session = lock.withLock({ session }) else {
            throw CollectorError.unreadable(path: url.absoluteString, reason: "the scrape source was shut down")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout.rounded(.up) + 1)
        request.setValue(ExpositionFormat.acceptHeader, forHTTPHeaderField: "Accept")
        request.setValue("pmops-collector/1", forHTTPHeaderField: "User-Agent")
        request.setValue(String(format: "%.3f", timeout), forHTTPHeaderField: "X-Prometheus-Scrape-Timeout-Seconds")
        let transfer = Transfer()
        let task = session.dataTask(with: request)
        lock.withLock { transfers[task.taskIdentifier] = transfer }
        defer { _ = lock.withLock { transfers.removeValue(forKey: task.taskIdentifier) } }
        task.resume()
        guard transfer.done.wait(timeout: .now() + timeout) == .success else {
            task.cancel()
            throw CollectorError.timedOut(what: "Scraping \(url.absoluteString)", seconds: timeout)
        }
        let outcome = transfer.snapshot()
        if let announced = outcome.tooLarge {
            let size = announced.map { "\($0) bytes, " } ?? ""
            throw CollectorError.unreadable(path: url.absoluteString,
                                            reason: "the response is \(size)over the \(maxBytes)-byte limit; it was not parsed")
        }
        if let failure = outcome.failure { throw CollectorError.unreadable(path: url.absoluteString, reason: failure) }
        guard let status = outcome.status else {
            throw CollectorError.unreadable(path: url.absoluteString, reason: "no HTTP response")
        }
        guard (200...299).contains(status) else {
            throw CollectorError.unreadable(path: url.absoluteString, reason: "HTTP status \(status)")
        }
        return Response(status: status, contentType: outcome.contentType, body: outcome.body)
    }

    private func transfer(_ task: URLSessionTask) -> Transfer? {
        lock.withLock { transfers[task.taskIdentifier] }
    }

    // MARK: - URLSessionDataDelegate

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let transfer = transfer(dataTask) else { return completionHandler(.cancel) }
        let http = response as? HTTPURLResponse
        let contentType = http?.allHeaderFields.first { ($0.key as? String)?.lowercased() == "content-type" }?.value as? String
        let announced = response.expectedContentLength
        if announced > Int64(maxBytes) {
            transfer.update { $0.tooLarge = Int(clamping: announced) }
            completionHandler(.cancel)
            return
        }
        transfer.update {
            $0.status = http?.statusCode
            $0.contentType = contentType
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let transfer = transfer(dataTask) else { return }
        let over = transfer.update { state -> Bool in
            guard state.tooLarge == nil else { return true }
            if state.body.count + data.count > maxBytes {
                state.tooLarge = .some(nil)
                state.body = Data()
                return true
            }
            state.body.append(data)
            return false
        }
        if over { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let transfer = transfer(task) else { return }
        if let error {
            transfer.update { state in
                if state.tooLarge == nil { state.failure = Self.describe(error) }
            }
        }
        transfer.done.signal()
    }

    private static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        switch (ns.domain, ns.code) {
        case (NSURLErrorDomain, NSURLErrorTimedOut): return "no response within the timeout"
        case (NSURLErrorDomain, NSURLErrorCannotConnectToHost): return "connection refused"
        case (NSURLErrorDomain, NSURLErrorCancelled): return "the request was cancelled"
        default: return ns.localizedDescription
        }
    }

    /// The state of one request, filled in by delegate callbacks on URLSession's queue and
    /// read by the waiting caller after `done` is signalled.
    private final class Transfer: @unchecked Sendable {
        struct State {
            var status: Int?
            var contentType: String?
            var body = Data()
            var failure: String?
            /// Set when the body went over the cap: the announced length when there was one.
            var tooLarge: Int??
        }

        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var state = State()

        @discardableResult
        func update<T>(_ body: (inout State) -> T) -> T { lock.withLock { body(&state) } }

        func snapshot() -> State { lock.withLock { state } }
    }
}
