import Foundation

/// A metric family as announced by `# HELP`/`# TYPE`/`# UNIT` lines (or implied by a
/// sample without them), with the positions of its samples in the parse result.
public struct MetricFamily: Sendable, Equatable {
    public let name: String
    public internal(set) var type: MetricType
    public internal(set) var help: String?
    public internal(set) var unit: String?
    /// Indices into `ExpositionParseResult.samples`, in input order.
    public internal(set) var sampleIndices: [Int]

    public init(name: String, type: MetricType = .unknown, help: String? = nil, unit: String? = nil, sampleIndices: [Int] = []) {
        self.name = name
        self.type = type
        self.help = help
        self.unit = unit
        self.sampleIndices = sampleIndices
    }

    /// True when `sampleName` belongs to this family under its type's suffix rules.
    public func owns(sampleName: String) -> Bool {
        guard sampleName.hasPrefix(name) else { return false }
        let suffix = Substring(sampleName.utf8.dropFirst(name.utf8.count))
        return type.sampleSuffixes.contains { $0 == suffix }
    }
}
