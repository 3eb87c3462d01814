extension Schema {
    /// On-call schedules (the canonical text of each, as loaded), overrides, the pages each
    /// person took (for the load report) and the handoff reports of past shifts.
    ///
    /// `handoff_checked_at` is the collector's cursor: shift changes up to it have had their
    /// report. `oncall_handoff` is unique per schedule and handoff instant, so a report is
    /// never sent twice across ticks or restarts. `night` is decided when the page is
    /// recorded (22:00–07:00 in the schedule's zone, UTC for a page to a fixed login).
    static let onCallSQL = """
    CREATE TABLE oncall_schedule (
        name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 40 AND name NOT GLOB '*[^a-z0-9_-]*'),
        team TEXT NOT NULL CHECK (length(team) BETWEEN 1 AND 40),
        time_zone TEXT NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        text TEXT NOT NULL,
        loaded_by TEXT NOT NULL,
        loaded_at TEXT NOT NULL,
        handoff_checked_at TEXT
    );
    CREATE INDEX oncall_schedule_team ON oncall_schedule(team, name);

    CREATE TABLE oncall_override (
        id INTEGER PRIMARY KEY,
        schedule TEXT NOT NULL REFERENCES oncall_schedule(name) ON DELETE CASCADE,
        covering TEXT NOT NULL,
        covered TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
        CHECK (covering <> covered),
        CHECK (ends_at > starts_at)
    );
    CREATE INDEX oncall_override_schedule ON oncall_override(schedule, ends_at);

    CREATE TABLE oncall_page (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        login TEXT NOT NULL,
        alert_id INTEGER,
        team TEXT NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
        schedule TEXT,
        night INTEGER NOT NULL CHECK (night IN (0, 1))
    );
    CREATE INDEX oncall_page_at ON oncall_page(at, login);

    CREATE TABLE oncall_handoff (
        id INTEGER PRIMARY KEY,
        schedule TEXT NOT NULL,
        outgoing TEXT,
        incoming TEXT,
        shift_start TEXT NOT NULL,
        handoff_at TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (schedule, handoff_at)
    );
    CREATE INDEX oncall_handoff_at ON oncall_handoff(handoff_at);
    """
}
