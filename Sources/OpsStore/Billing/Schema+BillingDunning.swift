internal import GRDB

extension Schema {
    /// Dunning reminders (issue 18): one row per invoice and failed attempt reminded, so a
    /// re-delivered event never mails twice; the dispute → ticket lookup behind the
    /// billing-dispute SLA (the evidence due date).
    static let billingDunningSQL = """
    CREATE TABLE billing_dunning_reminder (
        invoice_id TEXT NOT NULL,
        attempt_count INTEGER NOT NULL CHECK (attempt_count > 0),
        reminded_at TEXT NOT NULL,
        sent_to TEXT,
        PRIMARY KEY (invoice_id, attempt_count)
    ) WITHOUT ROWID;
    CREATE INDEX billing_dispute_ticket ON billing_dispute(ticket) WHERE ticket IS NOT NULL;
    """
}
