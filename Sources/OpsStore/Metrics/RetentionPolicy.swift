import Foundation

/// How long each level of metric history is kept, and the knobs of the incremental
/// maintenance that enforces it.
///
/// Size per series in steady state at a collection interval of `i` seconds: raw
/// `86400/i × raw-days` samples + `1440 × minute-days` minute rollups + `24 × hour-days`
/// hour rollups, almost all of them packed in chunks (`ChunkCodec`); only the newest ~2 h
/// of raw samples and ~6 h of minutes stay as head rows (≈ 25 B per raw sample, ≈ 50 B
/// per rollup row). Packed, measured on a file store (`AppDatabase.simulateMetricsStorage`
/// with its realistic mix of series shapes, 300 series at 10 s for 30 days, 4 KiB pages,
/// page slack and the chunk index included): ≈ 6.7 B per raw sample (5.9 B of blob) and
/// ≈ 18.8 B per minute rollup (16.6 B of blob: min/avg/max are mostly full-precision
/// doubles, which XOR coding cannot shrink much). Whole chunks expire, so each level keeps
/// up to one span (2 h raw, 6 h minutes, 30 days hours) past its retention. Growth, 300
/// series at 10 s, standard policy: ≈ 300 × (8640 × 2.05 d × 6.7 B + 1440 × 14.1 d × 18.8 B)
/// ≈ 35 + 115 MB once raw and minutes are full, + ~12 MB of head rows, + ≈ 0.36 MB per day
/// of hour history (≈ 50 B/row until packed 30 days at a time) → measured 165 MB at 30 days
/// (one row per value took 443 MB: 25.3 B per raw sample, 49.8 B per rollup row).
public struct RetentionPolicy: Sendable, Equatable {
    public var raw: TimeInterval
    public var minute: TimeInterval
    public var hour: TimeInterval
    /// How long after a minute ends before it is rolled up, so samples of a tick still being
    /// written (by this or another process) are counted. Samples arriving later stay raw only.
    public var settle: TimeInterval
    /// Minutes are rolled up in whole stretches of this length (a multiple of 60 s): 60 rolls
    /// each minute once it has settled; the collector uses 3,600, so a series' minute rollups
    /// are written 60 at a time, one leaf page an hour instead of one every maintenance pass
    /// (window reads take the newest minutes from raw samples meanwhile).
    public var rollupEvery: TimeInterval

    public init(raw: TimeInterval = 48 * 3600, minute: TimeInterval = 14 * 86_400, hour: TimeInterval = 400 * 86_400,
                settle: TimeInterval = 15, rollupEvery: TimeInterval = 60) {
        self.raw = raw
        self.minute = minute
        self.hour = hour
        self.settle = settle
        self.rollupEvery = rollupEvery
    }

    public static let standard = RetentionPolicy()
}

/// What one `maintainMetrics` call did.
public struct MetricsMaintenanceReport: Sendable, Equatable {
    /// Samples moved from sealed `metric_block` rows into raw chunks.
    public var blockSamplesMoved = 0
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
