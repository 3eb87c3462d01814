extension Schema {
    /// Third-party integrations (issue 18, use case 9): the registry, each entry's stage on
    /// the staging → security-review → production path (CHECK: production needs a
    /// reviewer who is not the author), and API deprecation notices with their migration
    /// checklist (JSON) and the reminder stage and alert already sent.
    static let integrationsSQL = """
    CREATE TABLE integration (
        id TEXT PRIMARY KEY NOT NULL
            CHECK (length(id) BETWEEN 1 AND 63 AND id NOT GLOB '*[^a-z0-9-]*' AND substr(id,1,1) <> '-'),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind TEXT NOT NULL CHECK (kind IN ('payments','dns','smtp-relay','inbox-provider','blocklist-monitor','crm','other')),
        owner_team TEXT NOT NULL CHECK (length(owner_team) BETWEEN 1 AND 200),
        api_version TEXT NOT NULL CHECK (length(api_version) BETWEEN 1 AND 200),
        stage TEXT NOT NULL CHECK (stage IN ('staging','security-review','production','retired')),
        source TEXT,
        service TEXT,
        rotation_due TEXT,
        author TEXT NOT NULL,
        reviewer TEXT,
        reviewed_at TEXT,
        checklist TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (stage <> 'production' OR (reviewer IS NOT NULL AND reviewer <> author AND reviewed_at IS NOT NULL))
    ) WITHOUT ROWID;

    CREATE TABLE integration_deprecation (
        id INTEGER PRIMARY KEY,
        integration_id TEXT NOT NULL REFERENCES integration(id) ON DELETE CASCADE,
        api TEXT NOT NULL CHECK (length(api) BETWEEN 1 AND 200),
        sunset TEXT NOT NULL,
        checklist TEXT NOT NULL DEFAULT '[]',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        migrated_at TEXT,
        reminded_stage INTEGER NOT NULL DEFAULT -1,
        alerted INTEGER NOT NULL DEFAULT 0 CHECK (alerted IN (0, 1))
    );
    CREATE INDEX integration_deprecation_open ON integration_deprecation(sunset) WHERE migrated_at IS NULL;
    CREATE INDEX integration_deprecation_integration ON integration_deprecation(integration_id);
    """
}
