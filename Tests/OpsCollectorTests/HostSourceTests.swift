import Foundation
import OpsCollector
import Testing

@Suite("Host source")
struct HostSourceTests {
    /// Writes a fake /proc tree; `tick` scales the counters so two trees give known rates.
    func writeProc(_ dir: ScratchDirectory, tick: UInt64) throws {
        try dir.write("stat", """
        cpu  \(100 + 30 * tick) 0 \(50 + 10 * tick) \(800 + 60 * tick) 0 0 0 0 0 0
        cpu0 \(50 + 20 * tick) 0 \(25 + 10 * tick) \(400 + 20 * tick) 0 0 0 0 0 0
        cpu1 \(50 + 10 * tick) 0 25 \(400 + 40 * tick) 0 0 0 0 0 0
        intr 1 2 3

        """)
        try dir.write("meminfo", "MemTotal: 1000 kB\nMemAvailable: 250 kB\nSwapTotal: 0 kB\n")
        try dir.write("loadavg", "1.50 1.00 0.50 3/200 999\n")
        try dir.write("net/dev", """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: \(1000 * tick) 1 0 0 0 0 0 0 \(1000 * tick) 1 0 0 0 0 0 0
          eth0: \(5000 * tick) 1 0 0 0 0 0 0 \(2000 * tick) 1 0 0 0 0 0 0

        """)
        try dir.write("diskstats", """
         254 0 vda 1 0 \(20 * tick) 0 1 0 \(40 * tick) 0 0 \(1000 * tick) 0
         254 1 vda1 1 0 \(20 * tick) 0 1 0 \(40 * tick) 0 0 \(1000 * tick) 0

        """)
    }

    @Test("gauges on the first collection; rates and busy % from the second")
    func fakeProc() throws {
        let dir = try ScratchDirectory()
        let source = HostSource(options: .init(mounts: ["/"], reader: ProcReader(root: dir.path)))
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        try writeProc(dir, tick: 0)
        let first = try source.collect(now: t0)
        let firstNames = Set(first.map(\.name))
        #expect(firstNames == ["host_memory_total_bytes", "host_memory_available_bytes", "host_memory_available_percent",
                               "host_memory_used_percent", "host_load1", "host_load5", "host_load15",
                               "host_filesystem_size_bytes", "host_filesystem_available_bytes", "host_filesystem_used_percent"])
        try writeProc(dir, tick: 1)
        let second = try source.collect(now: t0 + 10)
        let values = Dictionary(second.map { ($0.seriesKey.rawValue, $0.value) }, uniquingKeysWith: { a, _ in a })
        // total: 100 ticks, 60 idle -> 40 %; cpu0: 50 ticks, 20 idle -> 60 %; cpu1: 50, 40 idle -> 20 %.
        #expect(values[#"host_cpu_busy_percent{cpu="total"}"#] == 40)
        #expect(values[#"host_cpu_busy_percent{cpu="0"}"#] == 60)
        #expect(values[#"host_cpu_busy_percent{cpu="1"}"#] == 20)
        #expect(values["host_memory_available_percent"] == 25)
        #expect(values["host_memory_used_percent"] == 75)
        #expect(values["host_load1"] == 1.5)
        #expect(values[#"host_network_receive_bytes_per_second{device="eth0"}"#] == 500)
        #expect(values[#"host_network_transmit_bytes_per_second{device="eth0"}"#] == 200)
        #expect(values[#"host_network_receive_bytes_per_second{device="lo"}"#] == nil)
        #expect(values[#"host_disk_read_bytes_per_second{device="vda"}"#] == 1024)
        #expect(values[#"host_disk_write_bytes_per_second{device="vda"}"#] == 2048)
        #expect(values[#"host_disk_busy_percent{device="vda"}"#] == 10)
        #expect(values[#"host_disk_read_bytes_per_second{device="vda1"}"#] == nil)
        #expect(source.lastProblems.isEmpty)
    }

    @Test("a missing part is a problem, not a failure; nothing readable is a failure")
    func partialFailure() throws {
        let dir = try ScratchDirectory()
        try dir.write("meminfo", "MemTotal: 1000 kB\nMemAvailable: 500 kB\n")
        let source = HostSource(options: .init(mounts: ["/definitely/not/mounted"], reader: ProcReader(root: dir.path)))
        let samples = try source.collect(now: Date())
        #expect(samples.map(\.name).contains("host_memory_available_percent"))
        #expect(source.lastProblems.count == 5)
        #expect(source.lastProblems.contains { $0.hasPrefix("Cannot read \(dir.path)/stat:") })
        #expect(source.lastProblems.contains { $0.hasPrefix("Cannot read /definitely/not/mounted:") })

        let empty = try ScratchDirectory()
        let dead = HostSource(options: .init(mounts: [], reader: ProcReader(root: empty.path + "/none")))
        #expect(throws: CollectorError.self) { try dead.collect(now: Date()) }
    }

    @Test("the real /proc, read twice: every figure within its sane range")
    func realProc() throws {
        let source = HostSource(options: .init(mounts: ["/"]))
        _ = try source.collect(now: Date())
        // Burn a little CPU so the busy figure has ticks to measure.
        let until = Date() + 0.3
        var spin = 0.0
        while Date() < until { spin += sin(spin) + 1 }
        #expect(spin > 0)
        let samples = try source.collect(now: Date())
        #expect(source.lastProblems.isEmpty)
        func values(_ name: String) -> [Double] { samples.filter { $0.name == name }.map(\.value) }

        let busy = samples.filter { $0.name == "host_cpu_busy_percent" }
        #expect(busy.contains { $0.labels["cpu"] == "total" })
        #expect(busy.count >= 2)  // total and at least one core
        #expect(busy.allSatisfy { (0...100).contains($0.value) })
        #expect(values("host_memory_available_percent").allSatisfy { $0 > 0 && $0 <= 100 })
        #expect(values("host_memory_total_bytes").first.map { $0 > 64 * 1024 * 1024 } == true)
        #expect(values("host_load1").allSatisfy { $0 >= 0 && $0 < 10_000 })
        #expect(values("host_filesystem_used_percent").count == 1)
        #expect(values("host_filesystem_used_percent").allSatisfy { (0...100).contains($0) })
        for name in ["host_network_receive_bytes_per_second", "host_network_transmit_bytes_per_second",
                     "host_disk_read_bytes_per_second", "host_disk_write_bytes_per_second"] {
            #expect(values(name).allSatisfy { $0 >= 0 && $0 < 100e9 }, "\(name)")
        }
        #expect(!values("host_network_receive_bytes_per_second").isEmpty)
        #expect(values("host_disk_busy_percent").allSatisfy { (0...100).contains($0) })
    }
}
