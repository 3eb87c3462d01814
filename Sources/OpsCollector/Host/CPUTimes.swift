import Foundation

/// Cumulative CPU time of one `cpu` line of /proc/stat, in clock ticks.
public struct CPUTimes: Sendable, Equatable {
    /// "total" for the aggregate line, else the core number ("0", "1", …).
    public let cpu: String
    public let user, nice, system, idle, iowait, irq, softirq, steal: UInt64

    public init(cpu: String, user: UInt64, nice: UInt64, system: UInt64, idle: UInt64,
                iowait: UInt64 = 0, irq: UInt64 = 0, softirq: UInt64 = 0, steal: UInt64 = 0) {
        self.cpu = cpu
        self.user = user
        self.nice = nice
        self.system = system
        self.idle = idle
        self.iowait = iowait
        self.irq = irq
        self.softirq = softirq
        self.steal = steal
    }

    /// All ticks. `guest` and `guest_nice` are left out: the kernel already counts them
    /// in `user` and `nice`.
    public var total: UInt64 { user &+ nice &+ system &+ idle &+ iowait &+ irq &+ softirq &+ steal }
    /// Ticks doing nothing: idle plus waiting for I/O (as top and htop count it).
    public var waiting: UInt64 { idle &+ iowait }
}
