import Foundation

/// The machine the collector runs on, read from /proc and `statvfs`: CPU busy %, memory,
/// load, filesystem use, and network and disk throughput. CPU, network and disk are
/// differences between two readings, so the first collection yields only the gauges.
public final class HostSource: MetricSource, @unchecked Sendable {
    /// What to read; the defaults suit a single server.
    public struct Options: Sendable {
        public var mounts: [String]
        public var perCPU: Bool
        public var includeLoopback: Bool
        /// Which block devices to report; by default whole disks only.
        public var diskFilter: @Sendable (String) -> Bool
        public var reader: ProcReader

        public init(mounts: [String] = ["/"], perCPU: Bool = true, includeLoopback: Bool = false,
                    diskFilter: @escaping @Sendable (String) -> Bool = DiskStats.isWholeDisk,
                    reader: ProcReader = ProcReader()) {
            self.mounts = mounts
            self.perCPU = perCPU
            self.includeLoopback = includeLoopback
            self.diskFilter = diskFilter
            self.reader = reader
        }
    }

    public let name: String
    public let interval: TimeInterval
    public let options: Options
    private let filesystems = FilesystemUsageReader()
    /// Serializes collections (they share the previous readings).
    private let lock = NSLock()
    /// Guards only `problems`, so the dashboard can read them during a slow collection.
    private let problemsLock = NSLock()
    private var previousCPU: [String: CPUTimes] = [:]
    private var rates = RateCalculator()
    private var problems: [String] = []

    public init(name: String = "host", interval: TimeInterval = 5, options: Options = Options()) {
        self.name = name
        self.interval = interval
        self.options = options
    }

    /// What went wrong in the last collection without failing it (a hung mount, a missing
    /// /proc/diskstats in a container): shown beside the source's status.
    public var lastProblems: [String] { problemsLock.withLock { problems } }

    /// Collects every part it can. Throws only when nothing at all could be read, so one
    /// stuck mount does not blank the CPU and memory panels.
    public func collect(now: Date) throws -> [MetricSample] {
        lock.lock()
        defer { lock.unlock() }
        var samples: [MetricSample] = []
        var failures: [CollectorError] = []
        var parts: [(inout [MetricSample], Date) throws(CollectorError) -> Void] = [cpu, memory, load, network, disks]
        if !options.mounts.isEmpty { parts.append(filesystemUsage) }
        for part in parts {
            do { try part(&samples, now) } catch { failures.append(error) }
        }
        problemsLock.withLock { problems = failures.map(\.description) }
        if failures.count == parts.count, let first = failures.first { throw first }
        rates.forget(before: now - max(interval * 10, 60))
        return samples
    }

    // MARK: - Parts

    private func cpu(_ out: inout [MetricSample], _ now: Date) throws(CollectorError) {
        let readings = try ProcStat.parse(options.reader.text("stat"))
        for reading in readings where options.perCPU || reading.cpu == "total" {
            if let old = previousCPU[reading.cpu], let busy = ProcStat.busyPercent(from: old, to: reading) {
                out.append(MetricSample(name: "host_cpu_busy_percent", labels: ["cpu": reading.cpu], value: busy, timestamp: now))
            }
        }
        previousCPU = Dictionary(readings.map { ($0.cpu, $0) }, uniquingKeysWith: { _, last in last })
    }

    private func memory(_ out: inout [MetricSample], _ now: Date) throws(CollectorError) {
        let usage = try MemInfo.usage(options.reader.text("meminfo"))
        out.append(MetricSample(name: "host_memory_total_bytes", value: Double(usage.totalBytes), timestamp: now))
        out.append(MetricSample(name: "host_memory_available_bytes", value: Double(usage.availableBytes), timestamp: now))
        out.append(MetricSample(name: "host_memory_available_percent", value: usage.availablePercent, timestamp: now))
        out.append(MetricSample(name: "host_memory_used_percent", value: usage.usedPercent, timestamp: now))
        if let swap = usage.swapUsedPercent {
            out.append(MetricSample(name: "host_swap_used_percent", value: swap, timestamp: now))
        }
    }

    private func load(_ out: inout [MetricSample], _ now: Date) throws(CollectorError) {
        let load = try LoadAverage.parse(options.reader.text("loadavg"))
        out.append(MetricSample(name: "host_load1", value: load.one, timestamp: now))
        out.append(MetricSample(name: "host_load5", value: load.five, timestamp: now))
        out.append(MetricSample(name: "host_load15", value: load.fifteen, timestamp: now))
    }

    private func network(_ out: inout [MetricSample], _ now: Date) throws(CollectorError) {
        for nic in try NetDev.parse(options.reader.text("net/dev")) where options.includeLoopback || nic.device != "lo" {
            let labels = ["device": nic.device]
            rate(&out, "host_network_receive_bytes_per_second", labels, Double(nic.receiveBytes), now)
            rate(&out, "host_network_transmit_bytes_per_second", labels, Double(nic.transmitBytes), now)
        }
    }

    private func disks(_ out: inout [MetricSample], _ now: Date) throws(CollectorError) {
        for disk in try DiskStats.parse(options.reader.text("diskstats")) where options.diskFilter(disk.device) {
            let labels = ["device": disk.device]
            rate(&out, "host_disk_read_bytes_per_second", labels, Double(disk.readBytes), now)
            rate(&out, "host_disk_write_bytes_per_second", labels, Double(disk.writtenBytes), now)
            // Busy milliseconds per second / 10 = percent of the time with I/O in flight.
            rate(&out, "host_disk_busy_percent", labels, Double(disk.ioMilliseconds), now, scale: 0.1, cap: 100)
        }
    }

    private func filesystemUsage(_ out: inout [MetricSample], _ now: Date) throws(CollectorError) {
        var firstFailure: CollectorError?
        for mount in options.mounts {
            do {
                let usage = try filesystems.usage(of: mount, timeout: timeout)
                let labels = ["mount": mount]
                out.append(MetricSample(name: "host_filesystem_size_bytes", labels: labels, value: Double(usage.sizeBytes), timestamp: now))
                out.append(MetricSample(name: "host_filesystem_available_bytes", labels: labels,
                                        value: Double(usage.availableBytes), timestamp: now))
                out.append(MetricSample(name: "host_filesystem_used_percent", labels: labels, value: usage.usedPercent, timestamp: now))
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        if let firstFailure { throw firstFailure }
    }

    private func rate(_ out: inout [MetricSample], _ name: String, _ labels: [String: String], _ counter: Double,
                      _ now: Date, scale: Double = 1, cap: Double = .infinity) {
        let key = SeriesKey(name: name, labels: labels)
        if let perSecond = rates.rate(key, value: counter, at: now) {
            out.append(MetricSample(name: name, labels: labels, value: min(perSecond * scale, cap), timestamp: now))
        }
    }
}
