import Foundation
import GRDB
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
        var clauses: [String] = []
        var args = StatementArguments()
        if !states.isEmpty && states.count < AlertState.allCases.count {
            let list = AlertState.allCases.filter { states.contains($0) }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            clauses.append("state IN (\(list))")
        }
        if !includePending { clauses.append("status <> 'pending'") }
        if !severities.isEmpty && severities.count < AlertSeverity.allCases.count {
            clauses.append("severity IN (\(AlertSeverity.allCases.filter { severities.contains($0) }.map { "'\($0.rawValue)'" }.joined(separator: ", ")))")
        }
        if let team { clauses.append("team = ?"); _ = args.append(contentsOf: [team]) }
        if let assignee { clauses.append("assignee = ?"); _ = args.append(contentsOf: [assignee]) }
        if let groupKey { clauses.append("group_key = ?"); _ = args.append(contentsOf: [groupKey]) }
        switch silenced {
        case .include: break
        case .exclude: clauses.append("silence_id IS NULL")
        case .only: clauses.append("silence_id IS NOT NULL")
        }
        let needle = text.trimmingCharacters(in: .whitespaces)
        if !needle.isEmpty {
            let p = "%" + needle.lowercased().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            clauses.append("(lower(summary) LIKE ? ESCAPE '\\' OR lower(rule) LIKE ? ESCAPE '\\' OR lower(service) LIKE ? ESCAPE '\\' OR lower(labels) LIKE ? ESCAPE '\\')")
            _ = args.append(contentsOf: [p, p, p, p])
        }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), args)
    }

    /// ORDER BY matching the indexes of migration "2026-11-28-alert-queue" for active views.
    func orderClause() -> String {
        let dir = descending ? "DESC" : "ASC"
        let rank = "CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"
        switch sort {
        case .queue: return descending ? "(state <> 'open') DESC, \(rank) DESC, starts_at DESC, id DESC" : "(state <> 'open'), \(rank), starts_at, id"
        case .severity: return "\(rank) \(dir), starts_at, id"
        case .state: return "state \(dir), id"
        // Age ascending = youngest first.
        case .age: return "starts_at \(descending ? "ASC" : "DESC"), id \(descending ? "ASC" : "DESC")"
        case .service: return "service \(dir), id"
        case .summary: return "summary \(dir), id"
        case .count: return "occurrences \(dir), id"
        case .assignee: return "assignee \(dir), id"
        case .team: return "team \(dir), id"
        case .level: return "escalation_level \(dir), id"
        }
    }
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
public struct AlertEvent: Sendable, Equatable, Codable, FetchableRecord {
    public var id: Int64
    public var alertID: Int64
    public var at: Date
    public var actor: String
    public var kind: String
    public var fromState: String?
    public var toState: String?
    public var note: String?
    public var detail: String?

    public init(row: Row) throws {
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
