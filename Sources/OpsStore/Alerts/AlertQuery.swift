import Foundation
package import GRDB
import OpsCore

/// A view of the alert queue: filters plus one sort. The default is what on-call opens:
/// active alerts, unacknowledged first, most severe, oldest.
public struct AlertQuery: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable, Codable {
        case queue, severity, state, age, service, summary, count, assignee, team, level
    }
    public enum Silenced: String, Sendable, Codable { case include, exclude, only }

    /// Empty = every state.
    public var states: Set<AlertState> = [.open, .acknowledged, .snoozed]
    public var severities: Set<AlertSeverity> = []
    public var team: String?
    /// Only alerts assigned to this login ("mine").
    public var assignee: String?
    /// Case-insensitive substring of summary, rule, service or labels.
    public var text: String = ""
    public var silenced: Silenced = .include
    /// Only these groups' alerts (group_key), e.g. an expanded group.
    public var groupKey: String?
    public var sort: Sort = .queue
    public var descending = false
    /// Include rows the source still has pending (not yet firing).
    public var includePending = false

    public init() {}

    public static let `default` = AlertQuery()

    public var isActiveOnly: Bool { states == [.open, .acknowledged, .snoozed] }

    func whereClause() -> (String, StatementArguments) {
        let plan = AlertQueryPlan(self)
        return (plan.whereSQL, plan.arguments)
    }

    static let severityRank = "(CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)"
    static let stateRank = "(CASE state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'snoozed' THEN 2 WHEN 'resolved' THEN 3 ELSE 4 END)"

    /// ORDER BY matching the indexes of migrations "2026-11-28-alert-queue" and
    /// "2026-11-29-alert-pane-indexes" for active views. Descending reverses every term, so
    /// one index serves both directions. State sorts in workflow order (open first).
    func orderClause() -> String {
        let dir = descending ? "DESC" : "ASC"
        let rank = Self.severityRank
        switch sort {
        case .queue:
            // With only open or only unacknowledged alerts in view the first term is
            // constant, and SQLite sorts unless it is left out.
            let active = AlertQueryPlan.activeStates
            let constant = !states.isEmpty && states.isSubset(of: active) && (states == [.open] || !states.contains(.open))
            return (constant ? "" : "(state <> 'open') \(dir), ") + "\(rank) \(dir), starts_at \(dir), id \(dir)"
        case .severity: return "\(rank) \(dir), starts_at \(dir), id \(dir)"
        case .state: return "\(Self.stateRank) \(dir), id \(dir)"
        // Age ascending = youngest first.
        case .age: return "starts_at \(descending ? "ASC" : "DESC"), id \(descending ? "ASC" : "DESC")"
        case .service: return "service \(dir), id \(dir)"
        case .summary: return "summary \(dir), id \(dir)"
        case .count: return "occurrences \(dir), id \(dir)"
        case .assignee: return "assignee \(dir), id \(dir)"
        case .team: return "team \(dir), id \(dir)"
        case .level: return "escalation_level \(dir), id \(dir)"
        }
    }
}

/// How one `AlertQuery` reads a million-row table fast: its WHERE written in the terms the
/// partial indexes' expressions and WHERE clauses match (so SQLite can use them), the
/// index to force where the planner, which has no statistics, picks a worse one, and the
/// index that counts the rows alone when there is one. Tests check the plans
/// (`AlertQueryPlanTests`); BENCHMARKS.md has the figures.
struct AlertQueryPlan {
    enum Kind { case active, history, other }

    var kind: Kind
    var whereSQL: String
    var arguments: StatementArguments
    /// Forced for the window query; nil leaves it to the planner (checked by tests).
    var windowIndex: String?
    /// Extra terms for counting from `countIndex`: with open and unacknowledged both in
    /// view, naming both values of the queue index's first expression lets a severity
    /// filter be a range of it (in the window query the same term made SQLite walk the
    /// queue index for every sort).
    var countTerms = ""
    /// An index that counts the matching rows without reading the table; nil when a count
    /// reads table rows (text search, a group, history views): the pane caps those.
    var countIndex: String?

    static let activeStates: Set<AlertState> = [.open, .acknowledged, .snoozed]
    static let historyStates: Set<AlertState> = [.resolved, .closed]
    static let activeTerms = "state NOT IN ('resolved', 'closed') AND status <> 'pending'"
    /// The partial index (on the active queue) that is each sort's order.
    static let sortIndexes: [AlertQuery.Sort: String] = [
        .queue: "alert_queue", .severity: "alert_active_severity", .state: "alert_active_state", .age: "alert_active_starts",
        .service: "alert_active_service", .summary: "alert_active_summary", .count: "alert_active_count",
        .assignee: "alert_active_assignee", .team: "alert_active_team", .level: "alert_active_level",
    ]

    init(_ q: AlertQuery) {
        var clauses: [String] = []
        var args = StatementArguments()
        func list<T: RawRepresentable>(_ all: [T], _ chosen: Set<T>) -> String where T.RawValue == String {
            all.filter(chosen.contains).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        }
        let severityFilter = !q.severities.isEmpty && q.severities.count < AlertSeverity.allCases.count
        if !q.states.isEmpty, q.states.isSubset(of: Self.activeStates), !q.includePending {
            kind = .active
            // The partial indexes' WHERE verbatim, then the queue index's leading
            // expressions as equalities (an IN on the first lets the second be a range).
            clauses.append(Self.activeTerms)
            if q.states == [.open] {
                clauses.append("(state <> 'open') = 0")
            } else if !q.states.contains(.open) {
                clauses.append("(state <> 'open') = 1")
            }
            // `+state`: a plain `state = 'acknowledged'` is propagated into the term above
            // as a constant, which then no longer names the index's first expression.
            if q.states != Self.activeStates, q.states != [.open] {
                clauses.append("+state IN (\(list(AlertState.allCases, q.states)))")
            }
            if severityFilter {
                let ranks = AlertSeverity.allCases.filter(q.severities.contains).map { String($0.rank) }.joined(separator: ", ")
                clauses.append("\(AlertQuery.severityRank) IN (\(ranks))")
            }
        } else {
            if !q.states.isEmpty && q.states.count < AlertState.allCases.count {
                clauses.append("state IN (\(list(AlertState.allCases, q.states)))")
            }
            if !q.includePending { clauses.append("status <> 'pending'") }
            if !q.states.isEmpty, q.states.isSubset(of: Self.historyStates) {
                kind = .history
                clauses.append("state IN ('resolved', 'closed')")
            } else {
                kind = .other
            }
            if severityFilter { clauses.append("severity IN (\(list(AlertSeverity.allCases, q.severities)))") }
        }
        if let team = q.team { clauses.append("team = ?"); _ = args.append(contentsOf: [team]) }
        if let assignee = q.assignee { clauses.append("assignee = ?"); _ = args.append(contentsOf: [assignee]) }
        if let groupKey = q.groupKey { clauses.append("group_key = ?"); _ = args.append(contentsOf: [groupKey]) }
        switch q.silenced {
        case .include: break
        case .exclude: clauses.append("silence_id IS NULL")
        case .only: clauses.append("silence_id IS NOT NULL")
        }
        let needle = q.text.trimmingCharacters(in: .whitespaces)
        if !needle.isEmpty {
            let p = "%" + needle.lowercased().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            clauses.append("(lower(summary) LIKE ? ESCAPE '\\' OR lower(rule) LIKE ? ESCAPE '\\' OR lower(service) LIKE ? ESCAPE '\\' OR lower(labels) LIKE ? ESCAPE '\\')")
            _ = args.append(contentsOf: [p, p, p, p])
        }
        whereSQL = clauses.isEmpty ? "1" : clauses.joined(separator: " AND ")
        arguments = args

        // The few silenced alerts are found through their index; walking the history by
        // age for them read every resolved alert (2 s at 1M rows).
        if kind == .active {
            // The sort's own index, walked in order with the filters checked on the way;
            // the planner preferred a filter's index plus a sort of every match (15,000
            // criticals: 67 ms). Selective filters (a person, a team, silenced, a group, a
            // search) are left to the planner, which finds their few rows by index. The
            // queue index holds every filtered column, so it stays for those too.
            let selective = q.assignee != nil || q.team != nil || q.silenced == .only || q.groupKey != nil || !needle.isEmpty
            let queueWalk = q.sort == .queue && q.groupKey == nil && needle.isEmpty
            windowIndex = queueWalk || !selective ? Self.sortIndexes[q.sort] : nil
        } else {
            // The few silenced alerts are found through their index; walking the history
            // by age for them read every resolved alert (2 s at 1M rows).
            windowIndex = q.silenced == .only ? "alert_silence" : nil
        }
        if kind == .active, needle.isEmpty, q.groupKey == nil {
            countIndex = q.assignee != nil ? "alert_active_assignee" : q.team != nil ? "alert_active_team"
                : q.silenced == .only ? "alert_silence" : "alert_queue"
            if countIndex == "alert_queue", q.states.contains(.open), q.states != [.open] { countTerms = " AND (state <> 'open') IN (0, 1)" }
        } else {
            countIndex = nil
        }
    }

    var from: String { windowIndex.map { "alert INDEXED BY \($0)" } ?? "alert" }
}

/// A group of alerts sharing `group_key` (by default alertname + service).
public struct AlertGroup: Sendable, Equatable, Codable {
    public var key: String
    public var count: Int
    public var unacknowledged: Int
    public var worst: AlertSeverity
    public var oldest: Date
    /// The first alert's summary, as the group's title.
    public var summary: String
}

/// One history row.
public struct AlertEvent: Sendable, Equatable, Codable, StoredRecord {
    public var id: Int64
    public var alertID: Int64
    public var at: Date
    public var actor: String
    public var kind: String
    public var fromState: String?
    public var toState: String?
    public var note: String?
    public var detail: String?

    package init(row: Row) throws {
        id = row["id"]
        alertID = row["alert_id"]
        at = MetricTime.parse(row["at"]) ?? Date(timeIntervalSince1970: 0)
        actor = row["actor"]
        kind = row["kind"]
        fromState = row["from_state"]
        toState = row["to_state"]
        note = row["note"]
        detail = row["detail"]
    }
}

/// Everything the detail view shows.
public struct AlertDetail: Sendable, Equatable {
    public var alert: AlertRecord
    public var history: [AlertEvent]
    /// Earlier occurrences of the same fingerprint, newest first.
    public var previous: [AlertRecord]
    /// Same service or host within ±5 minutes of the start.
    public var related: [AlertRecord]
    public var silence: Silence?
    /// Who each escalation level paged, as recorded when it paged.
    public var pages: [EscalationPage] = []
}

/// Time to acknowledge and to resolve for one severity × team.
public struct AlertStatsRow: Sendable, Equatable, Codable {
    public var severity: String
    public var team: String
    public var alerts: Int
    public var acknowledged: Int
    public var resolved: Int
    public var ackMedian: TimeInterval?
    public var ackP90: TimeInterval?
    public var resolveMedian: TimeInterval?
    public var resolveP90: TimeInterval?
}
