import Foundation

/// Everything a parse produced: families in first-seen order, samples in input order,
/// and the lines that were skipped.
public struct ExpositionParseResult: Sendable {
    public let families: [MetricFamily]
    public let samples: [MetricSample]
    /// At most the parser's `maxErrors`; the rest are only counted.
    public let errors: [LineError]
    public let suppressedErrorCount: Int

    public init(families: [MetricFamily], samples: [MetricSample], errors: [LineError], suppressedErrorCount: Int = 0) {
        self.families = families
        self.samples = samples
        self.errors = errors
        self.suppressedErrorCount = suppressedErrorCount
    }

    public func family(named name: String) -> MetricFamily? {
        families.first { $0.name == name }
    }

    /// The samples of the family `name` (all its suffixes), in input order.
    public func samples(ofFamily name: String) -> [MetricSample] {
        guard let family = family(named: name) else { return [] }
        return family.sampleIndices.compactMap { samples.indices.contains($0) ? samples[$0] : nil }
    }
}
