import Foundation

/// How long each level of metric history is kept, and the knobs of the incremental
/// maintenance that enforces it.
///
/// Size per series in steady state at a collection interval of `i` seconds: raw
/// `86400/i × raw-days` samples + `1440 × minute-days` minute rollups + `24 × hour-days`
/// hour rollups, almost all of them packed in chunks (`ChunkCodec`); only the newest ~2 h
/// of raw samples and ~6 h of minutes stay as head rows (≈ 25 B per raw sample, ≈ 50 B
/// per rollup row). Packed, measured on a file store (`AppDatabase.simulateMetricsStorage`,
/// its realistic mix of series shapes, 4 KiB pages, page slack included): ≈ 7.7 B per raw
/// sample and ≈ 22 B per minute rollup (min/avg/max are mostly full-precision doubles, which
/// XOR coding cannot shrink much). Whole chunks expire, so each level keeps up to one span
/// (2 h raw, 6 h minutes, 30 days hours) past its retention. Growth, 300 series at 10 s,
/// standard policy: ≈ 300 × (8640 × 2.1 d × 7.7 B + 1440 × 14.1 d × 22 B + 24 × d × 50 B)
/// + ~8 MB of head ≈ 42 + 134 + 0.36 MB per day of hours → ≈ 195 MB at 30 days (was 443 MB
/// with one row per value). Before chunks: 25.3 B per raw sample and 49.8 B per rollup row.
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
    /// Head rows (raw samples, minute and hour rollups) packed into chunks, the chunks
    /// written, and whole chunks deleted by retention.
    public var rowsPacked = 0
    public var chunksWritten = 0
    public var chunksDeleted = 0
    /// False when a step stopped at its budget with work left: call again soon.
    public var caughtUp = true

    public init() {}

    public var rowsChanged: Int {
        minuteRollupsWritten + hourRollupsWritten + rawDeleted + minuteRollupsDeleted + hourRollupsDeleted
            + rowsPacked + chunksWritten + chunksDeleted
    }
}
