import Foundation
internal import GRDB
import OpsCore

/// The store side of on-call: schedules and overrides read back into resolvers, the
/// account checks of a schedule file, and the page records of the load report.
enum OnCallStore {
    /// Every stored schedule, by name (a stored text that no longer parses is skipped:
    /// it parsed when it was loaded, and the parser only gets stricter with care).
    static func schedules(db: Database) throws -> [String: StoredSchedule] {
        var out: [String: StoredSchedule] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, text, loaded_by, loaded_at FROM oncall_schedule ORDER BY name") {
            let text: String = row["text"]
            guard let schedule = (try? OnCallSchedule.parse(text, file: "stored schedule"))?.first else { continue }
            out[schedule.name] = StoredSchedule(schedule: schedule, loadedBy: row["loaded_by"],
                                                loadedAt: Timestamp.parse(row["loaded_at"] as String) ?? .distantPast)
        }
        return out
    }

    static func schedule(_ name: String, db: Database) throws -> StoredSchedule {
        guard let row = try Row.fetchOne(db, sql: "SELECT text, loaded_by, loaded_at FROM oncall_schedule WHERE name = ?", arguments: [name]),
              let schedule = (try? OnCallSchedule.parse(row["text"] as String, file: "stored schedule"))?.first else {
            throw OpsError.notFound("No on-call schedule \(Printable.excerpt(name)); see pmops oncall schedule list.")
        }
        return StoredSchedule(schedule: schedule, loadedBy: row["loaded_by"], loadedAt: Timestamp.parse(row["loaded_at"] as String) ?? .distantPast)
    }

    /// Overrides of a schedule that overlap [from, to).
    static func overrides(schedule: String?, from: Date, to: Date, db: Database) throws -> [StoredOverride] {
        var sql = "SELECT * FROM oncall_override WHERE ends_at > ? AND starts_at < ?"
        var args: [any DatabaseValueConvertible] = [Timestamp.format(from), Timestamp.format(to)]
        if let schedule { sql += " AND schedule = ?"; args.append(schedule) }
        return try Row.fetchAll(db, sql: sql + " ORDER BY starts_at, id", arguments: StatementArguments(args)).map(override)
    }

    static func override(_ row: Row) -> StoredOverride {
        StoredOverride(override: OnCallOverride(id: row["id"], schedule: row["schedule"], covering: row["covering"], covered: row["covered"],
                                                start: Timestamp.parse(row["starts_at"] as String) ?? .distantPast,
                                                end: Timestamp.parse(row["ends_at"] as String) ?? .distantPast,
                                                createdBy: row["created_by"],
                                                createdAt: Timestamp.parse(row["created_at"] as String) ?? .distantPast),
                       flagged: (row["flagged"] as Int) == 1)
    }

    static func resolver(_ name: String, from: Date, to: Date, db: Database) throws -> OnCallResolver {
        let stored = try schedule(name, db: db)
        return try OnCallResolver(stored.schedule, overrides: try overrides(schedule: name, from: from, to: to, db: db).map(\.override))
    }

    /// Who a schedule pages at an instant (nil: nobody), and whether it is night there.
    static func onCall(schedule name: String, at date: Date, db: Database) throws -> (login: String?, night: Bool) {
        guard (try String.fetchOne(db, sql: "SELECT name FROM oncall_schedule WHERE name = ?", arguments: [name])) != nil else { return (nil, false) }
        let resolver = try resolver(name, from: date, to: date.addingTimeInterval(1), db: db)
        return (resolver.onCall(at: date)?.login, OnCallPolicy.isNight(date, zone: resolver.zone))
    }

    /// Logins a schedule file names that could not take a page: unknown, deactivated, or
    /// without the paging permission (alerts.ack), as "file:line" errors.
    static func problems(_ schedules: [OnCallSchedule], file: String, db: Database) throws -> [FieldError] {
        var errors: [FieldError] = []
        for schedule in schedules {
            for layer in schedule.layers {
                for login in Array(Set(layer.participants)).sorted() {
                    let field = "\(file):\(layer.line)"
                    guard let account = try StaffQueries.find(login: login, db: db) else {
                        errors.append(FieldError(field: field, message: "'\(login)' (schedule \(schedule.name) layer \(layer.name)) is not a staff account.")); continue
                    }
                    guard account.isActive else {
                        errors.append(FieldError(field: field, message: "'\(login)' (schedule \(schedule.name) layer \(layer.name)) is deactivated.")); continue
                    }
                    if !account.permissions.contains(OnCallPolicy.pagingPermission) {
                        errors.append(FieldError(field: field, message: "'\(login)' (schedule \(schedule.name) layer \(layer.name)) cannot take pages for team \(schedule.team) (lacks \(OnCallPolicy.pagingPermission.rawValue))."))
                    }
                }
            }
        }
        return errors
    }

    /// One row per person a page reached, for the load report.
    static func recordPages(_ logins: [(login: String, schedule: String?, night: Bool)], alertID: Int64?, team: String, level: Int,
                            at date: Date, db: Database) throws {
        for entry in logins {
            let night = entry.schedule == nil ? Self.utcNight(date) : entry.night
            try db.cachedExecute(sql: "INSERT INTO oncall_page (at, login, alert_id, team, level, schedule, night) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 arguments: [Timestamp.format(date), entry.login, alertID, team, level, entry.schedule, night ? 1 : 0])
        }
    }

    static func utcNight(_ date: Date) -> Bool {
        guard let utc = ZoneClock.shared("UTC") else { return false }
        return OnCallPolicy.isNight(date, zone: utc)
    }
}
