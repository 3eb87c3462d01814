import Foundation
internal import GRDB
import OpsCore

/// Handoff reports at each shift change (driven from the collector tick, like the ticket
/// SLA sweep) and the load report (pages per person, and at night).
extension AppDatabase {
    /// Writes a report for every shift change since the last sweep (at most a day back),
    /// mails it to the incoming person through the outbox and keeps it. Returns how many.
    @discardableResult
    public func sweepOnCallHandoffs(at now: Date) throws(OpsError) -> Int {
        try write { db in
            var made = 0
            for row in try Row.fetchAll(db, sql: "SELECT name, handoff_checked_at FROM oncall_schedule ORDER BY name") {
                let name: String = row["name"]
                let checked = (row["handoff_checked_at"] as String?).flatMap(Timestamp.parse) ?? now
                let from = max(checked, now.addingTimeInterval(-86_400))
                try db.execute(sql: "UPDATE oncall_schedule SET handoff_checked_at = ? WHERE name = ?", arguments: [Timestamp.format(now), name])
                guard from < now else { continue }
                let resolver = try OnCallStore.resolver(name, from: from.addingTimeInterval(-8 * 86_400), to: now.addingTimeInterval(8 * 86_400), db: db)
                let shifts = resolver.shifts(from: from.addingTimeInterval(-8 * 86_400), to: now.addingTimeInterval(8 * 86_400))
                for (outgoing, incoming) in zip(shifts, shifts.dropFirst())
                where incoming.start > from && incoming.start <= now && outgoing.login != incoming.login {
                    made += try handoff(outgoing, incoming, team: resolver.schedule.team, now: now, db: db)
                }
            }
            return made
        }
    }

    private func handoff(_ outgoing: OnCallShift, _ incoming: OnCallShift, team: String, now: Date, db: Database) throws -> Int {
        let body = try Self.handoffBody(outgoing, incoming, team: team, db: db)
        try db.execute(sql: """
            INSERT OR IGNORE INTO oncall_handoff (schedule, outgoing, incoming, shift_start, handoff_at, body, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [outgoing.schedule, outgoing.login, incoming.login, Timestamp.format(outgoing.start),
                             Timestamp.format(incoming.start), body, Timestamp.format(now)])
        guard db.changesCount > 0 else { return 0 }
        let id = db.lastInsertedRowID
        if let login = incoming.login, let account = try StaffQueries.find(login: login, db: db), account.isActive,
           let email = account.email, !email.isEmpty {
            try OutboxStore.enqueue(kind: "oncall-handoff", to: email,
                                    subject: "[HANDOFF] \(outgoing.schedule): you are on call from \(Timestamp.format(incoming.start))",
                                    body: body, at: now, db: db)
        }
        try AuditChain.append(AuditChain.Record(action: "oncall.handoff", target: "handoff:\(id)",
                                                after: ["schedule": .string(outgoing.schedule), "outgoing": .optional(outgoing.login),
                                                        "incoming": .optional(incoming.login), "at": .string(Timestamp.format(incoming.start))]),
                              actor: Self.alertActor, impersonator: nil, at: now, db: db)
        return 1
    }

    /// The report: alerts of the team fired, acknowledged and still open during the shift,
    /// and silences that expire during the next one.
    static func handoffBody(_ outgoing: OnCallShift, _ incoming: OnCallShift, team: String, db: Database) throws -> String {
        let s = Timestamp.format(outgoing.start), e = Timestamp.format(incoming.start)
        func alerts(_ sql: String, _ args: StatementArguments) throws -> [String] {
            try Row.fetchAll(db, sql: sql, arguments: args).map { row in
                "  - alert \(row["id"] as Int64) [\(row["severity"] as String)] \(AlertNotifier.oneLine(row["summary"] as String)) (\(row["state"] as String))"
            }
        }
        let base = "SELECT id, severity, summary, state FROM alert WHERE team = ?"
        let fired = try alerts(base + " AND starts_at >= ? AND starts_at < ? ORDER BY id LIMIT 50", [team, s, e])
        let acked = try alerts(base + " AND acked_at >= ? AND acked_at < ? ORDER BY id LIMIT 50", [team, s, e])
        let open = try alerts(base + " AND state IN ('open','acknowledged','snoozed') AND status <> 'resolved' ORDER BY id LIMIT 50", [team])
        let silences = try Row.fetchAll(db, sql: "SELECT id, comment, ends_at FROM silence WHERE applied < 2 AND ends_at >= ? AND ends_at < ? ORDER BY ends_at LIMIT 50",
                                        arguments: [e, Timestamp.format(incoming.end)]).map { row in
            "  - silence \(row["id"] as Int64) ends \(row["ends_at"] as String): \(AlertNotifier.oneLine(row["comment"] as String))"
        }
        func section(_ title: String, _ lines: [String]) -> [String] { ["\(title): \(lines.count)\(lines.count == 50 ? "+" : "")"] + lines }
        var lines = ["Handoff for schedule \(outgoing.schedule) (team \(team))",
                     "Outgoing: \(outgoing.login ?? "nobody") from \(s) to \(e)",
                     "Incoming: \(incoming.login ?? "nobody") until \(Timestamp.format(incoming.end))", ""]
        lines += section("Alerts fired during the shift", fired)
        lines += section("Alerts acknowledged during the shift", acked)
        lines += section("Alerts still open", open)
        lines += section("Silences expiring during the next shift", silences)
        lines += ["", "Who is on call: pmops oncall now --team \(team)", "", "— PenguinOps"]
        return lines.joined(separator: "\n")
    }

    /// Stored handoff reports, newest first.
    public func onCallHandoffs(schedule: String? = nil, limit: Int = 20, as context: ActorContext) throws(OpsError) -> [HandoffReport] {
        try read { db in
            try AccessPolicy.require(OnCallPolicy.readPermission, actor: try resolveActor(context, db: db))
            var sql = "SELECT * FROM oncall_handoff"
            var args: [any DatabaseValueConvertible] = []
            if let schedule { sql += " WHERE schedule = ?"; args.append(schedule) }
            args.append(limit)
            return try Row.fetchAll(db, sql: sql + " ORDER BY handoff_at DESC, id DESC LIMIT ?", arguments: StatementArguments(args)).map(Self.handoffReport)
        }
    }

    public func onCallHandoff(id: Int64, as context: ActorContext) throws(OpsError) -> HandoffReport {
        try read { db in
            try AccessPolicy.require(OnCallPolicy.readPermission, actor: try resolveActor(context, db: db))
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM oncall_handoff WHERE id = ?", arguments: [id]) else {
                throw OpsError.notFound("No handoff report \(id); see pmops oncall handoff.")
            }
            return Self.handoffReport(row)
        }
    }

    /// The report written when the shift holding `instant` ended: the one whose outgoing
    /// shift started at or before it and handed off after it; else (the stretch was
    /// several shifts of one person) the first handoff of `login` after it and no later
    /// than `stretchEnd`. Nil when there is none (not ended yet, or no sweep ran then).
    public func onCallHandoff(schedule: String, at instant: Date, login: String?, stretchEnd: Date,
                              as context: ActorContext) throws(OpsError) -> HandoffReport? {
        try read { db in
            try AccessPolicy.require(OnCallPolicy.readPermission, actor: try resolveActor(context, db: db))
            let t = Timestamp.format(instant)
            return try Row.fetchOne(db, sql: """
                SELECT * FROM oncall_handoff WHERE schedule = ? AND handoff_at > ?
                AND (shift_start <= ? OR (handoff_at <= ? AND outgoing IS ?)) ORDER BY handoff_at LIMIT 1
                """, arguments: [schedule, t, t, Timestamp.format(stretchEnd), login]).map(Self.handoffReport)
        }
    }

    static func handoffReport(_ row: Row) -> HandoffReport {
        HandoffReport(id: row["id"], schedule: row["schedule"], outgoing: row["outgoing"], incoming: row["incoming"],
                      shiftStart: Timestamp.parse(row["shift_start"] as String) ?? .distantPast,
                      handoffAt: Timestamp.parse(row["handoff_at"] as String) ?? .distantPast, body: row["body"])
    }

    /// Pages per person since `since`, and how many at night, most paged first.
    public func onCallLoad(since: Date, as context: ActorContext) throws(OpsError) -> [OnCallLoad] {
        try read { db in
            try AccessPolicy.require(OnCallPolicy.readPermission, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: """
                SELECT login, count(*) AS pages, sum(night) AS night FROM oncall_page WHERE at >= ?
                GROUP BY login ORDER BY pages DESC, login
                """, arguments: [Timestamp.format(since)]).map { OnCallLoad(login: $0["login"], pages: $0["pages"], night: $0["night"]) }
        }
    }
}
