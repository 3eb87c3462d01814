import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Optional timing of the real console for benchmarks: keypress-to-flush latency (from
/// the moment input is read to the end of the frame's flush) and time from exec to the
/// first flushed frame. Enabled by `PMOPS_TRACE=FILE`; written when the loop exits.
@MainActor public final class FrameTrace {
    public let path: String
    private var pendingInputAt: UInt64?
    public private(set) var latenciesMicros: [Int] = []
    public private(set) var firstFrameMillis: Double?

    public init(path: String) { self.path = path }

    /// From the environment, or nil when tracing is off.
    public static func fromEnvironment() -> FrameTrace? {
        guard let path = ProcessInfo.processInfo.environment["PMOPS_TRACE"], !path.isEmpty else { return nil }
        return FrameTrace(path: path)
    }

    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    func inputRead() {
        if pendingInputAt == nil { pendingInputAt = Self.monotonicNanos() }
    }

    func frameFlushed() {
        if firstFrameMillis == nil { firstFrameMillis = Self.millisSinceExec() }
        guard let start = pendingInputAt else { return }
        latenciesMicros.append(Int((Self.monotonicNanos() - start) / 1000))
        pendingInputAt = nil
    }

    /// Milliseconds since this process was exec'd: /proc/self/stat's start time (clock
    /// ticks after boot) against CLOCK_BOOTTIME.
    static func millisSinceExec() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 22 overall is the 20th after the ")" (state is the first).
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        let now = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        return (now - ticks / hz) * 1000
    }

    /// Writes `first_frame_ms N` and one `latency_us N` line per frame after input.
    public func write() {
        var text = "first_frame_ms \(firstFrameMillis.map { String(format: "%.1f", $0) } ?? "?")\n"
        for l in latenciesMicros { text += "latency_us \(l)\n" }
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
