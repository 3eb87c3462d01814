extension Schema {
    /// Change events (deploys, rollbacks, config, flags, infra). `change_event_service_at`
    /// answers "what changed before detection for these services" as one range per service.
    static let changesSQL = """
    CREATE TABLE change_event (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('deploy','rollback','config','flag','infra')),
        service TEXT NOT NULL CHECK (length(service) BETWEEN 1 AND 63 AND service NOT GLOB '*[^a-z0-9._-]*'),
        version TEXT CHECK (version IS NULL OR length(version) BETWEEN 1 AND 100),
        status TEXT NOT NULL CHECK (status IN ('started','succeeded','failed')),
        by TEXT NOT NULL CHECK (length(by) BETWEEN 1 AND 100),
        at TEXT NOT NULL,
        link TEXT CHECK (link IS NULL OR (length(link) <= 2000 AND (link LIKE 'https://%' OR link LIKE 'http://%'))),
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX change_event_service_at ON change_event(service, at);
    CREATE INDEX change_event_at ON change_event(at);
    """

    /// Incidents, their append-only timeline, roles, links, checklist, evidence with its
    /// chain of custody, postmortem and action items. `update_check_at`, the postmortem's
    /// and the action items' due columns are the collector sweep's cursors (partial indexes,
    /// so an idle tick reads nothing).
    static let incidentsSQL = """
    CREATE TABLE incident (
        number INTEGER PRIMARY KEY CHECK (number >= 1),
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        category TEXT NOT NULL CHECK (category IN ('outage','degradation','deployment','security','data','third-party')),
        severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
        status TEXT NOT NULL CHECK (status IN ('investigating','identified','monitoring','resolved','postmortem','closed')),
        security_class TEXT CHECK (security_class IS NULL OR security_class IN ('malware','credential-compromise','data-exposure',
                                                                                 'tenant-abuse','ddos','vulnerability','other')),
        breach_at TEXT,
        breach_notified_at TEXT,
        breach_notice TEXT,
        breach_reminded TEXT,
        source TEXT NOT NULL,
        services TEXT NOT NULL DEFAULT '',
        customers TEXT NOT NULL DEFAULT '',
        detected_at TEXT NOT NULL,
        declared_at TEXT NOT NULL,
        acknowledged_at TEXT,
        mitigated_at TEXT,
        resolved_at TEXT,
        closed_at TEXT,
        last_update_at TEXT NOT NULL,
        declared_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        close_reason TEXT,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        update_check_at TEXT,
        CHECK (security_class IS NULL OR category = 'security'),
        CHECK (breach_notified_at IS NULL OR breach_at IS NOT NULL),
        CHECK (detected_at <= declared_at)
    );
    CREATE INDEX incident_status ON incident(status, severity, number);
    CREATE INDEX incident_declared ON incident(declared_at);
    CREATE INDEX incident_update_check ON incident(update_check_at) WHERE update_check_at IS NOT NULL;
    CREATE INDEX incident_breach_open ON incident(breach_at) WHERE breach_at IS NOT NULL AND breach_notified_at IS NULL;

    CREATE TABLE incident_entry (
        id INTEGER PRIMARY KEY,
        incident INTEGER NOT NULL REFERENCES incident(number),
        kind TEXT NOT NULL CHECK (kind IN ('note','decision','action','comms','correction','declared','status','severity','role',
                                           'alert','ticket','change','checklist','evidence','breach','reminder','postmortem','pin')),
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        at TEXT NOT NULL,
        refers_to INTEGER REFERENCES incident_entry(id),
        CHECK (kind NOT IN ('pin','correction') OR refers_to IS NOT NULL)
    );
    CREATE INDEX incident_entry_incident ON incident_entry(incident, id);
    CREATE INDEX incident_entry_pins ON incident_entry(incident, refers_to) WHERE kind = 'pin';
    CREATE TRIGGER incident_entry_no_update BEFORE UPDATE ON incident_entry
        BEGIN SELECT RAISE(ABORT, 'incident entries are append-only'); END;
    CREATE TRIGGER incident_entry_no_delete BEFORE DELETE ON incident_entry
        BEGIN SELECT RAISE(ABORT, 'incident entries are append-only'); END;

    CREATE TABLE incident_role (
        incident INTEGER NOT NULL REFERENCES incident(number),
        role TEXT NOT NULL CHECK (role IN ('commander','tech-lead','comms-lead','scribe','security-lead')),
        login TEXT NOT NULL,
        assigned_at TEXT NOT NULL,
        assigned_by TEXT NOT NULL,
        PRIMARY KEY (incident, role)
    ) WITHOUT ROWID;
    CREATE INDEX incident_role_login ON incident_role(login, incident);

    CREATE TABLE incident_alert (
        incident INTEGER NOT NULL REFERENCES incident(number),
        alert_id INTEGER NOT NULL,
        linked_at TEXT NOT NULL,
        linked_by TEXT NOT NULL,
        PRIMARY KEY (incident, alert_id)
    ) WITHOUT ROWID;
    CREATE INDEX incident_alert_alert ON incident_alert(alert_id);

    CREATE TABLE incident_ticket (
        incident INTEGER NOT NULL REFERENCES incident(number),
        ticket INTEGER NOT NULL REFERENCES ticket(number),
        linked_at TEXT NOT NULL,
        linked_by TEXT NOT NULL,
        PRIMARY KEY (incident, ticket)
    ) WITHOUT ROWID;
    CREATE INDEX incident_ticket_ticket ON incident_ticket(ticket);

    CREATE TABLE incident_checklist (
        incident INTEGER NOT NULL REFERENCES incident(number),
        item TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 40),
        position INTEGER NOT NULL,
        done_by TEXT,
        done_at TEXT,
        CHECK ((done_by IS NULL) = (done_at IS NULL)),
        PRIMARY KEY (incident, item)
    ) WITHOUT ROWID;

    CREATE TABLE incident_evidence (
        id INTEGER PRIMARY KEY,
        incident INTEGER NOT NULL REFERENCES incident(number),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        stored_name TEXT UNIQUE,
        text TEXT,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
        bytes INTEGER NOT NULL CHECK (bytes >= 0),
        collected_by TEXT NOT NULL,
        collected_at TEXT NOT NULL,
        custodian TEXT NOT NULL,
        note TEXT,
        CHECK ((stored_name IS NULL) <> (text IS NULL))
    );
    CREATE INDEX incident_evidence_incident ON incident_evidence(incident, id);
    CREATE TRIGGER incident_evidence_fixed BEFORE UPDATE OF incident, name, stored_name, text, sha256, bytes, collected_by, collected_at
        ON incident_evidence BEGIN SELECT RAISE(ABORT, 'evidence is fixed once collected'); END;
    CREATE TRIGGER incident_evidence_no_delete BEFORE DELETE ON incident_evidence
        BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;

    CREATE TABLE incident_custody (
        id INTEGER PRIMARY KEY,
        evidence INTEGER NOT NULL REFERENCES incident_evidence(id),
        from_login TEXT,
        to_login TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT
    );
    CREATE INDEX incident_custody_evidence ON incident_custody(evidence, id);
    CREATE TRIGGER incident_custody_no_update BEFORE UPDATE ON incident_custody
        BEGIN SELECT RAISE(ABORT, 'the chain of custody is append-only'); END;
    CREATE TRIGGER incident_custody_no_delete BEFORE DELETE ON incident_custody
        BEGIN SELECT RAISE(ABORT, 'the chain of custody is append-only'); END;

    CREATE TABLE incident_postmortem (
        incident INTEGER PRIMARY KEY REFERENCES incident(number),
        summary TEXT NOT NULL DEFAULT '',
        impact TEXT NOT NULL DEFAULT '',
        root_cause TEXT NOT NULL DEFAULT '',
        contributing TEXT NOT NULL DEFAULT '',
        went_well TEXT NOT NULL DEFAULT '',
        went_wrong TEXT NOT NULL DEFAULT '',
        customers_affected INTEGER CHECK (customers_affected IS NULL OR customers_affected >= 0),
        minutes_affected INTEGER CHECK (minutes_affected IS NULL OR minutes_affected >= 0),
        due_at TEXT NOT NULL,
        published_at TEXT,
        reminded_at TEXT,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX incident_postmortem_due ON incident_postmortem(due_at) WHERE published_at IS NULL AND reminded_at IS NULL;

    CREATE TABLE incident_action (
        id INTEGER PRIMARY KEY,
        incident INTEGER NOT NULL REFERENCES incident(number),
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        owner TEXT NOT NULL,
        due_at TEXT NOT NULL,
        done_at TEXT,
        done_by TEXT,
        reminded_at TEXT,
        CHECK ((done_at IS NULL) = (done_by IS NULL))
    );
    CREATE INDEX incident_action_incident ON incident_action(incident, id);
    CREATE INDEX incident_action_due ON incident_action(due_at) WHERE done_at IS NULL AND reminded_at IS NULL;
    CREATE INDEX incident_action_open ON incident_action(owner, due_at) WHERE done_at IS NULL;
    """
}
