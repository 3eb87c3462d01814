import Foundation
import OpsCollector
import Testing

@Suite("Host /proc parsers on captured kernel text")
struct HostParsingTests {
    @Test("/proc/stat: aggregate line first as total, then each core")
    func procStat() throws {
        let cpus = try ProcStat.parse(Fixtures.text("proc/stat"))
        #expect(cpus.map(\.cpu) == ["total", "0", "1"])
        let total = try #require(cpus.first)
        #expect(total == CPUTimes(cpu: "total", user: 388_619, nice: 0, system: 26172, idle: 172_214, iowait: 2515,
                                  irq: 0, softirq: 274, steal: 258))
        #expect(total.total == 388_619 + 26172 + 172_214 + 2515 + 274 + 258)
    }

    @Test("busy % from two readings; idle and iowait count as not busy")
    func busyPercent() {
        let a = CPUTimes(cpu: "0", user: 100, nice: 0, system: 50, idle: 800, iowait: 50)
        let b = CPUTimes(cpu: "0", user: 160, nice: 0, system: 70, idle: 900, iowait: 70)
        // 200 ticks passed, 120 idle or waiting: 40 % busy.
        #expect(ProcStat.busyPercent(from: a, to: b) == 40)
        #expect(ProcStat.busyPercent(from: a, to: a) == nil)
        #expect(ProcStat.busyPercent(from: b, to: a) == nil)
        // iowait stepping back is clamped rather than producing >100 %.
        let c = CPUTimes(cpu: "0", user: 300, nice: 0, system: 70, idle: 900, iowait: 10)
        #expect(ProcStat.busyPercent(from: b, to: c) == 100)
    }

    @Test("/proc/stat: garbage is a clear error")
    func procStatErrors() {
        #expect(throws: CollectorError.malformed(what: "/proc/stat", message: "no cpu lines")) { try ProcStat.parse("intr 1 2\n") }
        #expect(throws: CollectorError.self) { try ProcStat.parse("cpu  1 2 x 4 5\n") }
    }

    @Test("/proc/meminfo: total, available and percentages; old kernels without MemAvailable")
    func memInfo() throws {
        let usage = try MemInfo.usage(Fixtures.text("proc/meminfo"))
        #expect(usage.totalBytes == 24_684_096 * 1024)
        #expect(usage.availableBytes == 24_035_000 * 1024)
        #expect(abs(usage.availablePercent + usage.usedPercent - 100) < 1e-9)
        #expect(usage.swapUsedPercent == nil)
        let old = try MemInfo.usage("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\nSwapTotal: 200 kB\nSwapFree: 50 kB\n")
        #expect(old.availablePercent == 40)
        #expect(old.swapUsedPercent == 75)
        #expect(throws: CollectorError.self) { try MemInfo.usage("nothing here\n") }
    }

    @Test("/proc/loadavg")
    func loadAverage() throws {
        let load = try LoadAverage.parse(Fixtures.text("proc/loadavg"))
        #expect(load.one >= 0 && load.five >= 0 && load.fifteen >= 0)
        #expect(try LoadAverage.parse("0.52 1.58 2.59 2/345 12345\n") == LoadAverage(one: 0.52, five: 1.58, fifteen: 2.59, runnable: 2, processes: 345))
        #expect(throws: CollectorError.self) { try LoadAverage.parse("") }
    }

    @Test("/proc/net/dev: headers skipped, names split at the colon even without a space")
    func netDev() throws {
        let nics = try NetDev.parse(Fixtures.text("proc/net/dev"))
        #expect(nics.map(\.device) == ["lo", "ifb0", "ifb1", "eth0"])
        #expect(nics.first?.receiveBytes == nics.first?.transmitBytes)  // loopback sends to itself
        let wide = try NetDev.parse("  eth0:123456789012 5 0 0 0 0 0 0 42 6 0 0 0 0 0 0\n")
        #expect(wide == [InterfaceCounters(device: "eth0", receiveBytes: 123_456_789_012, transmitBytes: 42,
                                           receivePackets: 5, transmitPackets: 6)])
        #expect(throws: CollectorError.self) { try NetDev.parse("eth0: 1 2 3\n") }
    }

    @Test("/proc/diskstats: counters in 512-byte sectors")
    func diskStats() throws {
        let disks = try DiskStats.parse(Fixtures.text("proc/diskstats"))
        let vda = try #require(disks.first { $0.device == "vda" })
        #expect(vda.sectorsRead > 0)
        #expect(vda.readBytes == vda.sectorsRead * 512)
        let line = " 254 0 vda 10 0 2048 5 20 0 4096 9 0 700 14 0 0 0 0 0 0\n"
        #expect(try DiskStats.parse(line) == [DiskCounters(device: "vda", readsCompleted: 10, sectorsRead: 2048,
                                                           writesCompleted: 20, sectorsWritten: 4096, ioMilliseconds: 700)])
        #expect(throws: CollectorError.self) { try DiskStats.parse("8 0 sda 1 2\n") }
    }

    @Test("whole disks are kept; partitions, loop and RAM devices are not", arguments: [
        ("vda", true), ("sda", true), ("sdaa", true), ("nvme0n1", true), ("mmcblk0", true), ("dm-0", true), ("md127", true),
        ("sr0", true), ("vda1", false), ("sda12", false), ("xvda1", false), ("nvme0n1p2", false), ("mmcblk0p1", false),
        ("loop0", false), ("ram15", false), ("zram0", false), ("fd0", false),
    ])
    func wholeDisks(device: String, whole: Bool) {
        #expect(DiskStats.isWholeDisk(device) == whole)
    }

    @Test("filesystem use as df computes it: used / (used + available)")
    func filesystemUsage() {
        // 1000 blocks of 4 KiB, 300 free of which 200 available to users (100 reserved).
        let usage = FilesystemUsage(mount: "/", blocks: 1000, free: 300, available: 200, fragmentSize: 4096)
        #expect(usage.sizeBytes == 4_096_000)
        #expect(usage.usedBytes == 700 * 4096)
        #expect(abs(usage.usedPercent - 700.0 / 900 * 100) < 1e-9)
    }
}
