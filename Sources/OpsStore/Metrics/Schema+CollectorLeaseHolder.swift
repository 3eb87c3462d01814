extension Schema {
    /// The lease records who the collector runs as and the holder's own ttl. Expiry is
    /// judged by the holder's ttl, so a newcomer with a short heartbeat cannot declare a
    /// live holder dead. Rows from before keep the default heartbeat's ttl (10 s).
    static let collectorLeaseHolderSQL = """
    ALTER TABLE collector_lease ADD COLUMN holder_login TEXT;
    ALTER TABLE collector_lease ADD COLUMN ttl_seconds REAL NOT NULL DEFAULT 10 CHECK (ttl_seconds > 0);
    """
}
