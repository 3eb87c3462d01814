extension Schema {
    /// People an HR import could not create, kept with the reason until someone creates
    /// them by hand (`completed`) or drops them (`dismissed`). Name and email are cleared
    /// when a row leaves `pending`: the account (or nobody) holds them from then on.
    static let pendingOnboardingSQL = """
    CREATE TABLE pending_onboarding (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL,
        display_name TEXT,
        email TEXT,
        team TEXT,
        roles TEXT NOT NULL DEFAULT '',
        line INTEGER NOT NULL CHECK (line >= 0),
        field TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        source_sha256 TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','completed','dismissed')),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        closed_at TEXT,
        closed_by TEXT
    );
    CREATE UNIQUE INDEX pending_onboarding_open ON pending_onboarding(login COLLATE NOCASE) WHERE status = 'pending';
    """
}
