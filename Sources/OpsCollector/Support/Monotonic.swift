import Foundation

/// Monotonic seconds, for latencies: wall-clock time can step (NTP, an operator) in the
/// middle of a probe and would yield negative or huge durations.
enum Monotonic {
    static func now() -> TimeInterval {
        Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
    }
}
