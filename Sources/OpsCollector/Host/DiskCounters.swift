import Foundation

/// Cumulative counters of one block device from /proc/diskstats.
public struct DiskCounters: Sendable, Equatable {
    public let device: String
    public let readsCompleted, sectorsRead, writesCompleted, sectorsWritten: UInt64
    /// Milliseconds during which the device had I/O in flight (its busy time).
    public let ioMilliseconds: UInt64

    public init(device: String, readsCompleted: UInt64 = 0, sectorsRead: UInt64, writesCompleted: UInt64 = 0,
                sectorsWritten: UInt64, ioMilliseconds: UInt64 = 0) {
        self.device = device
        self.readsCompleted = readsCompleted
        self.sectorsRead = sectorsRead
        self.writesCompleted = writesCompleted
        self.sectorsWritten = sectorsWritten
        self.ioMilliseconds = ioMilliseconds
    }

    /// /proc/diskstats counts 512-byte sectors whatever the device's real sector size.
    public static let sectorBytes: UInt64 = 512
    public var readBytes: UInt64 { sectorsRead &* Self.sectorBytes }
    public var writtenBytes: UInt64 { sectorsWritten &* Self.sectorBytes }
}
