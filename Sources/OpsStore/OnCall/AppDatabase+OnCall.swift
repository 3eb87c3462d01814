import Foundation
internal import GRDB
import OpsCore

/// On-call schedules: load and check a schedule file, list them, who is on call now, the
/// final schedule over a range. Reads need alerts.read; loading needs rules.manage.
extension AppDatabase {
    /// How far ahead a loaded schedule is searched for gaps.
    public static let gapHorizon: TimeInterval = 14 * 86_400

    /// Syntax errors are thrown; account problems and gaps are returned.
    public func checkOnCallSchedules(_ text: String, file: String) throws(OpsError) -> ScheduleCheck {
        let schedules = try OnCallSchedule.parse(text, file: file)
        let now = clock.now()
        return try read { db in
            let problems = try OnCallStore.problems(schedules, file: file, db: db)
            return ScheduleCheck(schedules: schedules, problems: problems, gaps: try Self.gaps(schedules, at: now))
        }
    }

    static func gaps(_ schedules: [OnCallSchedule], at now: Date) throws -> [OnCallShift] {
        try schedules.flatMap { try OnCallResolver($0).gaps(from: now, to: now.addingTimeInterval(gapHorizon)) }
    }

    /// Loads (adds or replaces) the schedules of a file. Every participant must be an
    /// active account that may take pages; gaps are allowed and returned. Needs
    /// rules.manage. One transaction, one audit row per schedule.
    @discardableResult
    public func loadOnCallSchedules(_ text: String, file: String, as context: ActorContext) throws(OpsError) -> ScheduleCheck {
        let schedules = try OnCallSchedule.parse(text, file: file)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(OnCallPolicy.loadPermission, actor: actor)
            let problems = try OnCallStore.problems(schedules, file: file, db: db)
            if !problems.isEmpty { throw OpsError.invalidFields(problems) }
            let now = clock.now()
            for schedule in schedules {
                let before = try String.fetchOne(db, sql: "SELECT text FROM oncall_schedule WHERE name = ?", arguments: [schedule.name])
                try db.execute(sql: """
                    INSERT INTO oncall_schedule (name, team, time_zone, text, loaded_by, loaded_at, handoff_checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET team = excluded.team, time_zone = excluded.time_zone, text = excluded.text,
                        loaded_by = excluded.loaded_by, loaded_at = excluded.loaded_at
                    """, arguments: [schedule.name, schedule.team, schedule.timeZone, schedule.text, actor.login, Timestamp.format(now), Timestamp.format(now)])
                try audit(AuditChain.Record(action: "oncall.schedule.load", target: "schedule:\(schedule.name)",
                                            before: before.map(JSONValue.string), after: .string(schedule.text)), context, db: db)
            }
            return ScheduleCheck(schedules: schedules, problems: [], gaps: try Self.gaps(schedules, at: now))
        }
    }

    /// Every schedule, by name; `team` narrows.
    public func onCallSchedules(team: String? = nil, as context: ActorContext) throws(OpsError) -> [StoredSchedule] {
        try read { db in
            try AccessPolicy.require(OnCallPolicy.readPermission, actor: try resolveActor(context, db: db))
            return try OnCallStore.schedules(db: db).values.filter { team == nil || $0.schedule.team == team?.lowercased() }
                .sorted { $0.schedule.name < $1.schedule.name }
        }
    }

    public func onCallSchedule(_ name: String, as context: ActorContext) throws(OpsError) -> StoredSchedule {
        try read { db in
            try AccessPolicy.require(OnCallPolicy.readPermission, actor: try resolveActor(context, db: db))
            return try OnCallStore.schedule(name, db: db)
        }
    }

    /// Who is on call now for every schedule (of `team`), with when it changes.
    public func onCallNow(team: String? = nil, at date: Date? = nil, as context: ActorContext) throws(OpsError) -> [OnCallNow] {
        let now = date ?? clock.now()
        return try read { db in
            try AccessPolicy.require(OnCallPolicy.readPermission, actor: try resolveActor(context, db: db))
            let all = try OnCallStore.schedules(db: db).values.filter { team == nil || $0.schedule.team == team?.lowercased() }
            if let team, all.isEmpty { throw OpsError.notFound("Team \(Printable.excerpt(team)) has no on-call schedule.") }
            return try all.sorted { $0.schedule.name < $1.schedule.name }.map { stored in
                try Self.now(stored.schedule, at: now, db: db)
            }
        }
    }

    static func now(_ schedule: OnCallSchedule, at now: Date, db: Database) throws -> OnCallNow {
        let horizon = now.addingTimeInterval(400 * 86_400)
        let resolver = try OnCallResolver(schedule, overrides: try OnCallStore.overrides(schedule: schedule.name, from: now, to: horizon, db: db).map(\.override))
        let answer = resolver.onCall(at: now)
        var result = OnCallNow(schedule: schedule.name, team: schedule.team, timeZone: schedule.timeZone, login: answer?.login,
                               layer: answer?.layer, covering: answer?.covering)
        // Look a little ahead first: the usual answer is within a week.
        for days in [8.0, 400.0] {
            let shifts = resolver.shifts(from: now, to: now.addingTimeInterval(days * 86_400))
            if shifts.count > 1 {
                result.until = shifts[0].end
                result.next = shifts.dropFirst().first { $0.login != nil }?.login
                break
            }
        }
        return result
    }

    /// The final schedule of one schedule over a range (gaps included). At most 400 days.
    public func onCallShifts(schedule name: String, from: Date, to: Date, as context: ActorContext) throws(OpsError) -> [OnCallShift] {
        guard to > from, to.timeIntervalSince(from) <= 400 * 86_400 else {
            throw .invalid(field: "range", message: "the range must end after it starts and span at most 400 days.")
        }
        return try read { db in
            try AccessPolicy.require(OnCallPolicy.readPermission, actor: try resolveActor(context, db: db))
            return try OnCallStore.resolver(name, from: from, to: to, db: db).shifts(from: from, to: to)
        }
    }

    /// The login's shifts from now on in every schedule (the next 90 days), for the
    /// deactivation dialog and `users deactivate`: someone must take them over.
    public func futureShifts(of login: String) throws(OpsError) -> [FutureShift] {
        let now = clock.now()
        return try read { db in try Self.futureShifts(of: login, at: now, db: db) }
    }

    static func futureShifts(of login: String, at now: Date, db: Database) throws -> [FutureShift] {
        let end = now.addingTimeInterval(90 * 86_400)
        var out: [FutureShift] = []
        for stored in try OnCallStore.schedules(db: db).values.sorted(by: { $0.schedule.name < $1.schedule.name })
        where stored.schedule.participants.contains(login) {
            let resolver = try OnCallResolver(stored.schedule, overrides: try OnCallStore.overrides(schedule: stored.schedule.name, from: now, to: end, db: db).map(\.override))
            out += resolver.shifts(from: now, to: end).filter { $0.login == login }.map { FutureShift(schedule: $0.schedule, start: $0.start, end: $0.end) }
        }
        return out
    }
}
