import Foundation

/// The two wire formats a Prometheus-style endpoint may answer with. They differ in ways
/// that change values, not just syntax: timestamps are milliseconds in the text format and
/// seconds in OpenMetrics, and OpenMetrics must end with `# EOF`.
public enum ExpositionFormat: String, Sendable, CaseIterable {
    /// Prometheus text exposition format 0.0.4 (`text/plain; version=0.0.4`).
    case text
    /// OpenMetrics 1.0 (`application/openmetrics-text; version=1.0.0`).
    case openMetrics

    /// The `Accept` header a scrape sends: OpenMetrics preferred, text format accepted.
    public static let acceptHeader =
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

    /// Picks the format from a response's `Content-Type`; anything that is not
    /// OpenMetrics is read as the text format, which is what Prometheus does too.
    public init(contentType: String?) {
        let type = contentType?.lowercased() ?? ""
        self = type.contains("application/openmetrics-text") ? .openMetrics : .text
    }
}
