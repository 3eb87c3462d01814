import Foundation
internal import GRDB
import OpsCore

/// One person an escalation level paged for an alert: who the paging code resolved (from
/// the level's schedule at that moment, or a fixed login), recorded in `oncall_page` in the
/// same transaction as the page itself.
public struct EscalationPage: Sendable, Equatable, Codable {
    public var level: Int
    public var login: String
    /// The schedule that put them on the page; nil for a login the level names.
    public var schedule: String?
    public var at: Date
    /// Paged between 22:00 and 07:00 local.
    public var night: Bool
    /// Who that schedule has on call now (nil: nobody, or not paged through a schedule).
    public var onCallNow: String?
}

extension OnCallStore {
    /// The pages of one alert, by level then time, with who each schedule has on call now.
    static func pages(alertID: Int64, now: Date, db: Database) throws -> [EscalationPage] {
        let rows = try Row.fetchAll(db, sql: "SELECT level, login, schedule, at, night FROM oncall_page WHERE alert_id = ? ORDER BY level, at, id LIMIT 100",
                                    arguments: [alertID])
        var current: [String: String?] = [:]
        return try rows.map { row in
            let schedule: String? = row["schedule"]
            var onCallNow: String?
            if let schedule {
                if current[schedule] == nil { current[schedule] = try onCall(schedule: schedule, at: now, db: db).login }
                onCallNow = current[schedule] ?? nil
            }
            return EscalationPage(level: row["level"], login: row["login"], schedule: schedule,
                             at: Timestamp.parse(row["at"] as String) ?? .distantPast, night: (row["night"] as Int) == 1, onCallNow: onCallNow)
        }
    }
}
