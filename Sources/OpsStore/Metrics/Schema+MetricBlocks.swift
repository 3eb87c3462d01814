internal import GRDB

/// Sealed write batches (migration "2026-12-07-metric-blocks"). Frozen once shipped.
///
/// The collector keeps each series' newest raw samples in memory and seals them every few
/// seconds as ONE row here: appending a row to the end of a rowid table dirties one or two
/// pages, where the same samples as `metric_sample` rows dirty one leaf per series (about
/// 60 pages a commit for the demo). Maintenance packs blocks into raw chunks before it
/// rolls minutes up (`packMetricBlocks`), so rollups, chunks and retention never see this table.
extension Schema {
    static let metricBlocksSQL = """
    -- One sealed batch: t0/t1 the first and last sample time (ms), n the samples, data the
    -- per-series packed samples (format in MetricBlockCodec). No index but the rowid: blocks
    -- are appended in time order and drained within minutes, so readers scan a few rows.
    CREATE TABLE metric_block (
        id INTEGER PRIMARY KEY,
        t0 INTEGER NOT NULL,
        t1 INTEGER NOT NULL CHECK (t1 >= t0),
        n INTEGER NOT NULL CHECK (n > 0),
        data BLOB NOT NULL CHECK (length(data) > 0)
    );
    """
}
