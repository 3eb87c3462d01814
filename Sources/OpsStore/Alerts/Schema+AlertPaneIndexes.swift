extension Schema {
    /// Indexes that give every view of the alert queue pane an index to walk and to count
    /// from (issue 5's "filter or sort change < 30 ms" on a million alerts). See
    /// `AlertQueryPlan` for which query uses which, and BENCHMARKS.md for the figures.
    ///
    /// - `alert_queue` replaces `alert_queue_default`: the same order, plus the filtered
    ///   columns (state, severity, assignee, team, silence_id) so counting any filter of the
    ///   active queue reads the index alone.
    /// - One partial index per remaining sortable column of the active queue (severity,
    ///   state in workflow order, summary, count, escalation level).
    /// - History (resolved and closed): by state and age with the filtered columns, and by
    ///   assignee for "mine". Partial, so queries on the active set never consider them.
    /// - The collector's open alerts of one source: a range instead of every open alert.
    /// - `alert_status_severity` goes: it was a full-table index written by every insert
    ///   and every status change, and its one reader, the dashboard's firing digest, now
    ///   reads the active queue's `alert_active_severity` (ingest pays per index).
    ///
    /// The active set is written `state NOT IN ('resolved', 'closed')` (the CHECK constraint
    /// leaves the same three states), and the indexes of migration "2026-11-28-alert-queue"
    /// are recreated that way: SQLite evaluates an `IN` list of three or more constants
    /// through a temporary b-tree, and it evaluated every partial index's WHERE for every
    /// row written, so an alert insert or resolve opened 12–24 of them (a quarter of webhook
    /// ingest's time; with two values it compares). Measured in BENCHMARKS.md.
    ///
    /// No index here leads with the plain `state` column: without statistics SQLite takes
    /// `state = ?` for selective and preferred such an index over the ordered ones.
    static let alertPaneIndexesSQL = """
    DROP INDEX alert_queue_default;
    DROP INDEX alert_active_starts;
    DROP INDEX alert_active_service;
    DROP INDEX alert_active_team;
    DROP INDEX alert_active_assignee;
    DROP INDEX alert_group;
    CREATE INDEX alert_active_starts ON alert(starts_at, id) WHERE state NOT IN ('resolved', 'closed') AND status <> 'pending';
    CREATE INDEX alert_active_service ON alert(service, id) WHERE state NOT IN ('resolved', 'closed') AND status <> 'pending';
    CREATE INDEX alert_active_team ON alert(team, id) WHERE state NOT IN ('resolved', 'closed') AND status <> 'pending';
    CREATE INDEX alert_active_assignee ON alert(assignee, id) WHERE state NOT IN ('resolved', 'closed');
    CREATE INDEX alert_group ON alert(group_key, id) WHERE state NOT IN ('resolved', 'closed');
    CREATE INDEX alert_queue ON alert(
        (state <> 'open'), (CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END), starts_at, id,
        state, severity, assignee, team, silence_id)
        WHERE state NOT IN ('resolved', 'closed') AND status <> 'pending';
    CREATE INDEX alert_active_severity ON alert((CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END), starts_at, id)
        WHERE state NOT IN ('resolved', 'closed') AND status <> 'pending';
    CREATE INDEX alert_active_state ON alert(
        (CASE state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'snoozed' THEN 2 WHEN 'resolved' THEN 3 ELSE 4 END), id)
        WHERE state NOT IN ('resolved', 'closed') AND status <> 'pending';
    CREATE INDEX alert_active_summary ON alert(summary, id) WHERE state NOT IN ('resolved', 'closed') AND status <> 'pending';
    CREATE INDEX alert_active_count ON alert(occurrences, id) WHERE state NOT IN ('resolved', 'closed') AND status <> 'pending';
    CREATE INDEX alert_active_level ON alert(escalation_level, id) WHERE state NOT IN ('resolved', 'closed') AND status <> 'pending';
    CREATE INDEX alert_history_starts ON alert(state, starts_at, id, status, severity, silence_id, team) WHERE state IN ('resolved', 'closed');
    CREATE INDEX alert_history_assignee ON alert(assignee, state, starts_at, id) WHERE state IN ('resolved', 'closed');
    DROP INDEX alert_status_severity;
    CREATE INDEX alert_open_source ON alert(source) WHERE status <> 'resolved';
    """
}
