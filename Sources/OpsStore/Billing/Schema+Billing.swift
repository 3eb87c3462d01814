internal import GRDB

extension Schema {
    /// Stripe billing (issue 18): every verified event kept raw, the objects it carries
    /// (amounts in minor units, never floating point; times in Unix seconds as Stripe sends
    /// them), and the link from a Stripe customer to the directory. Object rows are
    /// upserted only by an event at least as new as the one that wrote them (event_created),
    /// so events arriving out of order never roll an object back.
    static let billingSQL = """
    CREATE TABLE billing_event (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 255),
        type TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 255),
        created INTEGER NOT NULL,
        livemode INTEGER NOT NULL CHECK (livemode IN (0, 1)),
        object_kind TEXT,
        object_id TEXT,
        stripe_customer TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'superseded', 'unmodelled')),
        received_at TEXT NOT NULL,
        received_by TEXT NOT NULL,
        raw BLOB NOT NULL
    );
    CREATE INDEX billing_event_outcome ON billing_event(outcome, seq);
    CREATE INDEX billing_event_object ON billing_event(object_id, created) WHERE object_id IS NOT NULL;

    CREATE TABLE billing_customer_link (
        stripe_customer TEXT PRIMARY KEY NOT NULL CHECK (length(stripe_customer) BETWEEN 1 AND 255),
        customer_id TEXT NOT NULL REFERENCES customer(id),
        linked_by TEXT NOT NULL,
        linked_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX billing_customer_link_customer ON billing_customer_link(customer_id);

    CREATE TABLE billing_invoice (
        id TEXT PRIMARY KEY NOT NULL,
        stripe_customer TEXT,
        customer_email TEXT,
        status TEXT NOT NULL,
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        amount_due INTEGER NOT NULL,
        amount_paid INTEGER NOT NULL,
        amount_remaining INTEGER NOT NULL,
        attempt_count INTEGER NOT NULL CHECK (attempt_count >= 0),
        next_payment_attempt INTEGER,
        period_start INTEGER,
        period_end INTEGER,
        subscription TEXT,
        billing_reason TEXT,
        created INTEGER NOT NULL,
        event_created INTEGER NOT NULL,
        event_id TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX billing_invoice_customer ON billing_invoice(stripe_customer, created);
    CREATE INDEX billing_invoice_unpaid ON billing_invoice(created) WHERE status IN ('open', 'uncollectible') AND attempt_count > 0;

    CREATE TABLE billing_invoice_line (
        invoice_id TEXT NOT NULL REFERENCES billing_invoice(id) ON DELETE CASCADE,
        line_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        currency TEXT NOT NULL,
        amount INTEGER NOT NULL,
        description TEXT,
        proration INTEGER NOT NULL CHECK (proration IN (0, 1)),
        period_start INTEGER,
        period_end INTEGER,
        PRIMARY KEY (invoice_id, line_id)
    ) WITHOUT ROWID;

    CREATE TABLE billing_charge (
        id TEXT PRIMARY KEY NOT NULL,
        stripe_customer TEXT,
        invoice TEXT,
        status TEXT NOT NULL,
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        amount INTEGER NOT NULL,
        amount_refunded INTEGER NOT NULL,
        failure_code TEXT,
        failure_message TEXT,
        created INTEGER NOT NULL,
        event_created INTEGER NOT NULL,
        event_id TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX billing_charge_customer ON billing_charge(stripe_customer, created);
    CREATE INDEX billing_charge_failed ON billing_charge(created) WHERE status = 'failed';

    CREATE TABLE billing_dispute (
        id TEXT PRIMARY KEY NOT NULL,
        charge TEXT,
        stripe_customer TEXT,
        status TEXT NOT NULL,
        reason TEXT,
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        amount INTEGER NOT NULL,
        evidence_due_by INTEGER,
        created INTEGER NOT NULL,
        ticket INTEGER REFERENCES ticket(number),
        event_created INTEGER NOT NULL,
        event_id TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX billing_dispute_open ON billing_dispute(evidence_due_by) WHERE status IN ('needs_response', 'warning_needs_response');

    CREATE TABLE billing_subscription (
        id TEXT PRIMARY KEY NOT NULL,
        stripe_customer TEXT,
        status TEXT NOT NULL,
        currency TEXT,
        amount INTEGER,
        interval TEXT,
        plan TEXT,
        period_start INTEGER,
        period_end INTEGER,
        cancel_at_period_end INTEGER NOT NULL CHECK (cancel_at_period_end IN (0, 1)),
        event_created INTEGER NOT NULL,
        event_id TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX billing_subscription_customer ON billing_subscription(stripe_customer);

    CREATE TABLE billing_invoice_item (
        id TEXT PRIMARY KEY NOT NULL,
        stripe_customer TEXT,
        invoice TEXT,
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        amount INTEGER NOT NULL,
        description TEXT,
        proration INTEGER NOT NULL CHECK (proration IN (0, 1)),
        period_start INTEGER,
        period_end INTEGER,
        event_created INTEGER NOT NULL,
        event_id TEXT NOT NULL
    ) WITHOUT ROWID;
    """
}
