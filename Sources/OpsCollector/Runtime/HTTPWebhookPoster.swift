import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OpsCore
import OpsStore

/// Posts webhook pages with URLSession, synchronously on the caller's queue (the
/// courier's), as `HTTPProbe` does: a semaphore with a hard deadline, so a receiver that
/// accepts but never answers costs at most `timeout` seconds and then counts as a failure
/// (retried by the outbox).
public final class HTTPWebhookPoster: WebhookPoster, Sendable {
    public let channels: [String: WebhookChannel]
    public let timeout: TimeInterval
    private let session: URLSession

    public init(channels: [String: WebhookChannel], timeout: TimeInterval = 5) {
        self.channels = channels
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.rounded(.up) + 1
        configuration.timeoutIntervalForResource = timeout.rounded(.up) + 1
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
    }

    public func post(_ body: Data, to channel: WebhookChannel) -> WebhookOutcome {
        var request = URLRequest(url: channel.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout.rounded(.up) + 1)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("pmops-webhook/1", forHTTPHeaderField: "User-Agent")
        request.httpBody = body
        let reply = Reply()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { _, response, error in
            reply.set(status: (response as? HTTPURLResponse)?.statusCode, error: error.map(Self.describe))
            done.signal()
        }
        task.resume()
        guard done.wait(timeout: .now() + timeout) == .success else {
            task.cancel()
            return .failed("no response within \(Int(timeout.rounded())) s")
        }
        let (status, failure) = reply.get()
        guard let status else { return .failed(failure ?? "no HTTP response") }
        return (200..<300).contains(status) ? .delivered(status: status) : .failed("HTTP \(status)")
    }

    private static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        switch (ns.domain, ns.code) {
        case (NSURLErrorDomain, NSURLErrorTimedOut): return "no response within the timeout"
        case (NSURLErrorDomain, NSURLErrorCannotConnectToHost): return "connection refused"
        default: return Printable.excerpt(ns.localizedDescription)
        }
    }

    /// The completion handler's result, handed across threads.
    private final class Reply: @unchecked Sendable {
        private let lock = NSLock()
        private var status: Int?
        private var failure: String?
        func set(status: Int?, error: String?) {
            lock.withLock { self.status = status; failure = error }
        }
        func get() -> (Int?, String?) { lock.withLock { (status, failure) } }
    }
}
