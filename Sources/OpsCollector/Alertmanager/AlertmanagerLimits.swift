import Foundation

/// Caps on one Alertmanager payload. Alertmanager itself caps nothing (a webhook with
/// `max_alerts: 0` carries every alert of the group), so these bound what one notification
/// can cost us: memory while decoding, rows in one transaction, text on the screen.
public struct AlertmanagerLimits: Sendable, Equatable {
    /// The whole document. Readers stop at this many bytes plus one and refuse.
    public var maxBytes: Int
    /// Alerts in one payload: a group with more is an incident storm that one write should
    /// not turn into minutes of locked store.
    public var maxAlerts: Int
    /// One label or annotation name or value, in UTF-8 bytes. Real values are short
    /// (a description paragraph is a few KiB); a megabyte value is a bug or an attack.
    public var maxValueBytes: Int
    /// Labels, and separately annotations, on one alert.
    public var maxPairs: Int
    /// JSON nesting. A webhook is four levels deep; the cap keeps a hostile `[[[[…` from
    /// costing stack in the decoder.
    public var maxDepth: Int
    /// An Alertmanager fingerprint is 16 hex digits; anything past this is not one.
    public var maxFingerprintBytes: Int

    public init(maxBytes: Int = 10 * 1_048_576, maxAlerts: Int = 10_000, maxValueBytes: Int = 64 * 1024,
                maxPairs: Int = 256, maxDepth: Int = 32, maxFingerprintBytes: Int = 128) {
        self.maxBytes = maxBytes
        self.maxAlerts = maxAlerts
        self.maxValueBytes = maxValueBytes
        self.maxPairs = maxPairs
        self.maxDepth = maxDepth
        self.maxFingerprintBytes = maxFingerprintBytes
    }

    public static let standard = AlertmanagerLimits()
}
