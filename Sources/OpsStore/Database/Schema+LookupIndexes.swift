extension Schema {
    /// Two lookups that read a whole table without an index:
    /// - `billing_dispute_waiting`: every Stripe event ingested for a linked customer asks for
    ///   that customer's disputes still waiting for a ticket (`openDisputeTickets`), so an
    ///   ingest of thousands of events a second scanned every dispute each time;
    /// - `oncall_page_alert`: the Alerts detail's "who was paged per level" reads one alert's
    ///   pages (`EscalationPage`), which scanned every page ever recorded.
    /// Both are partial, holding only the rows those queries can return.
    static let lookupIndexesSQL = """
    CREATE INDEX billing_dispute_waiting ON billing_dispute(stripe_customer, created, id)
        WHERE ticket IS NULL AND status IN ('needs_response', 'warning_needs_response');
    CREATE INDEX oncall_page_alert ON oncall_page(alert_id, level, at, id) WHERE alert_id IS NOT NULL;
    """
}
