import Foundation
internal import GRDB
import OpsCore

/// An onboarding milestone and when it was reached (nil: not yet).
public struct MilestoneState: Sendable, Equatable, Codable {
    public var milestone: OnboardingMilestone
    public var doneAt: Date?
    public var recordedBy: String?
}

/// One line of a customer's success log.
public struct SuccessEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var customer: String
    public var kind: SuccessEntryKind
    public var body: String
    public var author: String
    public var at: Date
}

/// Success managers' writes: milestones, outreach and plan notes. Each is one transaction
/// with the permission check (customers.manage) and its audit row.
extension AppDatabase {
    /// The onboarding plan of a customer, every milestone in order with its date if reached.
    public func onboarding(customer id: String, as context: ActorContext) throws(OpsError) -> [MilestoneState] {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            _ = try Self.requireCustomer(id: id, db: db)
            return try Self.milestones(id, db: db)
        }
    }

    /// Marks a milestone reached at `at` (default now). Marking it again moves the date.
    @discardableResult
    public func completeMilestone(_ milestone: OnboardingMilestone, customer id: String, at: Date? = nil,
                                  as context: ActorContext) throws(OpsError) -> [MilestoneState] {
        let now = clock.now()
        let date = try SuccessValidation.doneDate(at ?? now, now: now)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.customersManage, actor: actor)
            _ = try Self.requireCustomer(id: id, db: db)
            let before = try Self.milestones(id, db: db).first { $0.milestone == milestone }?.doneAt
            try db.execute(sql: """
                INSERT INTO customer_milestone (customer_id, milestone, done_at, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (customer_id, milestone) DO UPDATE SET done_at = excluded.done_at, recorded_by = excluded.recorded_by,
                    recorded_at = excluded.recorded_at
                """, arguments: [id, milestone.rawValue, Timestamp.format(date), actor.login, Timestamp.format(now)])
            try audit(AuditChain.Record(action: "customer.milestone", target: "customer:\(id)",
                                        before: before.map { .object([milestone.rawValue: .string(Timestamp.format($0))]) },
                                        after: .object([milestone.rawValue: .string(Timestamp.format(date))])), context, db: db)
            return try Self.milestones(id, db: db)
        }
    }

    /// Logs outreach or a success plan note. Outreach counts as contact for the health score.
    @discardableResult
    public func addSuccessEntry(_ kind: SuccessEntryKind, customer id: String, note: String,
                                as context: ActorContext) throws(OpsError) -> SuccessEntry {
        guard kind == .outreach || kind == .plan else {
            throw .invalid(field: "kind", message: "only outreach and plan notes are written by people; risk entries come from the health sweep.")
        }
        let body = try SuccessValidation.note(note)
        let now = clock.now()
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.customersManage, actor: actor)
            _ = try Self.requireCustomer(id: id, db: db)
            try db.execute(sql: "INSERT INTO customer_success_entry (customer_id, kind, body, author, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, kind.rawValue, body, actor.login, Timestamp.format(now)])
            let entry = SuccessEntry(id: db.lastInsertedRowID, customer: id, kind: kind, body: body, author: actor.login, at: now)
            try audit(AuditChain.Record(action: "customer.\(kind.rawValue)", target: "customer:\(id)",
                                        after: .object(["entry": .int(entry.id), "characters": .int(Int64(body.count))])), context, db: db)
            return entry
        }
    }

    /// A customer's success log, newest first (at most `limit`).
    public func successEntries(customer id: String, kinds: Set<SuccessEntryKind> = Set(SuccessEntryKind.allCases), limit: Int = 50,
                               as context: ActorContext) throws(OpsError) -> [SuccessEntry] {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            _ = try Self.requireCustomer(id: id, db: db)
            return try Row.fetchAll(db, sql: "SELECT * FROM customer_success_entry WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                                    arguments: [id, max(1, min(limit, 10_000))]).compactMap { row -> SuccessEntry? in
                guard let kind = SuccessEntryKind(rawValue: row["kind"]), kinds.contains(kind) else { return nil }
                return SuccessEntry(id: row["id"], customer: id, kind: kind, body: row["body"], author: row["author"],
                                    at: Timestamp.parse(row["at"] as String) ?? .distantPast)
            }
        }
    }

    static func milestones(_ id: String, db: Database) throws -> [MilestoneState] {
        var done: [String: (String, String)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT milestone, done_at, recorded_by FROM customer_milestone WHERE customer_id = ?",
                                    arguments: [id]) {
            done[row[0] as String] = (row[1] as String, row[2] as String)
        }
        return OnboardingMilestone.allCases.map { m in
            MilestoneState(milestone: m, doneAt: done[m.rawValue].flatMap { Timestamp.parse($0.0) }, recordedBy: done[m.rawValue]?.1)
        }
    }
}
