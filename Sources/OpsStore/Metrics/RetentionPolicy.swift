import Foundation

/// How long each level of metric history is kept, and the knobs of the incremental
/// maintenance that enforces it.
///
/// Size per series in steady state at a collection interval of `i` seconds: raw
/// `86400/i × raw-days` samples + `1440 × minute-days` minute rollups + `24 × hour-days`
/// hour rollups. Measured on a file store (WAL, 4 KiB pages, written tick by tick across
/// 300 series so pages fill as in production, old rows deleted and their pages reused):
/// ≈ 25.3 bytes per raw sample and ≈ 49.8 per rollup row, keys and page slack included
/// (`AppDatabase.simulateMetricsStorage`). So 300 series at 10 s, after 30 days with the
/// standard policy: 5.18 M raw (131 MB) + 6.05 M minute (301 MB) + 0.22 M hour rows
/// (11 MB) ≈ 443 MB, and after 400 days ≈ 575 MB. The values alone (8-byte REALs) of
/// 48 h raw plus 14 days of minute min/avg/max are 186 MB, so a row-per-value layout
/// cannot hold this policy under 200 MB; a shorter minute retention can (raw 24 h +
/// minute 5 days ≈ 184 MB at 30 days).
public struct RetentionPolicy: Sendable, Equatable {
    public var raw: TimeInterval
    public var minute: TimeInterval
    public var hour: TimeInterval
    /// How long after a minute ends before it is rolled up, so samples of a tick still being
    /// written (by this or another process) are counted. Samples arriving later stay raw only.
    public var settle: TimeInterval

    public init(raw: TimeInterval = 48 * 3600, minute: TimeInterval = 14 * 86_400, hour: TimeInterval = 400 * 86_400,
                settle: TimeInterval = 15) {
        self.raw = raw
        self.minute = minute
        self.hour = hour
        self.settle = settle
    }

    public static let standard = RetentionPolicy()
}

/// What one `maintainMetrics` call did.
public struct MetricsMaintenanceReport: Sendable, Equatable {
    public var minuteRollupsWritten = 0
    public var hourRollupsWritten = 0
    public var rawDeleted = 0
    public var minuteRollupsDeleted = 0
    public var hourRollupsDeleted = 0
    /// False when a step stopped at its budget with work left: call again soon.
    public var caughtUp = true

    public init() {}

    public var rowsChanged: Int {
        minuteRollupsWritten + hourRollupsWritten + rawDeleted + minuteRollupsDeleted + hourRollupsDeleted
    }
}
