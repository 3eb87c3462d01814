extension Schema {
    /// The `devops` role (people who ship: deployments, configuration change sets, feature
    /// flags). A role is a CHECK list on `staff_role`, which SQLite cannot alter, so the
    /// table is rebuilt with the longer list by SQLite's documented twelve-step procedure
    /// reduced to what this table needs (nothing references it, it has no triggers): a new
    /// table, the rows copied, the old dropped, the new renamed and its index made again.
    /// The table holds one row per grant, a few hundred at most.
    static let devopsRoleSQL = """
    CREATE TABLE staff_role_new (
        staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('super_admin','admin','ops','devops','security','support','finance','success','auditor','readonly')),
        granted_at TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        PRIMARY KEY (staff_id, role)
    ) WITHOUT ROWID;
    INSERT INTO staff_role_new (staff_id, role, granted_at, granted_by)
        SELECT staff_id, role, granted_at, granted_by FROM staff_role;
    DROP TABLE staff_role;
    ALTER TABLE staff_role_new RENAME TO staff_role;
    CREATE INDEX staff_role_by_role ON staff_role(role, staff_id);
    """
}
