import Foundation
package import GRDB
import OpsCore

/// A stored series.
public struct MetricSeries: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    public var name: String
    public var labels: [String: String]

    public init(id: Int64, name: String, labels: [String: String]) {
        self.id = id
        self.name = name
        self.labels = labels
    }

    public var key: MetricSeriesKey { MetricSeriesKey(name: name, labels: labels) }
}

extension MetricSeries: StoredRecord {
    package init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        let text: String = row["labels"]
        labels = (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}

/// Which table a window of points came from.
public enum MetricResolution: Int, Codable, Sendable, Equatable, CaseIterable {
    case raw = 0
    case minute = 60
    case hour = 3600
}

/// One bucket of a window: the time it starts and the spread of the samples in it.
/// `count` is the number of raw samples behind the point, at every resolution.
public struct MetricPoint: Codable, Sendable, Equatable {
    public var time: Date
    public var min: Double?
    public var avg: Double?
    public var max: Double?
    public var count: Int

    public init(time: Date, min: Double?, avg: Double?, max: Double?, count: Int) {
        self.time = time
        self.min = min
        self.avg = avg
        self.max = max
        self.count = count
    }
}

/// The points of one series over a time range.
public struct MetricWindow: Codable, Sendable, Equatable {
    public var seriesID: Int64
    /// The coarsest table read; the newest part of the range, not yet rolled up, comes from
    /// finer tables.
    public var resolution: MetricResolution
    /// Width of each point's bucket in seconds.
    public var bucket: TimeInterval
    public var points: [MetricPoint]
}

/// The newest raw sample of a series.
public struct MetricLatest: Codable, Sendable, Equatable {
    public var seriesID: Int64
    public var time: Date
    public var value: Double
}

/// A source's health as last written by the collector.
public struct MetricSourceStatus: Codable, Sendable, Equatable {
    public var source: String
    public var up: Bool?
    public var lastError: String?
    public var lastSuccess: Date?
    public var lastAttempt: Date?
    public var consecutiveFailures: Int
}

extension MetricSourceStatus {
    /// A status buffered by this process and not sealed yet, as a reader would see it.
    init(_ input: SourceStatusInput) {
        self.init(source: input.source, up: input.up, lastError: input.lastError, lastSuccess: input.lastSuccess,
                  lastAttempt: input.lastAttempt, consecutiveFailures: input.consecutiveFailures)
    }
}

extension MetricSourceStatus: StoredRecord {
    package init(row: Row) throws {
        source = row["source"]
        up = row["up"]
        lastError = row["last_error"]
        lastSuccess = (row["last_success"] as String?).flatMap(MetricTime.parse)
        lastAttempt = (row["last_attempt"] as String?).flatMap(MetricTime.parse)
        consecutiveFailures = row["consecutive_failures"]
    }
}

/// Which stored series a listing shows; every term must hold, an empty filter keeps all.
public struct MetricSeriesFilter: Sendable, Equatable {
    /// Text the series name must contain (ASCII case ignored), each one.
    public var nameContains: [String]
    /// Labels the series must carry with exactly these values.
    public var labels: [String: String]

    public init(nameContains: [String] = [], labels: [String: String] = [:]) {
        self.nameContains = nameContains
        self.labels = labels
    }
}

/// A series with its newest sample (nil when retention removed them all).
public struct MetricSeriesReading: Sendable, Equatable {
    public var series: MetricSeries
    public var latest: MetricLatest?

    public init(series: MetricSeries, latest: MetricLatest?) {
        self.series = series
        self.latest = latest
    }
}
