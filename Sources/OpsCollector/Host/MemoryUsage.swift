import Foundation

/// Memory figures the dashboard shows, in bytes.
public struct MemoryUsage: Sendable, Equatable {
    public let totalBytes: UInt64
    public let availableBytes: UInt64
    public let swapTotalBytes: UInt64
    public let swapFreeBytes: UInt64

    public init(totalBytes: UInt64, availableBytes: UInt64, swapTotalBytes: UInt64 = 0, swapFreeBytes: UInt64 = 0) {
        self.totalBytes = totalBytes
        self.availableBytes = availableBytes
        self.swapTotalBytes = swapTotalBytes
        self.swapFreeBytes = swapFreeBytes
    }

    public var availablePercent: Double {
        totalBytes > 0 ? Double(min(availableBytes, totalBytes)) / Double(totalBytes) * 100 : 0
    }
    public var usedPercent: Double { totalBytes > 0 ? 100 - availablePercent : 0 }
    /// Nil without swap, so "0 % of nothing" is not shown as healthy.
    public var swapUsedPercent: Double? {
        swapTotalBytes > 0 ? Double(swapTotalBytes - min(swapFreeBytes, swapTotalBytes)) / Double(swapTotalBytes) * 100 : nil
    }
}
