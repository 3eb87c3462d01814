import Foundation

/// How much longer than written a test waits for something that must happen (a frame on
/// the screen, a process to start or end). CI runs every test in parallel on two cores,
/// where a debug build's demo store can take many seconds to seed before its first frame;
/// a wait is a bound on a hang, not a speed figure (those are `pmops bench`'s), so it is
/// generous. Only a failing test ever waits that long.
/// `PMOPS_TEST_WAIT_SCALE` overrides the factor (a positive number, default 3).
public enum TestWaits {
    public static let scale: TimeInterval = {
        if let text = ProcessInfo.processInfo.environment["PMOPS_TEST_WAIT_SCALE"], let value = Double(text), value > 0, value <= 100 {
            return value
        }
        return 3
    }()

    /// `seconds` scaled by `scale`.
    public static func bound(_ seconds: TimeInterval) -> TimeInterval { seconds * scale }
}
