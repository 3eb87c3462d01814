import Foundation

/// One cumulative histogram bucket: how many observations were ≤ `upperBound`.
public struct HistogramBucket: Sendable, Equatable {
    public let upperBound: Double
    public let count: Double

    public init(upperBound: Double, count: Double) {
        self.upperBound = upperBound
        self.count = count
    }
}
