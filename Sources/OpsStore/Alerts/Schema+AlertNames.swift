internal import GRDB

/// Rule alerts carry `alertname` (migration "2026-12-07-alert-names"). Frozen once shipped.
///
/// Silences and routes match labels, and the silence form offers `alertname="RULE"` as
/// Prometheus users expect; rows written before rule alerts carried the label get it from
/// their `rule` column, so a silence made today mutes yesterday's alert too. Keys are
/// rewritten in sorted order, as `JSONValue.canonical` writes them. Fingerprints are not
/// touched: they hash the rule name already, and `alertname` only repeats it.
extension Schema {
    static let alertNamesSQL = """
    UPDATE alert SET labels = (
        SELECT json_group_object(key, value) FROM (
            SELECT key, value FROM json_each(json_set(alert.labels, '$.alertname', alert.rule)) ORDER BY key
        )
    )
    WHERE source = 'rules' AND json_valid(labels) AND json_type(labels, '$.alertname') IS NULL;
    """
}
