internal import GRDB

/// Packed history (migration "2026-11-28-metric-chunks"). Frozen once shipped.
///
/// `metric_sample` and `metric_rollup` stay the head: each tick still writes one row per
/// sample. Maintenance moves closed spans into one blob per series and span (2 h of raw
/// samples, 6 h of minute rollups, 30 days of hours; format in `ChunkCodec`) and deletes the rows it
/// packed in the same transaction, so every sample lives in exactly one place.
extension Schema {
    static let metricChunksSQL = """
    -- t0/t1: first and last time in the chunk (ms; bucket starts for rollups), n: entries.
    -- A rowid table: 1–4 KB blobs would bloat the interior pages of a WITHOUT ROWID tree.
    CREATE TABLE metric_chunk (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL REFERENCES metric_series(id),
        resolution INTEGER NOT NULL CHECK (resolution IN (0, 60, 3600)),
        t0 INTEGER NOT NULL,
        t1 INTEGER NOT NULL CHECK (t1 >= t0),
        n INTEGER NOT NULL CHECK (n > 0),
        data BLOB NOT NULL CHECK (length(data) > 0)
    );
    CREATE UNIQUE INDEX metric_chunk_key ON metric_chunk(series_id, resolution, t0);

    -- Progress of compaction, same meaning as metric_maintenance (whose task CHECK is frozen):
    -- spans starting before done_until are packed for every series.
    CREATE TABLE metric_chunk_progress (
        task TEXT PRIMARY KEY CHECK (task IN ('chunk_raw', 'chunk60', 'chunk3600')),
        done_until INTEGER,
        pass_until INTEGER,
        next_series INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    """
}
