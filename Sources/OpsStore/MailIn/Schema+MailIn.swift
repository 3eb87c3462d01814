extension Schema {
    /// Mail threading and the mail-in gateway. Outgoing mail keeps the `Message-ID` it was
    /// given when it was queued (the ticket entry records the same one), and the ids it
    /// answers, so a customer's reply finds its ticket by `In-Reply-To`. Mail that cannot be
    /// placed is quarantined: the row keeps the raw bytes (none past the 10 MB cap, whose
    /// file stays in the Maildir's cur/) and the reason, so nothing is lost.
    static let mailInSQL = """
    ALTER TABLE outbox ADD COLUMN message_id TEXT;
    ALTER TABLE outbox ADD COLUMN in_reply_to TEXT;
    ALTER TABLE outbox ADD COLUMN references_ids TEXT;

    CREATE TABLE mail_quarantine (
        id INTEGER PRIMARY KEY,
        received_at TEXT NOT NULL,
        mailbox TEXT NOT NULL,
        file TEXT NOT NULL,
        message_id TEXT NOT NULL,
        sender TEXT,
        subject TEXT,
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        size INTEGER NOT NULL CHECK (size >= 0),
        raw BLOB
    );
    CREATE UNIQUE INDEX mail_quarantine_message ON mail_quarantine(message_id);
    """
}
