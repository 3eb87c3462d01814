internal import GRDB
import OpsCore

/// One screenful of the alert queue and how many rows the view holds.
public struct AlertPage: Sendable, Equatable {
    /// Matching rows, or `countLimit` when there are more than that (`exact` false).
    public var total: Int
    public var exact: Bool
    public var rows: [AlertRecord]
}

extension AppDatabase {
    /// Rows counted before a view says "10,000+": views that cannot be counted from an
    /// index alone (text search, a group, resolved and closed history) stop there.
    public static let alertCountLimit = 10_000

    /// Count and window in one snapshot. Views of the active queue are counted exactly
    /// from an index; the others up to `countLimit` rows (a caller asks for more as its
    /// cursor nears the end). See `AlertQueryPlan`.
    public func alertQueuePage(_ query: AlertQuery, offset: Int, limit: Int, countLimit: Int = AppDatabase.alertCountLimit,
                              as context: ActorContext) throws(OpsError) -> AlertPage {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            let plan = AlertQueryPlan(query)
            let (total, exact) = try Self.count(plan, limit: countLimit, db: db)
            let rows = try Self.alertWindow(query, offset: min(offset, max(total - 1, 0)), limit: limit, db: db)
            return AlertPage(total: total, exact: exact, rows: rows)
        }
    }

    /// Counts `plan`'s rows: exactly from its count index when it has one, otherwise up to
    /// `limit` (exact when fewer).
    static func count(_ plan: AlertQueryPlan, limit: Int, db: Database) throws -> (Int, Bool) {
        if let index = plan.countIndex {
            return (try Int.fetchOne(db, sql: "SELECT count(*) FROM alert INDEXED BY \(index) WHERE \(plan.whereSQL)\(plan.countTerms)", arguments: plan.arguments) ?? 0, true)
        }
        guard limit < Int.max else {
            return (try Int.fetchOne(db, sql: "SELECT count(*) FROM \(plan.from) WHERE \(plan.whereSQL)", arguments: plan.arguments) ?? 0, true)
        }
        var args = plan.arguments
        _ = args.append(contentsOf: [limit + 1])
        let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM \(plan.from) WHERE \(plan.whereSQL) LIMIT ?)", arguments: args) ?? 0
        return n > limit ? (limit, false) : (n, true)
    }
}
