extension Schema {
    /// Links a page to the alert it is about, so delivery can be written into that alert's
    /// history. No foreign key: an alert row may be purged while its mail waits, and
    /// delivery then records nothing rather than failing. NULL for other mail (welcome
    /// messages) and for digests covering several alerts.
    static let outboxAlertSQL = """
    ALTER TABLE outbox ADD COLUMN alert_id INTEGER;
    """
}
