extension Schema {
    /// The Changes pane's filters over `change_event`, newest first: by kind (deploys,
    /// config applies, flag changes) and by status (the failed ones). Each answers a page
    /// and its count as one index range; service already has `change_event_service_at`
    /// and the unfiltered timeline `change_event_at`.
    static let changesPaneSQL = """
    CREATE INDEX change_event_kind_at ON change_event(kind, at);
    CREATE INDEX change_event_status_at ON change_event(status, at);
    """
}
