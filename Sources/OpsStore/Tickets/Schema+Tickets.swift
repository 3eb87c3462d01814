extension Schema {
    /// Customers, tickets, their append-only entries and alert links. `ticket.sla_due_at`
    /// is the next SLA deadline (written by every change), so the collector's sweep reads
    /// the few due rows through an index instead of scanning tickets.
    static let ticketsSQL = """
    CREATE TABLE customer (
        id TEXT PRIMARY KEY NOT NULL
            CHECK (length(id) BETWEEN 1 AND 63 AND id NOT GLOB '*[^a-z0-9-]*' AND substr(id,1,1) <> '-'),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        plan TEXT NOT NULL CHECK (plan IN ('free','starter','growth','scale','enterprise')),
        status TEXT NOT NULL CHECK (status IN ('trial','active','suspended','churned')),
        success_manager TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE customer_contact (
        customer_id TEXT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        email TEXT NOT NULL COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (customer_id, email)
    ) WITHOUT ROWID;
    CREATE INDEX customer_contact_email ON customer_contact(email COLLATE NOCASE);

    CREATE TABLE ticket (
        number INTEGER PRIMARY KEY CHECK (number >= 1),
        customer_id TEXT NOT NULL REFERENCES customer(id),
        contact_email TEXT COLLATE NOCASE,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        category TEXT NOT NULL CHECK (category IN ('deliverability','sending','dns','api','account-access',
                                                   'billing-dispute','refund','security','other')),
        priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
        status TEXT NOT NULL CHECK (status IN ('new','triage','investigating','waiting-customer','waiting-vendor',
                                               'resolved','closed')),
        vendor TEXT,
        reporter TEXT NOT NULL,
        assignee TEXT,
        team TEXT NOT NULL,
        parent INTEGER REFERENCES ticket(number),
        opened_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        first_response_at TEXT,
        last_update_out_at TEXT,
        resolved_at TEXT,
        closed_at TEXT,
        resolution TEXT,
        csat INTEGER CHECK (csat IS NULL OR csat BETWEEN 1 AND 5),
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        sla_due_at TEXT,
        sla_kind TEXT CHECK (sla_kind IS NULL OR sla_kind IN ('first-response','next-update','resolution')),
        CHECK (status <> 'waiting-vendor' OR vendor IS NOT NULL),
        CHECK (status NOT IN ('resolved','closed') OR resolution IS NOT NULL),
        CHECK (parent IS NULL OR parent <> number)
    );
    CREATE INDEX ticket_sla_due ON ticket(sla_due_at) WHERE sla_due_at IS NOT NULL;
    CREATE INDEX ticket_status ON ticket(status, number);
    CREATE INDEX ticket_customer ON ticket(customer_id, number);
    CREATE INDEX ticket_assignee ON ticket(assignee, status) WHERE assignee IS NOT NULL;
    CREATE INDEX ticket_team ON ticket(team, status);
    CREATE INDEX ticket_parent ON ticket(parent) WHERE parent IS NOT NULL;

    -- Append-only timeline; `status` is the status after a status entry (the SLA history).
    CREATE TABLE ticket_entry (
        id INTEGER PRIMARY KEY,
        ticket INTEGER NOT NULL REFERENCES ticket(number),
        kind TEXT NOT NULL CHECK (kind IN ('note','message-in','update-out','status','assignment','priority','link',
                                           'parent','sla','csat','resolution')),
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        at TEXT NOT NULL,
        status TEXT,
        message_id TEXT
    );
    CREATE INDEX ticket_entry_ticket ON ticket_entry(ticket, id);
    CREATE UNIQUE INDEX ticket_entry_message ON ticket_entry(message_id) WHERE message_id IS NOT NULL;
    CREATE TRIGGER ticket_entry_no_update BEFORE UPDATE ON ticket_entry
        BEGIN SELECT RAISE(ABORT, 'ticket entries are append-only'); END;
    CREATE TRIGGER ticket_entry_no_delete BEFORE DELETE ON ticket_entry
        BEGIN SELECT RAISE(ABORT, 'ticket entries are append-only'); END;

    CREATE TABLE ticket_alert (
        ticket INTEGER NOT NULL REFERENCES ticket(number),
        alert_id INTEGER NOT NULL,
        linked_at TEXT NOT NULL,
        linked_by TEXT NOT NULL,
        PRIMARY KEY (ticket, alert_id)
    ) WITHOUT ROWID;
    CREATE INDEX ticket_alert_alert ON ticket_alert(alert_id);
    """
}
