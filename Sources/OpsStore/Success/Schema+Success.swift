extension Schema {
    /// Customer success (issue 18, use case 8): the last computed health of each customer
    /// (score, factors as JSON, whether at risk and since when), the sweep's own clock,
    /// onboarding milestones with dates, and the success log (outreach, plan notes, and the
    /// sweep's risk / recovered entries). `customer_health.reminded_at` records the one
    /// reminder a turn to "at risk" queues.
    static let successSQL = """
    CREATE TABLE customer_health (
        customer_id TEXT PRIMARY KEY NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
        previous_score INTEGER CHECK (previous_score IS NULL OR previous_score BETWEEN 0 AND 100),
        at_risk INTEGER NOT NULL CHECK (at_risk IN (0, 1)),
        at_risk_since TEXT,
        reminded_at TEXT,
        factors TEXT NOT NULL,
        computed_at TEXT NOT NULL,
        CHECK (at_risk = 1 OR at_risk_since IS NULL)
    ) WITHOUT ROWID;
    CREATE INDEX customer_health_risk ON customer_health(at_risk, score);

    CREATE TABLE customer_health_sweep (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_at TEXT NOT NULL
    );

    CREATE TABLE customer_milestone (
        customer_id TEXT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        milestone TEXT NOT NULL CHECK (milestone IN ('dns-verified','first-campaign','warmup-complete','sends-10k','integration-connected')),
        done_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (customer_id, milestone)
    ) WITHOUT ROWID;

    CREATE TABLE customer_success_entry (
        id INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('outreach','plan','risk','recovered')),
        body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        author TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX customer_success_entry_customer ON customer_success_entry(customer_id, kind, at);
    """
}
