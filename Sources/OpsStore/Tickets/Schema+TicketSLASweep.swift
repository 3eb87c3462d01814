extension Schema {
    /// What the collector's SLA sweep reads and remembers.
    ///
    /// `ticket.sla_check_at` is the next instant the sweep must look at a ticket: a
    /// reminder 30 minutes before a deadline, the deadline itself, or "now" after any change
    /// (so a breach alert resolves on the next tick once the ticket is answered, resolved or
    /// paused). `sla_due_at` stays the earliest deadline the queue sorts by; it cannot also be
    /// the sweep's cursor, because a breached ticket keeps its past deadline until someone
    /// acts and would be read again on every tick.
    ///
    /// `ticket_sla_mark` holds, per ticket, clock and deadline, the reminder sent and the
    /// breach alert raised, so neither happens twice across ticks or restarts.
    static let ticketSLASweepSQL = """
    ALTER TABLE ticket ADD COLUMN sla_check_at TEXT;
    CREATE INDEX ticket_sla_check ON ticket(sla_check_at) WHERE sla_check_at IS NOT NULL;
    UPDATE ticket SET sla_check_at = strftime('%Y-%m-%dT%H:%M:%fZ', sla_due_at, '-30 minutes') WHERE sla_due_at IS NOT NULL;

    CREATE TABLE ticket_sla_mark (
        ticket INTEGER NOT NULL REFERENCES ticket(number),
        kind TEXT NOT NULL CHECK (kind IN ('first-response','next-update','resolution')),
        due_at TEXT NOT NULL,
        reminded_at TEXT,
        reminded_to TEXT,
        breached_at TEXT,
        resolved_at TEXT,
        CHECK (resolved_at IS NULL OR breached_at IS NOT NULL),
        PRIMARY KEY (ticket, kind, due_at)
    ) WITHOUT ROWID;
    CREATE INDEX ticket_sla_mark_open ON ticket_sla_mark(ticket) WHERE breached_at IS NOT NULL AND resolved_at IS NULL;
    """
}

extension Schema {
    /// The queue's order as an index: the Tickets pane pages `ORDER BY sla_due_at IS NULL,
    /// sla_due_at, priority, number` and reads only the rows of its window by walking this
    /// index, instead of sorting every matching ticket (10,000 open of 100,000) per page.
    static let ticketQueueIndexSQL = """
    CREATE INDEX ticket_queue ON ticket(sla_due_at IS NULL, sla_due_at, priority, number);
    """
}

extension Schema {
    /// The queue's filters and every ticket's SLA history, read from indexes alone.
    /// - `ticket_status_priority`, `ticket_status_category`: the queue's count under a
    ///   priority or category filter walks only the matching entries of each status (a
    ///   covering range), instead of every open ticket through `ticket_status` and a table
    ///   lookup per row (10,000 lookups on the benchmark store for a count of 2,500).
    /// - `ticket_entry_status_history`: the status changes an SLA clock is computed from
    ///   (`slaHistory`, per queue row, per swept ticket, per mail placed), covering and
    ///   partial: one short index range per ticket instead of every entry of the ticket
    ///   and a table lookup each.
    static let ticketFilterIndexesSQL = """
    CREATE INDEX ticket_status_priority ON ticket(status, priority);
    CREATE INDEX ticket_status_category ON ticket(status, category);
    CREATE INDEX ticket_entry_status_history ON ticket_entry(ticket, id, at, status) WHERE status IS NOT NULL;
    """
}
