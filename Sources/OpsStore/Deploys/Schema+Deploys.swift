extension Schema {
    /// Deployments reported by pipelines, their components, and the incidents linked to them.
    /// `deployment_gating` is the collector's per-tick cursor (a partial index: an idle tick
    /// reads nothing).
    static let deploysSQL = """
    CREATE TABLE deployment (
        number INTEGER PRIMARY KEY CHECK (number >= 1),
        service TEXT NOT NULL CHECK (length(service) BETWEEN 1 AND 63 AND service NOT GLOB '*[^a-z0-9._-]*'),
        version TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 100),
        link TEXT CHECK (link IS NULL OR (length(link) <= 2000 AND (link LIKE 'https://%' OR link LIKE 'http://%'))),
        by TEXT NOT NULL CHECK (length(by) BETWEEN 1 AND 100),
        status TEXT NOT NULL CHECK (status IN ('in-progress','gating','healthy','degraded','failed','rolled-back')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        commit_at TEXT,
        gate_until TEXT,
        failed_at TEXT,
        restored_at TEXT,
        note TEXT CHECK (note IS NULL OR length(note) <= 2000),
        recorded_by TEXT NOT NULL
    );
    CREATE INDEX deployment_service_started ON deployment(service, started_at);
    CREATE INDEX deployment_started ON deployment(started_at);
    CREATE INDEX deployment_gating ON deployment(number) WHERE status = 'gating';
    CREATE TABLE deployment_component (
        deployment INTEGER NOT NULL REFERENCES deployment(number),
        position INTEGER NOT NULL CHECK (position >= 0),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 32 AND name NOT GLOB '*[^a-z0-9._-]*'),
        status TEXT NOT NULL CHECK (status IN ('pending','deploying','healthy','failed','rolled-back')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (deployment, name)
    ) WITHOUT ROWID;
    CREATE TABLE deployment_incident (
        deployment INTEGER NOT NULL REFERENCES deployment(number),
        incident INTEGER NOT NULL REFERENCES incident(number),
        linked_by TEXT NOT NULL,
        linked_at TEXT NOT NULL,
        PRIMARY KEY (deployment, incident)
    ) WITHOUT ROWID;
    """
}
