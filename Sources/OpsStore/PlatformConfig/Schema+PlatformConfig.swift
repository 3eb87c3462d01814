extension Schema {
    /// Platform configuration: change sets and their items, the values each apply wrote
    /// (one version per key and environment, with the value it replaced), one revision per
    /// apply and environment, and the lifecycle history. A key without a value row is at
    /// its compiled-in default (version 0).
    static let platformConfigSQL = """
    CREATE TABLE config_change_set (
        id INTEGER PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('draft','in_review','approved','rejected','staging_applied','staging_verified',
                                               'production_applied','production_verified','rolled_back')),
        rationale TEXT NOT NULL CHECK (length(rationale) BETWEEN 1 AND 2000),
        impact TEXT CHECK (impact IS NULL OR length(impact) <= 2000),
        author TEXT NOT NULL,
        approver TEXT CHECK (approver IS NULL OR lower(approver) <> lower(author)),
        reject_reason TEXT CHECK (reject_reason IS NULL OR length(reject_reason) BETWEEN 1 AND 2000),
        rollback_of INTEGER REFERENCES config_change_set(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (status <> 'rejected' OR reject_reason IS NOT NULL)
    );
    CREATE INDEX config_change_set_status ON config_change_set(status, id);
    CREATE TABLE config_change_item (
        change_set INTEGER NOT NULL REFERENCES config_change_set(id),
        key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
        environment TEXT NOT NULL CHECK (environment IN ('staging','production')),
        value TEXT NOT NULL CHECK (length(value) <= 1000),
        PRIMARY KEY (change_set, key, environment)
    ) WITHOUT ROWID;
    CREATE INDEX config_change_item_key ON config_change_item(key, change_set);
    CREATE TABLE config_revision (
        environment TEXT NOT NULL CHECK (environment IN ('staging','production')),
        revision INTEGER NOT NULL CHECK (revision >= 1),
        change_set INTEGER NOT NULL REFERENCES config_change_set(id),
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        PRIMARY KEY (environment, revision)
    ) WITHOUT ROWID;
    CREATE TABLE config_value (
        environment TEXT NOT NULL CHECK (environment IN ('staging','production')),
        key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
        version INTEGER NOT NULL CHECK (version >= 1),
        revision INTEGER NOT NULL,
        value TEXT NOT NULL,
        previous TEXT NOT NULL,
        change_set INTEGER NOT NULL REFERENCES config_change_set(id),
        PRIMARY KEY (environment, key, version),
        FOREIGN KEY (environment, revision) REFERENCES config_revision(environment, revision)
    ) WITHOUT ROWID;
    CREATE INDEX config_value_revision ON config_value(environment, revision);
    CREATE TABLE config_history (
        id INTEGER PRIMARY KEY,
        change_set INTEGER NOT NULL REFERENCES config_change_set(id),
        action TEXT NOT NULL CHECK (action IN ('draft','edit','submit','approve','reject','apply','verify','rolled_back')),
        environment TEXT CHECK (environment IS NULL OR environment IN ('staging','production')),
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT
    );
    CREATE INDEX config_history_set ON config_history(change_set, id);
    """
}
