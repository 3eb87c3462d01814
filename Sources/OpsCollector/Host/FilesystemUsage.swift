import Foundation

/// Size and free space of one mounted filesystem, as `df` reports it.
public struct FilesystemUsage: Sendable, Equatable {
    public let mount: String
    public let sizeBytes: UInt64
    /// Space an unprivileged user can still write (excludes the root reserve).
    public let availableBytes: UInt64
    public let usedBytes: UInt64

    public init(mount: String, sizeBytes: UInt64, availableBytes: UInt64, usedBytes: UInt64) {
        self.mount = mount
        self.sizeBytes = sizeBytes
        self.availableBytes = availableBytes
        self.usedBytes = usedBytes
    }

    /// df's "Use%": used / (used + available), so the root reserve does not hide a full
    /// disk from the people who will hit "No space left on device".
    public var usedPercent: Double {
        let usable = usedBytes &+ availableBytes
        return usable > 0 ? Double(usedBytes) / Double(usable) * 100 : 0
    }

    /// From `statvfs` figures (counts of `fragmentSize`-byte blocks).
    public init(mount: String, blocks: UInt64, free: UInt64, available: UInt64, fragmentSize: UInt64) {
        let used = blocks >= free ? blocks - free : 0
        self.init(mount: mount, sizeBytes: blocks &* fragmentSize, availableBytes: available &* fragmentSize,
                  usedBytes: used &* fragmentSize)
    }
}
