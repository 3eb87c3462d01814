import Foundation
import OpsCollector
import OpsCore
import OpsStore

/// `--bench-ticks N`: N real ticks, each once every source is due again, with the process's
/// CPU time (user + system, all threads) around each. The figure in the collector report.
enum CollectBench {
    static func run(_ collector: Collector, ticks: Int, keeper: CollectorLeaseKeeper) throws {
        var cpu: [Double] = []
        var wall: [Double] = []
        for index in 0..<ticks {
            if let next = collector.statuses.compactMap(\.nextAttempt).max() {
                let wait = next.timeIntervalSinceNow
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            }
            let before = cpuSeconds()
            let report = collector.tickOnce()
            cpu.append(cpuSeconds() - before)
            wall.append(report.duration)
            let samples = report.sources.reduce(0) { $0 + $1.sampleCount }
            print(String(format: "tick %2d: %2d sources, %5d samples, cpu %7.2f ms, wall %7.2f ms", index + 1,
                         report.sources.count, samples, cpu[index] * 1000, wall[index] * 1000))
        }
        collector.stop()  // seals the buffered ticks
        keeper.release()
        print(String(format: "median of %d ticks: cpu %.2f ms, wall %.2f ms", ticks, median(cpu) * 1000, median(wall) * 1000))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
