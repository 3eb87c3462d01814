import Foundation

/// Parses Prometheus text exposition 0.0.4 and OpenMetrics 1.0 into families and samples.
/// It is lenient per line and strict per sample: a malformed line is reported with its
/// number and skipped, and the rest of the scrape is kept, because one broken exporter
/// line should not blank a whole dashboard.
public struct ExpositionParser: Sendable {
    /// 10 MiB: far above a busy node exporter (~60 KB) yet small enough that a runaway
    /// endpoint cannot make the collector allocate without bound.
    public static let defaultMaxBytes = 10 * 1024 * 1024

    public var maxBytes: Int
    /// Errors beyond this are counted, not kept: a binary blob must not produce a
    /// million error strings.
    public var maxErrors: Int
    /// One line, in bytes (64 KiB; node exporter's longest is under 1 KiB). A longer line
    /// is skipped with an error before it is read, so no line costs more than this.
    public var maxLineBytes: Int
    /// Samples kept from one exposition (series, counting each bucket and quantile): a
    /// busy node exporter has ~1,100. Past the cap each sample line is an error (counted).
    public var maxSamples: Int
    /// Labels on one sample; Prometheus' own `label_limit` is unset by default, and real
    /// series carry under 20.
    public var maxLabels: Int

    public init(maxBytes: Int = ExpositionParser.defaultMaxBytes, maxErrors: Int = 100, maxLineBytes: Int = 64 * 1024,
                maxSamples: Int = 200_000, maxLabels: Int = 64) {
        self.maxBytes = maxBytes
        self.maxErrors = max(maxErrors, 0)
        self.maxLineBytes = max(maxLineBytes, 1)
        self.maxSamples = max(maxSamples, 0)
        self.maxLabels = max(maxLabels, 0)
    }

    /// Parses with the default limits.
    public static func parse(_ text: String, format: ExpositionFormat, now: Date) throws(CollectorError) -> ExpositionParseResult {
        try ExpositionParser().parse(text, format: format, now: now)
    }

    /// Parses `text`. Samples without their own timestamp are stamped `now`.
    /// Throws only when the text is over `maxBytes`; everything else is a `LineError`.
    public func parse(_ text: String, format: ExpositionFormat, now: Date) throws(CollectorError) -> ExpositionParseResult {
        let size = text.utf8.count
        guard size <= maxBytes else { throw CollectorError.tooLarge(bytes: size, limit: maxBytes) }
        var copy = text
        return copy.withUTF8 { bytes in
            var builder = ExpositionBuilder(format: format, now: now, maxErrors: maxErrors, bytes: bytes)
            builder.maxSamples = maxSamples
            builder.maxLabels = maxLabels
            let lines = Self.parseLines(bytes, maxLineBytes: maxLineBytes, into: &builder)
            if format == .openMetrics, builder.eofLine == nil {
                builder.record(LineFailure("missing # EOF at the end of the OpenMetrics exposition"), line: lines + 1)
            }
            return builder.result()
        }
    }

    /// Feeds each line to the builder; returns the number of lines.
    private static func parseLines(_ bytes: UnsafeBufferPointer<UInt8>, maxLineBytes: Int, into builder: inout ExpositionBuilder) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var start = 0
        var line = 0
        while start < bytes.count {
            line += 1
            let newline: Int
            if let hit = memchr(base + start, Int32(UInt8.newline), bytes.count - start) {
                newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            } else {
                newline = bytes.count
            }
            var end = newline
            if end > start, bytes[end - 1] == .carriageReturn { end -= 1 }
            if builder.eofLine != nil {
                if !isBlank(bytes, start, end) {
                    builder.record(LineFailure("text after # EOF is ignored"), line: line)
                    return line
                }
            } else if end - start > maxLineBytes {
                builder.record(LineFailure("the line is \(end - start) bytes, over the \(maxLineBytes)-byte limit for one line"), line: line)
            } else {
                builder.parseLine(from: start, to: end, line: line)
            }
            start = newline + 1
        }
        return line
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        bytes[start..<end].allSatisfy { $0 == .space || $0 == .tab }
    }
}
