import Foundation
import OpsCore

/// The stored identity of a time series: its name and its labels as canonical JSON.
///
/// Built once per series by the caller and reused every tick: canonicalising labels costs
/// more than the insert itself, while hashing two strings does not.
public struct MetricSeriesKey: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    /// Sorted keys, no spaces, empty values dropped (an empty label equals an absent one,
    /// as in Prometheus), so one series has one text whatever order its labels came in.
    public let labelsJSON: String

    public init(name: String, labels: [String: String] = [:]) {
        self.name = name
        labelsJSON = Self.canonicalLabels(labels)
    }

    public var description: String { name + labelsJSON }

    /// The canonical JSON text of a label set.
    public static func canonicalLabels(_ labels: [String: String]) -> String {
        var fields: [String: JSONValue] = [:]
        for (key, value) in labels where !value.isEmpty { fields[key] = .string(value) }
        return JSONValue.object(fields).canonical
    }
}

/// One value of one series at one time, as the collector hands it to the store.
public struct SampleInput: Sendable, Equatable {
    public var series: MetricSeriesKey
    public var time: Date
    public var value: Double

    public init(series: MetricSeriesKey, time: Date, value: Double) {
        self.series = series
        self.time = time
        self.value = value
    }

    /// Convenience for one-off samples; a collector keeps its keys and uses `init(series:…)`.
    public init(name: String, labels: [String: String] = [:], time: Date, value: Double) {
        self.init(series: MetricSeriesKey(name: name, labels: labels), time: time, value: value)
    }
}

/// A source's health after a collection, written in the same transaction as its samples.
public struct SourceStatusInput: Sendable, Equatable {
    public var source: String
    /// nil until the source has been collected once.
    public var up: Bool?
    public var lastError: String?
    public var lastSuccess: Date?
    public var lastAttempt: Date?
    public var consecutiveFailures: Int

    public init(source: String, up: Bool?, lastError: String? = nil, lastSuccess: Date? = nil,
                lastAttempt: Date? = nil, consecutiveFailures: Int = 0) {
        self.source = source
        self.up = up
        self.lastError = lastError
        self.lastSuccess = lastSuccess
        self.lastAttempt = lastAttempt
        self.consecutiveFailures = consecutiveFailures
    }
}

/// What one ingest did. Skipped samples do not fail the tick: one bad value must not
/// cost the other thousands.
public struct IngestReport: Sendable, Equatable {
    /// Samples written (a repeated series and time replaces the earlier value).
    public var stored = 0
    /// NaN values: SQLite stores NaN as NULL, and "no value" is better said by no row.
    public var skippedNaN = 0
    /// Samples with an empty series name.
    public var skippedInvalid = 0
    /// Samples dated more than `futureTolerance` after `now` (a broken clock or exposition
    /// timestamp would otherwise plant points hours ahead of every graph).
    public var skippedFuture = 0
    /// Stored samples older than the minute-rollup watermark: kept raw, but already-rolled
    /// minutes are never rolled again, so rollups miss them.
    public var late = 0
    /// Series seen for the first time.
    public var newSeries = 0

    public init() {}
}

/// Unix-millisecond and stored-text forms of time used by the metrics tables.
enum MetricTime {
    static func ms(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard value.isFinite else { return value < 0 ? Int64.min : Int64.max }
        return Int64(max(min(value, 9.2e18), -9.2e18))
    }

    static func date(ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    /// A duration in milliseconds, saturating (a policy may say "forever" with .infinity).
    static func ms(seconds: TimeInterval) -> Int64 {
        guard seconds.isFinite else { return seconds < 0 ? -Int64.max / 2 : Int64.max / 2 }
        return Int64(max(min(seconds * 1000, 4.6e18), -4.6e18).rounded(.down))
    }

    /// `a - b`, clamped to Int64's range instead of trapping.
    static func minus(_ a: Int64, _ b: Int64) -> Int64 {
        let (result, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b > 0 ? Int64.min : Int64.max) : result
    }

    /// `floor(ms / width) * width`, also for negative times; `Int64.min` ("never") stays.
    static func floor(_ ms: Int64, to width: Int64) -> Int64 {
        guard ms > Int64.min + width else { return Int64.min }
        let q = ms / width
        return (ms % width < 0 ? q - 1 : q) * width
    }

    /// Parses the store's own form ("2026-11-27T15:40:00.123Z") without a DateFormatter
    /// (lists of alerts parse several per row); anything else goes to `Timestamp.parse`.
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              b[19] == 0x2E, b[23] == 0x5A else { return Timestamp.parse(text) }
        func number(_ from: Int, _ count: Int) -> Int? {
            var n = 0
            for i in from..<(from + count) {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                n = n * 10 + d
            }
            return n
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), let millis = number(20, 3) else {
            return Timestamp.parse(text)
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(millis) / 1000)
    }
}
