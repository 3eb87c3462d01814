import Foundation

/// How numbers read in summaries and diagnostics: integers without ".0", other values in
/// Swift's shortest round-trip form, non-finite values as Prometheus prints them.
enum RuleNumberText {
    static func plain(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Seconds as the shortest exact duration a person would type ("90s", "5m", "1h").
    static func duration(_ seconds: TimeInterval) -> String {
        for (unit, size) in [("w", 604_800.0), ("d", 86_400.0), ("h", 3600.0), ("m", 60.0)]
        where seconds >= size && (seconds / size) == (seconds / size).rounded() {
            return plain(seconds / size) + unit
        }
        return plain(seconds) + "s"
    }
}
