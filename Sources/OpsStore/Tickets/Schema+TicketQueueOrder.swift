extension Schema {
    /// Planner statistics for `ticket` (issue 15's queue speed), written by `db migrate`.
    ///
    /// Without statistics SQLite takes `status IN (…open…)` to match a handful of rows through
    /// `ticket_status*`, and so reads every open ticket and sorts them for each page instead of
    /// walking `ticket_queue` (the queue's ORDER BY) and stopping after the page. An index on a
    /// stored sort column was tried first and changes nothing: the planner's choice comes from
    /// its row estimates, not from the expression (`Docs/DECISIONS.md`, "The ticket queue's
    /// plan comes from statistics").
    ///
    /// The rows describe the shape of a support store rather than one measured store: tickets
    /// spread over seven statuses, ~200 customers, ~20 assignees, four teams and priorities,
    /// nine categories, a tenth with a deadline. They are fixed so the plan is the same on an
    /// empty store, a demo and a large one; `ANALYZE` later replaces them with measured ones,
    /// which lead to the same plans on a store of any size where it matters. The first
    /// `ANALYZE sqlite_schema` creates `sqlite_stat1` when it is missing, the last one loads
    /// the rows into this connection.
    static let ticketQueueOrderSQL = """
    ANALYZE sqlite_schema;
    DELETE FROM sqlite_stat1 WHERE tbl = 'ticket';
    INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
        ('ticket', 'ticket_sla_due', '10000 1'),
        ('ticket', 'ticket_status', '100000 14286 1'),
        ('ticket', 'ticket_customer', '100000 500 1'),
        ('ticket', 'ticket_assignee', '90000 4500 1000'),
        ('ticket', 'ticket_team', '100000 25000 3572'),
        ('ticket', 'ticket_parent', '1000 10'),
        ('ticket', 'ticket_sla_check', '10000 1'),
        ('ticket', 'ticket_queue', '100000 50000 1 1 1'),
        ('ticket', 'ticket_status_priority', '100000 14286 3572'),
        ('ticket', 'ticket_status_category', '100000 14286 1588');
    ANALYZE sqlite_schema;
    """
}
