import Foundation
internal import GRDB
import OpsCore

/// Open alerts assigned to a person move with them when they are deactivated.
public struct AlertOpenWork: OpenWorkProvider {
    public init() {}
    public var kind: String { "alerts" }
    /// Whoever holds an alert must be able to acknowledge it and to resolve it.
    public var requiredPermissions: Set<Permission> { [.alertsAck, .alertsManage] }
    public func openWork(assignedTo login: String, in transaction: StoreTransaction) throws -> [OpenWorkItem] {
        let db = transaction.db
        return try Row.fetchAll(db, sql: "SELECT id, summary FROM alert WHERE assignee = ? AND state NOT IN ('resolved', 'closed') ORDER BY id",
                         arguments: [login]).map { OpenWorkItem(kind: "alert", id: String($0["id"] as Int64), title: $0["summary"]) }
    }
    public func reassign(_ change: WorkReassignment, in transaction: StoreTransaction) throws -> Int {
        let db = transaction.db
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM alert WHERE assignee = ? AND state NOT IN ('resolved', 'closed') ORDER BY id",
                                     arguments: [change.from])
        let at = Timestamp.format(change.at)
        for id in ids {
            try db.execute(sql: "UPDATE alert SET assignee = ?, version = version + 1, updated_at = ? WHERE id = ?", arguments: [change.to, at, id])
            try AlertSignals.event(id, kind: AlertAction.assign.rawValue, actor: change.actor, from: nil, to: nil,
                                   note: "'\(change.from)' was deactivated: \(change.reason)",
                                   detail: ["assignee": .string(change.to), "previous": .string(change.from), "deactivation": .bool(true)],
                                   at: change.at, db: db)
        }
        return ids.count
    }
}
