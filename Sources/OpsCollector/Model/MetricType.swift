import Foundation

/// The metric types of the Prometheus text format 0.0.4 and OpenMetrics 1.0. The text
/// format's `untyped` is OpenMetrics' `unknown`; both read as `.unknown`.
public enum MetricType: String, Sendable, CaseIterable {
    case counter, gauge, histogram, gaugeHistogram = "gaugehistogram", summary
    case stateSet = "stateset", info, unknown

    /// Reads a `# TYPE` word; nil for words neither format defines.
    public init?(exposition word: String) {
        if word == "untyped" {
            self = .unknown
        } else if let type = MetricType(rawValue: word) {
            self = type
        } else {
            return nil
        }
    }

    /// The suffixes a sample of a family of this type may add to the family name
    /// ("" for the bare name). Static tables: this is asked for every parsed sample.
    var sampleSuffixes: [String] {
        switch self {
        case .counter: Self.counterSuffixes
        case .histogram: Self.histogramSuffixes
        case .gaugeHistogram: Self.gaugeHistogramSuffixes
        case .summary: Self.summarySuffixes
        case .info: Self.infoSuffixes
        case .gauge, .stateSet, .unknown: Self.bareSuffix
        }
    }

    private static let counterSuffixes = ["", "_total", "_created"]
    private static let histogramSuffixes = ["_bucket", "_sum", "_count", "_created"]
    private static let gaugeHistogramSuffixes = ["_bucket", "_gsum", "_gcount"]
    private static let summarySuffixes = ["", "_sum", "_count", "_created"]
    private static let infoSuffixes = ["_info"]
    private static let bareSuffix = [""]
}
