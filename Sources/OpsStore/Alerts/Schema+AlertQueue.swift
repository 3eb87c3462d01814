internal import GRDB

/// The alert queue (migration "2026-11-28-alert-queue"): workflow state on the alert row,
/// its history, silences and routing. Frozen once shipped.
///
/// `alert.status` stays what the source says (pending, firing, resolved); `alert.state` is
/// where people stand (open, acknowledged, snoozed, resolved, closed). An occurrence ends
/// when the source resolves it or a person resolves it; firing again starts a new row that
/// points at the previous one (`previous_id`).
extension Schema {
    static let alertQueueSQL = """
    ALTER TABLE alert ADD COLUMN state TEXT NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'acknowledged', 'snoozed', 'resolved', 'closed'));
    ALTER TABLE alert ADD COLUMN acked_by TEXT;
    ALTER TABLE alert ADD COLUMN acked_at TEXT;
    ALTER TABLE alert ADD COLUMN ack_note TEXT;
    ALTER TABLE alert ADD COLUMN snoozed_until TEXT;
    ALTER TABLE alert ADD COLUMN resolved_by TEXT;
    ALTER TABLE alert ADD COLUMN resolved_at TEXT;
    ALTER TABLE alert ADD COLUMN closed_by TEXT;
    ALTER TABLE alert ADD COLUMN closed_at TEXT;
    ALTER TABLE alert ADD COLUMN close_reason TEXT;
    ALTER TABLE alert ADD COLUMN false_positive INTEGER NOT NULL DEFAULT 0 CHECK (false_positive IN (0, 1));
    ALTER TABLE alert ADD COLUMN silence_id INTEGER REFERENCES silence(id);
    ALTER TABLE alert ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0 CHECK (escalation_level >= 0);
    ALTER TABLE alert ADD COLUMN escalated_at TEXT;
    ALTER TABLE alert ADD COLUMN previous_id INTEGER REFERENCES alert(id);
    ALTER TABLE alert ADD COLUMN flapping INTEGER NOT NULL DEFAULT 0 CHECK (flapping IN (0, 1));
    ALTER TABLE alert ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE alert ADD COLUMN service TEXT NOT NULL DEFAULT '';
    ALTER TABLE alert ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE alert ADD COLUMN updated_at TEXT;

    -- Rows from before this migration: resolved ones are resolved, the rest open.
    UPDATE alert SET state = 'resolved', resolved_at = ends_at WHERE status = 'resolved';
    UPDATE alert SET service = coalesce(json_extract(labels, '$.service'), ''),
                     group_key = coalesce(json_extract(labels, '$.alertname'), rule) || '/' || coalesce(json_extract(labels, '$.service'), ''),
                     updated_at = last_seen_at;

    -- The queue's default order (unacknowledged first, most severe, oldest) as an index the
    -- pane's window query walks without sorting, and one per sortable column.
    CREATE INDEX alert_queue_default ON alert(
        (state <> 'open'), (CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END), starts_at, id)
        WHERE state IN ('open', 'acknowledged', 'snoozed') AND status <> 'pending';
    CREATE INDEX alert_active_starts ON alert(starts_at, id) WHERE state IN ('open', 'acknowledged', 'snoozed') AND status <> 'pending';
    CREATE INDEX alert_active_service ON alert(service, id) WHERE state IN ('open', 'acknowledged', 'snoozed') AND status <> 'pending';
    CREATE INDEX alert_active_team ON alert(team, id) WHERE state IN ('open', 'acknowledged', 'snoozed') AND status <> 'pending';
    CREATE INDEX alert_active_assignee ON alert(assignee, id) WHERE state IN ('open', 'acknowledged', 'snoozed');
    CREATE INDEX alert_group ON alert(group_key, id) WHERE state IN ('open', 'acknowledged', 'snoozed');
    CREATE INDEX alert_all_starts ON alert(starts_at, id);
    CREATE INDEX alert_silence ON alert(silence_id) WHERE silence_id IS NOT NULL;
    CREATE INDEX alert_snoozed ON alert(snoozed_until) WHERE state = 'snoozed';
    CREATE INDEX alert_escalation ON alert(team, escalation_level, escalated_at) WHERE state = 'open' AND status = 'firing';

    -- Every transition of every alert, with who, when and an optional note: the detail
    -- view's history. Written in the same transaction as the change (and its audit row).
    CREATE TABLE alert_event (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alert(id),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (length(kind) > 0),
        from_state TEXT,
        to_state TEXT,
        note TEXT,
        detail TEXT CHECK (detail IS NULL OR json_valid(detail))
    );
    CREATE INDEX alert_event_alert ON alert_event(alert_id, id);
    -- Fire/resolve changes per fingerprint, for flap detection.
    CREATE TABLE alert_flip (
        fingerprint TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX alert_flip_fingerprint ON alert_flip(fingerprint, at);

    -- Silences: matchers as JSON [{name, op, value}], active between starts_at and ends_at.
    -- Expiring sets ends_at to now; rows are kept as history.
    CREATE TABLE silence (
        id INTEGER PRIMARY KEY,
        matchers TEXT NOT NULL CHECK (json_valid(matchers) AND json_type(matchers) = 'array' AND json_array_length(matchers) > 0),
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        comment TEXT NOT NULL CHECK (length(comment) > 0),
        expired_by TEXT,
        -- 0 not yet applied to alerts (starts later), 1 muting matches, 2 ended and lifted.
        applied INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1, 2)),
        CHECK (ends_at > starts_at)
    );
    CREATE INDEX silence_pending ON silence(applied, starts_at, ends_at) WHERE applied < 2;

    -- The routing file as last loaded (canonical text), so every process routes alike.
    CREATE TABLE alert_routing (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        text TEXT NOT NULL,
        loaded_by TEXT NOT NULL,
        loaded_at TEXT NOT NULL
    );
    """
}
