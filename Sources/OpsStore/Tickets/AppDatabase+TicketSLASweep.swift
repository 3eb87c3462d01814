import Foundation
internal import GRDB
import OpsCore

/// What one SLA sweep did.
public struct TicketSLASweepReport: Sendable, Equatable, Codable {
    /// Tickets whose check time had come.
    public var examined = 0
    public var reminded = 0
    public var breached = 0
    public var resolved = 0
    /// True when `limit` tickets were due: the next tick goes on.
    public var more = false

    public init() {}

    public var changed: Bool { reminded + breached + resolved > 0 }
}

/// The collector's SLA sweep: every tick it reads the tickets whose `sla_check_at` has come
/// (a range of the `ticket_sla_check` index, never a scan), and for each carries out
/// `SLASweep.plan` in the same transaction: reminders to the assignee through the outbox,
/// breach alerts through `AlertSignals` (routing, paging and escalation like every alert),
/// and their resolution, each with its timeline entry and audit row.
extension AppDatabase {
    /// The rule name, `alertname` label and source of breach alerts.
    public static let ticketSLARule = "TicketSLABreach"
    public static let ticketSLASource = "tickets"

    /// The breach alert of one clock of one ticket: stable, so one breach is one alert and
    /// a repeat after it resolved is a new occurrence of the same alert.
    public static func ticketSLAFingerprint(_ number: TicketNumber, _ kind: SLAKind) -> String {
        "ticket-sla:\(number):\(kind.rawValue)"
    }

    @discardableResult
    public func sweepTicketSLA(at now: Date, limit: Int = 500) throws(OpsError) -> TicketSLASweepReport {
        let stamp = Timestamp.format(now)
        // A read first: an idle tick never takes the write lock.
        let anyDue = try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT 1 FROM ticket INDEXED BY ticket_sla_check WHERE sla_check_at IS NOT NULL AND sla_check_at <= ? LIMIT 1
                """, arguments: [stamp]) == true
        }
        guard anyDue else { return TicketSLASweepReport() }
        return try write { db in
            var report = TicketSLASweepReport()
            let numbers = try Int.fetchAll(db, sql: """
                SELECT number FROM ticket INDEXED BY ticket_sla_check WHERE sla_check_at IS NOT NULL AND sla_check_at <= ?
                ORDER BY sla_check_at LIMIT ?
                """, arguments: [stamp, max(1, limit)])
            report.more = numbers.count >= max(1, limit)
            let policy = try SettingsStore.slaPolicy(db: db)
            var env: AlertSignals.Environment?
            for number in numbers.map(TicketNumber.init(rawValue:)) {
                report.examined += 1
                let ticket = try Self.requireTicket(number, db: db)
                let status = try Self.slaHistory(ticket, db: db).status(policy: policy, now: now)
                let plan = SLASweep.plan(status: status, marks: try Self.slaMarks(number, db: db), now: now,
                                         waiting: ticket.status.pausesResolution)
                for action in plan.actions {
                    switch action {
                    case let .remind(kind, due):
                        try remindSLA(ticket, kind, due: due, now: now, db: db)
                        report.reminded += 1
                    case let .breach(kind, due):
                        if env == nil { env = try AlertSignals.Environment.load(db: db, actor: Self.alertActor, at: now) }
                        try signalSLA(ticket, kind, due: due, firing: true, now: now, env: &env, db: db)
                        report.breached += 1
                    case let .resolve(kind, due):
                        if env == nil { env = try AlertSignals.Environment.load(db: db, actor: Self.alertActor, at: now) }
                        try signalSLA(ticket, kind, due: due, firing: false, now: now, env: &env, db: db)
                        report.resolved += 1
                    }
                }
                try db.execute(sql: "UPDATE ticket SET sla_check_at = ? WHERE number = ?",
                               arguments: [plan.nextCheck.map(Timestamp.format), number.rawValue])
            }
            return report
        }
    }

    // MARK: - Inside the sweep's transaction

    static func slaMarks(_ number: TicketNumber, db: Database) throws -> [SLASweep.Mark] {
        try Row.fetchAll(db, sql: "SELECT kind, due_at, reminded_at, breached_at, resolved_at FROM ticket_sla_mark WHERE ticket = ?",
                         arguments: [number.rawValue]).compactMap { row in
            guard let kind = SLAKind(rawValue: row["kind"] as String), let due = Timestamp.parse(row["due_at"] as String) else { return nil }
            return SLASweep.Mark(kind: kind, due: due, reminded: (row["reminded_at"] as String?) != nil,
                                 breached: (row["breached_at"] as String?) != nil, resolved: (row["resolved_at"] as String?) != nil)
        }
    }

    /// One mail to the assignee (none when unassigned or without an address; the mark is
    /// kept either way, so the reminder is never tried twice).
    private func remindSLA(_ ticket: Ticket, _ kind: SLAKind, due: Date, now: Date, db: Database) throws {
        let account = try ticket.assignee.flatMap { login in try StaffQueries.find(login: login, db: db) }
        let email = account.flatMap { $0.isActive ? $0.email : nil }
        if let email {
            let minutes = max(0, Int(due.timeIntervalSince(now) / 60))
            try OutboxStore.enqueue(kind: "ticket-sla", to: email,
                                    subject: "\(ticket.number.subjectTag) \(kind.title) due in \(minutes) min (\(ticket.priority))",
                                    body: """
                                    \(ticket.number) (\(ticket.customerID), \(ticket.priority) \(ticket.category.title)) is due for its \(kind.title) at \(Timestamp.format(due)).

                                    \(Printable.excerpt(ticket.title))

                                    Run `pmops tickets show \(ticket.number)`.
                                    """, at: now, db: db)
        }
        try db.execute(sql: """
            INSERT INTO ticket_sla_mark (ticket, kind, due_at, reminded_at, reminded_to) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (ticket, kind, due_at) DO UPDATE SET reminded_at = excluded.reminded_at, reminded_to = excluded.reminded_to
            """, arguments: [ticket.number.rawValue, kind.rawValue, Timestamp.format(due), Timestamp.format(now), email == nil ? nil : account?.login])
        let text = email == nil ? "\(kind.title) due at \(Timestamp.format(due)); no assignee to remind"
            : "\(kind.title) due at \(Timestamp.format(due)); reminded \(account?.login ?? "")"
        try slaEntry(ticket.number, action: "ticket.sla.remind", text: text, kind: kind, due: due, now: now, db: db)
    }

    /// Raises or resolves the breach alert through the alert queue's one path.
    private func signalSLA(_ ticket: Ticket, _ kind: SLAKind, due: Date, firing: Bool, now: Date,
                           env: inout AlertSignals.Environment?, db: Database) throws {
        guard var environment = env else { return }
        let labels = [AlertSignal.nameLabel: Self.ticketSLARule, "ticket": ticket.number.description, "customer": ticket.customerID,
                      "priority": ticket.priority.description, "team": ticket.team, "category": ticket.category.rawValue,
                      "sla": kind.rawValue.replacingOccurrences(of: "-", with: "_")]
        let summary = "\(ticket.number) (\(ticket.customerID), \(ticket.priority)) breached its \(kind.title) SLA, due \(Timestamp.format(due))"
        let input = AlertSignals.Input(fingerprint: Self.ticketSLAFingerprint(ticket.number, kind), rule: Self.ticketSLARule,
                                       source: Self.ticketSLASource, labels: labels,
                                       annotations: ["due": Timestamp.format(due), "assignee": ticket.assignee ?? ""],
                                       severity: ticket.priority.rawValue <= 2 ? .warning : .info,
                                       status: firing ? .firing : .resolved, summary: summary, runbookURL: nil, value: nil,
                                       at: now, startsAt: due, team: ticket.team)
        _ = try AlertSignals.apply(input, env: &environment, db: db)
        env = environment
        let stamp = Timestamp.format(now)
        if firing {
            try db.execute(sql: """
                INSERT INTO ticket_sla_mark (ticket, kind, due_at, breached_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (ticket, kind, due_at) DO UPDATE SET breached_at = excluded.breached_at, resolved_at = NULL
                """, arguments: [ticket.number.rawValue, kind.rawValue, Timestamp.format(due), stamp])
        } else {
            try db.execute(sql: "UPDATE ticket_sla_mark SET resolved_at = ? WHERE ticket = ? AND kind = ? AND due_at = ?",
                           arguments: [stamp, ticket.number.rawValue, kind.rawValue, Timestamp.format(due)])
        }
        try slaEntry(ticket.number, action: firing ? "ticket.sla.breach" : "ticket.sla.clear",
                     text: firing ? "\(kind.title) SLA breached (due \(Timestamp.format(due)))" : "\(kind.title) SLA breach alert resolved",
                     kind: kind, due: due, now: now, db: db)
    }

    private func slaEntry(_ number: TicketNumber, action: String, text: String, kind: SLAKind, due: Date, now: Date, db: Database) throws {
        try Self.appendEntry(number, .sla, author: "system", body: text, at: now, db: db)
        try AuditChain.append(AuditChain.Record(action: action, target: number.description,
                                                after: .object(["sla": .string(kind.rawValue), "due": .string(Timestamp.format(due))])),
                              actor: Self.alertActor, impersonator: nil, at: now, db: db)
    }
}
