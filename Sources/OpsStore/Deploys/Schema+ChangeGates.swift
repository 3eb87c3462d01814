extension Schema {
    /// Health-gate watches of feature-flag rollout steps and configuration change sets (the
    /// deploy gate's stanzas judge them; see `ChangeGate`). `change_gate_open` is the
    /// collector's per-tick cursor: an idle tick reads nothing.
    static let changeGatesSQL = """
    CREATE TABLE change_gate (
        id INTEGER PRIMARY KEY,
        subject TEXT NOT NULL CHECK (subject IN ('flag','config')),
        flag TEXT REFERENCES feature_flag(key),
        step INTEGER CHECK (step IS NULL OR step IN (1, 5, 25, 50, 100)),
        change_set INTEGER REFERENCES config_change_set(id),
        environment TEXT CHECK (environment IS NULL OR environment IN ('staging','production')),
        status TEXT NOT NULL CHECK (status IN ('pending','watching','passed','failed','superseded','cleared')),
        gates TEXT NOT NULL DEFAULT '' CHECK (length(gates) <= 2000),
        opened_at TEXT NOT NULL,
        until TEXT,
        closed_at TEXT,
        note TEXT CHECK (note IS NULL OR length(note) <= 2000),
        CHECK ((subject = 'flag') = (flag IS NOT NULL AND step IS NOT NULL)),
        CHECK ((subject = 'config') = (change_set IS NOT NULL AND environment IS NOT NULL))
    );
    CREATE INDEX change_gate_open ON change_gate(id) WHERE status IN ('pending','watching');
    CREATE INDEX change_gate_flag ON change_gate(flag, id) WHERE flag IS NOT NULL;
    CREATE INDEX change_gate_set ON change_gate(change_set, id) WHERE change_set IS NOT NULL;
    """
}
