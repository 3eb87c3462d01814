import Foundation

/// One observed value of one series at one time: what every source produces and what the
/// store, the rules and the dashboard consume.
public struct MetricSample: Sendable, Equatable, CustomStringConvertible {
    /// The sample's own name, suffix included (`http_requests_total`, `latency_bucket`).
    public let name: String
    /// Label pairs without empty values (an empty label equals an absent one).
    public let labels: [String: String]
    public let value: Double
    public let timestamp: Date
    /// The canonical key, computed once because every consumer needs it.
    public let seriesKey: SeriesKey

    public init(name: String, labels: [String: String] = [:], value: Double, timestamp: Date) {
        self.name = name
        let present = labels.contains(where: { $0.value.isEmpty }) ? labels.filter { !$0.value.isEmpty } : labels
        self.labels = present
        self.value = value
        self.timestamp = timestamp
        self.seriesKey = SeriesKey(name: name, labels: present)
    }

    /// Labels sorted by name, for display and for building derived series.
    public var sortedLabels: [(name: String, value: String)] {
        labels.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    /// `key value @timestamp`, for logs and test failures.
    public var description: String {
        "\(seriesKey.rawValue) \(value) @\(timestamp.timeIntervalSince1970)"
    }

    /// Equal when key, timestamp and value match, with NaN equal to NaN: a scrape that
    /// reports NaN twice reported the same thing twice.
    public static func == (lhs: MetricSample, rhs: MetricSample) -> Bool {
        lhs.seriesKey == rhs.seriesKey && lhs.timestamp == rhs.timestamp
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }
}
