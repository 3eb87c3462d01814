import Foundation

/// Exponential backoff for failing sources: the delay doubles with each consecutive
/// failure from `base` up to `max`, so a dead target is retried quickly at first and then
/// costs almost nothing, while a recovered one is noticed within `max`.
public struct Backoff: Sendable, Equatable {
    public let base: TimeInterval
    public let max: TimeInterval

    /// `base` and `max` are clamped to be positive and `max >= base`, so a bad setting
    /// degrades to a constant retry delay rather than a busy loop.
    public init(base: TimeInterval, max: TimeInterval) {
        let safeBase = base.isFinite && base > 0 ? base : 1
        self.base = safeBase
        self.max = max.isFinite && max >= safeBase ? max : safeBase
    }

    /// The wait after `failures` consecutive failures: 0 for none, then base, 2·base,
    /// 4·base… capped at `max`.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures > 0 else { return 0 }
        // 2^62 overflows nothing and is far past any cap; stop doubling early.
        let exponent = Swift.min(failures - 1, 62)
        let raw = base * Double(1 << exponent)
        return Swift.min(raw, max)
    }
}
