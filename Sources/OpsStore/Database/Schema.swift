internal import GRDB
import OpsCore

/// Frozen, named migrations. Never edit one that has shipped: add a new one, and add its
/// hash to `FrozenMigrationTests`. Each is written as literal SQL, never built from
/// application enums (a new `Role` must not rewrite the migration that made the table).
/// Data rules live here (NOT NULL, CHECK, UNIQUE, foreign keys); Swift does not re-check them.
enum Schema {
    /// One shipped migration: its name, the text it is pinned by, and what it runs.
    struct Migration: Sendable {
        var name: String
        /// The SQL it executes; for a migration written as code, the data that code applies.
        var frozenText: String
        var run: @Sendable (Database) throws -> Void

        init(_ name: String, sql: String) {
            self.name = name
            self.frozenText = sql
            self.run = { db in try db.execute(sql: sql) }
        }

        init(_ name: String, pinnedBy text: String, run: @escaping @Sendable (Database) throws -> Void) {
            self.name = name
            self.frozenText = text
            self.run = run
        }
    }

    /// Every migration this build knows, in the order they apply.
    static let migrations: [Migration] = [
        Migration("2026-11-27-foundation", sql: foundationSQL),
        Migration("2026-11-27-metrics", sql: metricsSQL),
        Migration("2026-11-28-alert-queue", sql: alertQueueSQL),
        Migration("2026-11-28-metric-chunks", sql: metricChunksSQL),
        Migration("2026-11-29-alert-pane-indexes", sql: alertPaneIndexesSQL),
        Migration("2026-11-30-alert-checks", pinnedBy: alertChecksPin, run: rewriteAlertChecks),
        Migration("2026-12-07-collector-lease-holder", sql: collectorLeaseHolderSQL),
        Migration("2026-12-07-personal-keys", sql: personalKeysSQL),
        Migration("2026-12-07-alert-names", sql: alertNamesSQL),
        Migration("2026-12-07-metric-blocks", sql: metricBlocksSQL),
        Migration("2026-12-07-pending-onboarding", sql: pendingOnboardingSQL),
        Migration("2026-12-07-outbox-alert", sql: outboxAlertSQL),
        Migration("2026-12-07-tickets", sql: ticketsSQL),
        Migration("2026-12-07-ticket-sla-sweep", sql: ticketSLASweepSQL),
        Migration("2026-12-07-kb", sql: kbSQL),
        Migration("2026-12-07-mail-in", sql: mailInSQL),
        Migration("2026-12-07-billing", sql: billingSQL),
        Migration("2026-12-07-oncall", sql: onCallSQL),
        Migration("2026-12-07-ticket-queue-index", sql: ticketQueueIndexSQL),
        Migration("2026-12-08-changes", sql: changesSQL),
        Migration("2026-12-08-incidents", sql: incidentsSQL),
        Migration("2026-12-09-devops-role", sql: devopsRoleSQL),
        Migration("2026-12-09-ticket-filter-indexes", sql: ticketFilterIndexesSQL),
        Migration("2026-12-09-flags", sql: flagsSQL),
        Migration("2026-12-09-config", sql: platformConfigSQL),
        Migration("2026-12-09-lookup-indexes", sql: lookupIndexesSQL),
        Migration("2026-12-09-kpi-indexes", sql: kpiIndexesSQL),
        Migration("2026-12-09-changes-pane", sql: changesPaneSQL),
        Migration("2026-12-09-deploys", sql: deploysSQL),
        Migration("2026-12-09-ticket-queue-order", sql: ticketQueueOrderSQL),
        Migration("2026-12-10-change-gates", sql: changeGatesSQL),
        Migration("2026-12-10-billing-dunning", sql: billingDunningSQL),
        Migration("2026-12-10-success", sql: successSQL),
        Migration("2026-12-10-integrations", sql: integrationsSQL),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name, migrate: migration.run)
        }
        return migrator
    }

    static let foundationSQL = """
    CREATE TABLE staff (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL COLLATE NOCASE UNIQUE
            CHECK (length(login) BETWEEN 1 AND 32 AND login NOT GLOB '*[^a-z0-9_-]*' AND substr(login,1,1) NOT GLOB '[0-9-]'),
        display_name TEXT CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 80),
        email TEXT COLLATE NOCASE,
        team TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','deactivated')),
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        CHECK (status = 'deactivated' OR (display_name IS NOT NULL AND email IS NOT NULL))
    );
    CREATE UNIQUE INDEX staff_email_unique ON staff(email COLLATE NOCASE) WHERE email IS NOT NULL;
    CREATE INDEX staff_status ON staff(status, login);

    CREATE TABLE staff_role (
        staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('super_admin','admin','ops','security','support','finance','success','auditor','readonly')),
        granted_at TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        PRIMARY KEY (staff_id, role)
    ) WITHOUT ROWID;
    CREATE INDEX staff_role_by_role ON staff_role(role, staff_id);

    -- Personal data of deactivated accounts, kept until purge_after (retention policy).
    CREATE TABLE staff_archive (
        staff_id INTEGER PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        email TEXT NOT NULL,
        archived_at TEXT NOT NULL,
        purge_after TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(reason) > 0)
    );
    CREATE INDEX staff_archive_purge ON staff_archive(purge_after);

    CREATE TABLE setting (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    -- Append-only, hash-chained audit trail: hash = SHA-256(prev_hash || canonical row).
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        impersonator TEXT,
        action TEXT NOT NULL CHECK (length(action) > 0),
        target TEXT,
        before TEXT,
        after TEXT,
        reason TEXT,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
    );
    CREATE INDEX audit_actor ON audit(actor, id);
    CREATE INDEX audit_target ON audit(target, id);
    CREATE INDEX audit_action ON audit(action, id);
    CREATE INDEX audit_at ON audit(at);
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
    -- The chain's head: lets verify notice a truncated tail.
    CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_id INTEGER NOT NULL,
        last_hash TEXT NOT NULL
    );

    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        to_addr TEXT NOT NULL CHECK (length(to_addr) > 0),
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error TEXT,
        next_attempt_at TEXT,
        sent_at TEXT
    );
    CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
    """
}
