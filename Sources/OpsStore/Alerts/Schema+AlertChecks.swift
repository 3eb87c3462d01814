internal import GRDB

extension Schema {
    /// The alert table's CHECK constraints on `severity`, `status` and `state`, rewritten
    /// from `IN` lists to chains of comparisons that allow exactly the same values.
    ///
    /// SQLite evaluates `x IN (a, b, c)` (three constants or more) through a temporary
    /// b-tree, built and freed for every row written: each alert insert opened three and
    /// each resolve two (`OpenEphemeral` in `EXPLAIN`). Same schema in Python's sqlite3
    /// (the same libsqlite3), medians of 9: insert 62 → 53 µs, resolve 39 → 30 µs
    /// (BENCHMARKS.md, "Alerts: webhook ingest", session 4).
    ///
    /// CHECK constraints do not touch the stored format, so this edits the table's
    /// definition in place by the procedure SQLite documents for changing them (ALTER TABLE,
    /// "Making Other Kinds Of Table Schema Changes": `writable_schema`, then a new
    /// `schema_version`), inside the migration's transaction, instead of copying every row
    /// into a new table and rebuilding its 25 indexes (a million-alert store is 1 GB). The
    /// new constraints allow the same values as the old, so every stored row satisfies
    /// them. The old definition must read exactly as the earlier migrations wrote it;
    /// anything else stops the migration with nothing changed.
    static let alertCheckRewrites: [(old: String, new: String)] = [
        ("CHECK (severity IN ('critical', 'warning', 'info'))",
         "CHECK (severity = 'critical' OR severity = 'warning' OR severity = 'info')"),
        ("CHECK (status IN ('pending', 'firing', 'resolved'))",
         "CHECK (status = 'pending' OR status = 'firing' OR status = 'resolved')"),
        ("CHECK (state IN ('open', 'acknowledged', 'snoozed', 'resolved', 'closed'))",
         "CHECK (state = 'open' OR state = 'acknowledged' OR state = 'snoozed' OR state = 'resolved' OR state = 'closed')"),
    ]

    /// What pins this migration, which is code: every rewrite it applies, one `old -> new`
    /// line each. The procedure itself is checked by `AlertChecksMigrationTests`.
    static var alertChecksPin: String {
        alertCheckRewrites.map { "\($0.old) -> \($0.new)" }.joined(separator: "\n")
    }

    struct UnexpectedSchema: Error, CustomStringConvertible {
        var description: String
    }

    static func rewriteAlertChecks(_ db: Database) throws {
        guard let old = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'alert'") else {
            throw UnexpectedSchema(description: "the store has no alert table")
        }
        var new = old
        for rewrite in alertCheckRewrites {
            guard new.components(separatedBy: rewrite.old).count == 2 else {
                throw UnexpectedSchema(description: "the alert table's definition does not hold \(rewrite.old) exactly once")
            }
            new = new.replacingOccurrences(of: rewrite.old, with: rewrite.new)
        }
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        try db.execute(sql: "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'alert'", arguments: [new])
        try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
        try db.execute(sql: "PRAGMA writable_schema = OFF")
        db.clearSchemaCache()
        // The edit took: the definition SQLite now parses is the new one.
        guard try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'alert'") == new else {
            throw UnexpectedSchema(description: "the alert table's definition could not be updated")
        }
    }
}
