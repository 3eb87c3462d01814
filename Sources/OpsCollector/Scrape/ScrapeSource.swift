import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A Prometheus-style `/metrics` endpoint as a collector source: GET with the parser's
/// `Accept` header, format from `Content-Type`, body capped, parsed leniently, and turned
/// into stored series by `ScrapeTransform` (counters become `…_per_second` rates, histograms
/// `…_p95`). Malformed lines are skipped and reported in `lastProblems` (the source's
/// "last error" while it stays up) and as `pmops_scrape_malformed_lines`, so one broken
/// exporter line never blanks the rest of the target.
public final class ScrapeSource: MetricSource, ProblemReporting, @unchecked Sendable {
    public let name: String
    public let url: URL
    public let interval: TimeInterval
    public let timeout: TimeInterval
    public let maxBytes: Int
    /// Family-name prefixes to keep (`node_cpu`, `node_load`); empty keeps everything.
    public let keep: [String]
    private let fetcher: ScrapeFetcher
    /// Serializes scrapes, which share rate baselines.
    private let lock = NSLock()
    private let problemsLock = NSLock()
    private var transform: ScrapeTransform
    private var problems: [String] = []

    /// - Parameters:
    ///   - name: the source name and the `job` label; defaults to the URL's host:port.
    ///   - timeout: the whole request, body included; at most 80 % of the interval is sensible.
    ///   - maxBytes: the body cap, checked against `Content-Length` and while streaming.
    public init(name: String? = nil, url: URL, interval: TimeInterval = 15, timeout: TimeInterval = 5,
                maxBytes: Int = ExpositionParser.defaultMaxBytes, keep: [String] = []) throws(CollectorError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw CollectorError.invalidConfiguration("A scrape needs an http:// or https:// URL with a host, not \"\(url.absoluteString)\".")
        }
        guard timeout > 0, timeout.isFinite else {
            throw CollectorError.invalidConfiguration("A scrape's timeout must be a positive number of seconds.")
        }
        guard interval > 0, interval.isFinite else {
            throw CollectorError.invalidConfiguration("A scrape's interval must be a positive number of seconds.")
        }
        guard maxBytes > 0 else { throw CollectorError.invalidConfiguration("A scrape's byte limit must be positive.") }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        let instance = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        self.name = name ?? instance
        self.url = url
        self.interval = interval
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.keep = keep
        fetcher = ScrapeFetcher(timeout: timeout, maxBytes: maxBytes)
        transform = ScrapeTransform(targetLabels: ["job": self.name, "instance": instance], keep: keep)
    }

    deinit {
        fetcher.invalidate()
    }

    /// Skipped lines of the last scrape, as sentences (empty when it was clean).
    public var lastProblems: [String] { problemsLock.withLock { problems } }

    /// Scrapes once. Throws when the target cannot be read at all (refused, timed out, not
    /// 2xx, over the cap) or answered something with no samples and only bad lines (an HTML
    /// page at the wrong path); otherwise returns what could be parsed.
    public func collect(now: Date) throws -> [MetricSample] {
        lock.lock()
        defer { lock.unlock() }
        problemsLock.withLock { problems = [] }
        let response = try fetcher.fetch(url)
        let format = ExpositionFormat(contentType: response.contentType)
        let text = String(decoding: response.body, as: UTF8.self)
        let parsed = try ExpositionParser(maxBytes: maxBytes).parse(text, format: format, now: now)
        let malformed = parsed.errors.count + parsed.suppressedErrorCount
        if parsed.samples.isEmpty, malformed > 0 {
            throw CollectorError.malformed(what: "The response of \(url.absoluteString)", message: Self.summary(parsed, malformed))
        }
        var samples = transform.apply(parsed)
        transform.forget(before: now - max(interval * 5, 60))
        samples.append(MetricSample(name: "pmops_scrape_malformed_lines", labels: ["source": name], value: Double(malformed),
                                    timestamp: now))
        if malformed > 0 {
            let sentence = "\(Self.summary(parsed, malformed)); the other lines were kept"
            problemsLock.withLock { problems = [sentence] }
        }
        return samples
    }

    /// "3 malformed lines skipped (first: line 12: …)".
    static func summary(_ parsed: ExpositionParseResult, _ count: Int) -> String {
        let noun = count == 1 ? "line" : "lines"
        let first = parsed.errors.first.map { " (first: \($0))" } ?? ""
        return "\(count) malformed \(noun) skipped\(first)"
    }
}
