extension Schema {
    /// Feature flags: the current definition (JSON, read by `FeatureFlag(definition:)`),
    /// rollout state as columns (`flags stale` reads them), and every version kept.
    static let flagsSQL = """
    CREATE TABLE feature_flag (
        key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100 AND key NOT GLOB '*[^a-z0-9._-]*'),
        kind TEXT NOT NULL CHECK (kind IN ('boolean','string','number','object')),
        state TEXT NOT NULL CHECK (state IN ('ENABLED','DISABLED')),
        definition TEXT NOT NULL CHECK (json_valid(definition)),
        killed INTEGER NOT NULL DEFAULT 0 CHECK (killed IN (0, 1)),
        rollout_percent INTEGER CHECK (rollout_percent IS NULL OR rollout_percent IN (1, 5, 25, 50, 100)),
        rollout_at TEXT,
        owner TEXT NOT NULL CHECK (length(owner) BETWEEN 1 AND 100),
        version INTEGER NOT NULL CHECK (version >= 1),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_evaluated_at TEXT
    );
    CREATE TABLE feature_flag_version (
        flag TEXT NOT NULL REFERENCES feature_flag(key),
        version INTEGER NOT NULL CHECK (version >= 1),
        action TEXT NOT NULL CHECK (action IN ('create','set','rollout','kill')),
        definition TEXT NOT NULL CHECK (json_valid(definition)),
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (flag, version)
    ) WITHOUT ROWID;
    """
}
