internal import GRDB

/// The metrics, alerts and collector-lease tables (migration "2026-11-27-metrics").
/// Frozen once shipped: change the schema with a new migration, never by editing this text.
///
/// Metric samples and rollups are not audited (a collector tick is not a decision and would
/// drown the trail); alert status changes are, by the alert service.
extension Schema {
    static let metricsSQL = """
    -- One row per time series: a name and its labels as canonical JSON (sorted keys, no
    -- spaces, empty values dropped), so one series always has one row. Never deleted:
    -- retention removes samples, not series, which keeps cached series ids valid.
    CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) > 0),
        labels TEXT NOT NULL CHECK (json_valid(labels) AND json_type(labels) = 'object'),
        UNIQUE (name, labels)
    );

    -- Raw samples, t in unix milliseconds. Clustered by series then time: a graph reads one
    -- contiguous key range. NaN is not stored (SQLite would turn it into NULL).
    CREATE TABLE metric_sample (
        series_id INTEGER NOT NULL REFERENCES metric_series(id),
        t INTEGER NOT NULL,
        v REAL NOT NULL,
        PRIMARY KEY (series_id, t)
    ) WITHOUT ROWID;

    -- Rollups: t is the bucket start (ms), n the number of raw samples behind the row at
    -- every resolution. min/avg/max are NULL only when undefined (+Inf and -Inf averaged).
    CREATE TABLE metric_rollup (
        series_id INTEGER NOT NULL REFERENCES metric_series(id),
        resolution INTEGER NOT NULL CHECK (resolution IN (60, 3600)),
        t INTEGER NOT NULL CHECK (t % (resolution * 1000) = 0),
        min REAL,
        avg REAL,
        max REAL,
        n INTEGER NOT NULL CHECK (n > 0),
        PRIMARY KEY (series_id, resolution, t)
    ) WITHOUT ROWID;

    -- Progress of the incremental maintenance, so no work is repeated and every call
    -- resumes where the last one stopped. Rollups: buckets starting before done_until are
    -- complete for every series; a pass in progress covers [done_until, pass_until) and has
    -- visited series below next_series. Retention: done_until is the cutoff of the last
    -- completed deletion pass, pass_until the cutoff of the pass in progress.
    CREATE TABLE metric_maintenance (
        task TEXT PRIMARY KEY CHECK (task IN ('rollup60', 'rollup3600', 'retain_raw', 'retain60', 'retain3600')),
        done_until INTEGER,
        pass_until INTEGER,
        next_series INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;

    -- What the dashboard shows per source. up is NULL until the first collection.
    CREATE TABLE metric_source_status (
        source TEXT PRIMARY KEY NOT NULL CHECK (length(source) > 0),
        up INTEGER CHECK (up IS NULL OR up IN (0, 1)),
        last_error TEXT,
        last_success TEXT,
        last_attempt TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0)
    ) WITHOUT ROWID;

    -- Alerts from the rules engine and, later, Alertmanager. At most one open (pending or
    -- firing) row per fingerprint; resolved rows are history. occurrences counts how many
    -- times the row entered 'firing' (0 for an alert still pending for the first time).
    CREATE TABLE alert (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL CHECK (length(fingerprint) > 0),
        rule TEXT NOT NULL,
        source TEXT NOT NULL CHECK (length(source) > 0),
        labels TEXT NOT NULL CHECK (json_valid(labels)),
        annotations TEXT CHECK (annotations IS NULL OR json_valid(annotations)),
        severity TEXT NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
        status TEXT NOT NULL CHECK (status IN ('pending', 'firing', 'resolved')),
        summary TEXT NOT NULL,
        runbook_url TEXT,
        value REAL,
        starts_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        ends_at TEXT,
        occurrences INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 0),
        assignee TEXT,
        team TEXT,
        CHECK ((status = 'resolved') = (ends_at IS NOT NULL))
    );
    CREATE UNIQUE INDEX alert_open_fingerprint ON alert(fingerprint) WHERE status <> 'resolved';
    CREATE INDEX alert_status_severity ON alert(status, severity);
    -- Finds the last resolved row of a fingerprint when it fires again.
    CREATE INDEX alert_fingerprint ON alert(fingerprint, id);

    -- The one collector allowed to run against this store (see acquireLease).
    CREATE TABLE collector_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        holder_host TEXT NOT NULL,
        holder_pid INTEGER NOT NULL,
        token TEXT NOT NULL CHECK (length(token) > 0),
        acquired_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
    );
    """
}
