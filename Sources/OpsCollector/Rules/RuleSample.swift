import Foundation

/// One observed value as the rules see it. The rules keep their own input type so they stay
/// independent of how the collector models samples; the integrator adapts `MetricSample`.
public struct RuleSample: Sendable, Equatable {
    public let name: String
    /// Label pairs without empty values: an empty label equals an absent one, as in the
    /// collector and in Prometheus, so one series always has one identity.
    public let labels: [String: String]
    public let value: Double
    public let timestamp: Date

    public init(name: String, labels: [String: String] = [:], value: Double, timestamp: Date) {
        self.name = name
        self.labels = labels.contains(where: { $0.value.isEmpty }) ? labels.filter { !$0.value.isEmpty } : labels
        self.value = value
        self.timestamp = timestamp
    }

    /// The series identity `name{a="x",b="y"}`, byte-equal to the collector's
    /// `SeriesKey.rawValue`, so history stores can key on either.
    public var seriesID: String { RuleSample.seriesID(name: name, labels: labels) }

    /// Builds the canonical series text: labels sorted by name, empty values left out,
    /// `\`, `"` and newline escaped as in the exposition format.
    public static func seriesID(name: String, labels: [String: String]) -> String {
        let present = labels.filter { !$0.value.isEmpty }
        guard !present.isEmpty else { return name }
        var text = name + "{"
        var first = true
        for (key, value) in present.sorted(by: { $0.key < $1.key }) {
            if !first { text += "," }
            first = false
            text += key + "=\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": text += "\\\\"
                case "\"": text += "\\\""
                case "\n": text += "\\n"
                default: text.unicodeScalars.append(scalar)
                }
            }
            text += "\""
        }
        return text + "}"
    }
}
